/**
 * Restarts the engine on the crashed data in a process of its own, completes the waiting user
 * tasks, and prints what the database then holds, as JSON, for crash.test.ts to check.
 */
import { loadSettings } from '../../config/settings';
import { openDatabase } from '../../db';
import { startEngine } from '../../engine';

async function main(): Promise<void> {
  const settings = loadSettings(process.env, { engineGrpcPort: 0 });
  const db = await openDatabase({ databaseUrl: settings.databaseUrl, dataDir: settings.dataDir });
  const engine = await startEngine({ db, settings, grpc: false, log: () => undefined });
  const tasks = [...engine.engine.store.values('user-task')];
  for (const t of tasks) await engine.engine.completeUserTask(t.key, {});
  // engine_record follows the journal (engine/state/journal.ts): read it once it has caught up.
  await engine.engine.store.settle();
  const instances = await db('engine_record').where({ kind: 'process-instance' }).select('data');
  const completed = await db('engine_record')
    .where({ kind: 'element-instance' })
    .whereRaw(`data->>'elementId' in ('a','b') and data->>'state' = 'COMPLETED'`)
    .select('data');
  const result = {
    userTaskInstances: tasks.map((t) => t.processInstanceKey),
    instanceStates: Object.fromEntries(instances.map((r: { data: { key: string; state: string } }) => [r.data.key, r.data.state])),
    completedTaskElements: completed.map(
      (r: { data: { processInstanceKey: string; elementId: string } }) => `${r.data.processInstanceKey}:${r.data.elementId}`,
    ),
  };
  await engine.close();
  await db.destroy();
  console.log(`RESULT ${JSON.stringify(result)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

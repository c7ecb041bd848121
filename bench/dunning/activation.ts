/**
 * The dunning run's activity step on the embedded engine: `size` proposed accounts, each started
 * as a `dunning` instance by the run's own worker handler (claims, batches of DUNNING_BATCH_SIZE,
 * one transaction per batch), then, the next day, each running case told by message. Reported
 * beside the engine's own rate for one-service-task instances (created through the same gRPC
 * gateway, a worker completing each job) measured in the same run on the same database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadSettings } from '../../config/settings';
import type { Database } from '../../db';
import { createProposal } from '../../domain/dunning/proposal';
import { startEngine } from '../../engine';
import { chain, end, process as bpmn, serviceTask, start } from '../../test/bpmn';
import { zeebeClient, type ZeebeClient } from '../../test/sdk-client';
import type { AccountingDeps } from '../../workers/billing/context';
import { createDunningHandlers } from '../../workers/dunning/handlers';
import { seedOpenItems } from './proposal';
import type { DunningBenchPart, DunningBenchRow } from './part';

const IN_FLIGHT = 64;
const perSecond = (n: number, ms: number) => `${Math.round((n * 1000) / Math.max(ms, 1)).toLocaleString('en-US')}/s`;

async function oneTaskRate(zbc: ZeebeClient, total: number): Promise<number> {
  await zbc.deployResource({
    process: Buffer.from(bpmn('bench-one', [start('s'), serviceTask('t', 'bench-one'), end('e'), ...chain('s', 't', 'e')])),
    name: 'bench-one.bpmn',
  });
  let done = 0;
  let resolveAll!: () => void;
  const all = new Promise<void>((r) => (resolveAll = r));
  const worker = zbc.createWorker({
    taskType: 'bench-one',
    maxJobsToActivate: 200,
    timeout: 60_000,
    pollInterval: 10,
    taskHandler: async (job) => {
      const r = await job.complete({});
      if (++done === total) resolveAll();
      return r;
    },
  });
  const t0 = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < total) {
        next++;
        await zbc.createProcessInstance({ bpmnProcessId: 'bench-one', variables: {} });
      }
    }),
  );
  await all;
  const ms = Date.now() - t0;
  await worker.close();
  return ms;
}

export const activationPart: DunningBenchPart = {
  name: 'activation',
  defaultSize: { postgres: 5_000, pglite: 2_000 },
  async run(db: Database, { label, size, log }): Promise<DunningBenchRow[]> {
    const settings = loadSettings({}, { engineGrpcPort: 0, engineClockControlled: true, dataDir: 'memory://' });
    const embedded = await startEngine({ db, settings });
    const zbc = zeebeClient(embedded.grpcPort);
    try {
      const dir = path.resolve(__dirname, '../../processes');
      await zbc.deployResource({ process: fs.readFileSync(path.join(dir, 'dunning.bpmn')), name: 'dunning.bpmn' });
      await zbc.deployResource({ decision: fs.readFileSync(path.join(dir, 'dunning-procedure.dmn')), name: 'dunning-procedure.dmn' });
      await seedOpenItems(db, size, 1);
      let today = '2027-03-01';
      await embedded.engine.pinClock(Date.parse(`${today}T10:00:00+01:00`));
      // Only what the activity step uses: the database, the engine, today.
      const deps = {
        db,
        today: () => today,
        zeebe: {
          publishMessage: (msg: Parameters<AccountingDeps['zeebe']['publishMessage']>[0]) =>
            zbc.publishMessage({ ...msg, variables: (msg.variables ?? {}) as never }),
          createProcessInstance: async (req: { bpmnProcessId: string; variables: Record<string, unknown> }) => ({
            processInstanceKey: String(
              (await zbc.createProcessInstance({ bpmnProcessId: req.bpmnProcessId, variables: req.variables as never })).processInstanceKey,
            ),
          }),
        },
        printDirectory: path.join(settings.dataDir, 'print'),
      } as unknown as AccountingDeps;
      const activate = createDunningHandlers(deps, settings)['dunning.activate-proposal'];
      const config = { graceDays: 1, minAmountCents: 500 };

      const activateAll = async (runKey: string) => {
        const run = await createProposal(db, { runKey, today, config });
        const t0 = Date.now();
        while ((await activate({ dunningRunId: run.id })).moreProposals === true);
        return { ms: Date.now() - t0, run: await db('dunning_runs').where({ id: run.id }).first() };
      };
      const first = await activateAll('bench-start');
      log(`${label}: started ${first.run.started_count} dunning instances`);
      today = '2027-03-02';
      const second = await activateAll('bench-correlate');
      log(`${label}: correlated ${second.run.correlated_count} running cases`);
      const oneTaskMs = await oneTaskRate(zbc, size);
      return [
        {
          what: `dunning instances started by the run (${Number(first.run.started_count).toLocaleString('en-US')})`,
          figure: perSecond(Number(first.run.started_count), first.ms),
          ceiling: `engine one-task instances completed ${perSecond(size, oneTaskMs)}`,
        },
        {
          what: `running cases told by message (${Number(second.run.correlated_count).toLocaleString('en-US')})`,
          figure: perSecond(Number(second.run.correlated_count), second.ms),
          ceiling: `engine one-task instances completed ${perSecond(size, oneTaskMs)}`,
        },
      ];
    } finally {
      await zbc.close();
      await embedded.close();
    }
  },
};

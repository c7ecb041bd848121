/**
 * Kill the engine with SIGKILL while instances run, restart it on the same data, and check that
 * every instance finishes as it would have: no job lost, none completed twice, timers, buffered
 * messages and user tasks still there.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chain, end, ext, messageWithKey, process as bpmnProcess, serviceTask, start, timer } from '../bpmn';
import { waitFor } from '../harness';
import { zeebeClient } from '../sdk-client';
import { kill9, spawnEngine, type EngineProcess } from './spawn';
import { openPostgresTestDatabase, testPostgresUrl, type TestDatabase } from '../../db/testing';

const N = 40;

const model = bpmnProcess(
  'crash',
  [
    start('s'),
    serviceTask('a', 'crash-a'),
    `<bpmn:intermediateCatchEvent id="wait">${timer('timeDuration', 'PT1S')}</bpmn:intermediateCatchEvent>`,
    serviceTask('b', 'crash-b'),
    `<bpmn:intermediateCatchEvent id="paid"><bpmn:messageEventDefinition messageRef="M" /></bpmn:intermediateCatchEvent>`,
    `<bpmn:userTask id="review">${ext('<zeebe:userTask />')}</bpmn:userTask>`,
    end('e'),
    ...chain('s', 'a', 'wait', 'b', 'paid', 'review', 'e'),
  ],
  [messageWithKey('M', 'paid', '=id')],
);

describe('crash recovery (SIGKILL)', () => {
  let dir: string;
  let pg: TestDatabase | undefined;
  let proc: EngineProcess | undefined;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crash-'));
    if (testPostgresUrl()) pg = await openPostgresTestDatabase(testPostgresUrl());
  });
  afterAll(async () => {
    if (proc) await kill9(proc);
    await pg?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const databaseUrl = () => pg?.url ?? '';
  const env = () => ({ DATA_DIR: dir, DATABASE_URL: databaseUrl(), ENGINE_LONG_POLL_TIMEOUT_MS: '1000' });

  it('finishes every instance exactly once after kill -9, twice', async () => {
    // Phase 1: start instances, buffer their messages, work half of the first jobs, kill.
    proc = await spawnEngine(env());
    let zbc = zeebeClient(proc.port);
    await zbc.deployResource({ process: Buffer.from(model), name: 'crash.bpmn' });
    const keys: string[] = [];
    for (let i = 0; i < N; i++)
      keys.push((await zbc.createProcessInstance({ bpmnProcessId: 'crash', variables: { id: `c-${i}` } })).processInstanceKey);
    for (let i = 0; i < N; i++)
      await zbc.publishMessage({ name: 'paid', correlationKey: `c-${i}`, variables: { paid: true }, timeToLive: 600_000 });
    const early = await zbc.activateJobs({ type: 'crash-a', worker: 'w', timeout: 60_000, maxJobsToActivate: N / 2, requestTimeout: 1000 });
    for (const job of early.slice(0, N / 4)) await zbc.completeJob({ jobKey: job.key, variables: { a: 'early' } });
    await kill9(proc);
    await zbc.close();

    // Phase 2: restart; workers finish the jobs (activated-but-unfinished ones come back after their timeout).
    proc = await spawnEngine(env());
    zbc = zeebeClient(proc.port);
    const worked = new Map<string, number>();
    const count = (k: string) => worked.set(k, (worked.get(k) ?? 0) + 1);
    const wa = zbc.createWorker({
      taskType: 'crash-a',
      timeout: 5000,
      taskHandler: (job) => {
        count(`${job.processInstanceKey}:a`);
        return job.complete({ a: 'late' });
      },
    });
    const wb = zbc.createWorker({
      taskType: 'crash-b',
      timeout: 5000,
      taskHandler: (job) => {
        count(`${job.processInstanceKey}:b`);
        return job.complete({ b: 'done' });
      },
    });
    await waitFor(() => keys.every((k) => worked.has(`${k}:b`)), 120_000);
    await wa.close();
    await wb.close();
    await zbc.close();
    await new Promise((r) => setTimeout(r, 500));
    await kill9(proc);
    proc = undefined;

    // Phase 3: restart on the same data in another process; every instance waits at its user task.
    const finisher = await spawnEngine(env(), 'finish-process.ts', /RESULT (.*)\n/);
    const result = JSON.parse(/RESULT (.*)\n/.exec(finisher.output())![1]) as {
      userTaskInstances: string[];
      instanceStates: Record<string, string>;
      completedTaskElements: string[];
    };
    expect([...result.userTaskInstances].sort()).toEqual([...keys].sort());
    const early4 = new Set(early.slice(0, N / 4).map((j) => j.processInstanceKey));
    for (const k of keys) {
      // A job whose completion was acknowledged before the crash is never worked again.
      expect(worked.get(`${k}:a`) ?? 0).toBe(early4.has(k) ? 0 : 1);
      expect(worked.get(`${k}:b`)).toBe(1);
      expect(result.instanceStates[k]).toBe('COMPLETED');
    }
    expect([...result.completedTaskElements].sort()).toEqual(keys.flatMap((k) => [`${k}:a`, `${k}:b`]).sort());
  }, 240_000);
});

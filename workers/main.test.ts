/**
 * `npm run workers` (workers/main.ts) in processes of their own against the embedded engine of a
 * test system that runs no workers itself: two processes share the jobs of six orders, each order
 * still gets one letter and one mail, and the engine handed jobs to both names. WORKER_TASK_TYPES
 * starts only the selected task types; one that selects nothing stops the start, naming the
 * setting. The processes share the system's database, so this needs PostgreSQL (127.0.0.1:5432 or
 * TEST_DATABASE_URL); without one it says so and does not run.
 */
import type { TestDatabase } from '../db/testing';
import type { ActivateJobsRequest } from '../engine/api';
import type { System } from '../server/system';
import { productEnv, sharedDatabase, spawnWorkers, type WorkerProcess } from '../test/contract/cluster';
import { getOrder, orderFor, post, startTestSystem, waitFor, waitForOrder } from '../test/e2e/system';
import { accountingTable } from './billing';
import { orderToContractTable } from './order-to-contract';
import { selectTaskTypes } from './runtime';

jest.setTimeout(120_000);

let db: TestDatabase | undefined;
let system: System;
const running: WorkerProcess[] = [];
/** Task types of the jobs the engine handed out, by the `worker` of the activation request (WORKER_NAME). */
const activatedBy = new Map<string, string[]>();

beforeAll(async () => {
  db = await sharedDatabase();
  if (!db) return;
  system = await startTestSystem({ databaseUrl: db.url, workersEnabled: false });
  const engine = system.engine!.engine;
  const activate = engine.activateJobs.bind(engine);
  jest.spyOn(engine, 'activateJobs').mockImplementation(async (req: ActivateJobsRequest, signal?: AbortSignal) => {
    const jobs = await activate(req, signal);
    activatedBy.set(req.worker, [...(activatedBy.get(req.worker) ?? []), ...jobs.map((j) => j.type)]);
    return jobs;
  });
});

afterAll(async () => {
  for (const w of running) await w.stop();
  await system?.stop();
  await db?.dispose();
});

/** The environment of a worker process of this system: its engine's gateway, plus what it shares with the product. */
function env(name: string, taskTypes = ''): Record<string, string> {
  return {
    ...productEnv(system, db!, name),
    ENGINE_EMBEDDED: 'false',
    ZEEBE_GRPC_ADDRESS: `grpc://localhost:${system.engine!.grpcPort}`,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    WORKER_TASK_TYPES: taskTypes,
  };
}

const start = async (name: string, taskTypes = '') => {
  const w = await spawnWorkers(env(name, taskTypes));
  running.push(w);
  return w;
};

/** Stops a worker process by SIGTERM (its jobs in flight finish first); its exit code. */
const stop = (w: WorkerProcess) =>
  new Promise<number | null>((resolve) => {
    running.splice(running.indexOf(w), 1);
    w.child.removeAllListeners('exit');
    w.child.once('exit', (code) => resolve(code));
    w.child.kill('SIGTERM');
  });

const readyCount = (w: WorkerProcess) => Number(/READY (\d+)/.exec(w.output())![1]);

it('two worker processes share the jobs; every order is contracted with one letter and one mail', async () => {
  if (!db) {
    console.warn('No PostgreSQL on 127.0.0.1:5432 (or TEST_DATABASE_URL): worker processes cannot share a database; not run.');
    return;
  }
  const [one, two] = await Promise.all([start('workers-one'), start('workers-two')]);
  expect(readyCount(one)).toBeGreaterThan(50);
  expect(readyCount(two)).toBe(readyCount(one));

  const orders = Array.from({ length: 6 }, () => orderFor('Gruen'));
  const ids = await Promise.all(orders.map(async (o) => (await post(system, '/api/orders', o)).body.orderId as string));
  for (const id of ids) await waitForOrder(system, id, (o) => o.status === 'contracted' && o.documents.length > 0, 60_000);
  for (const o of orders) {
    await waitFor(async () => system.mailSink!.list().some((m) => m.to.includes(o.customer.email)), `the mail to ${o.customer.email}`);
  }
  // Time for a second letter that should not come.
  await new Promise((r) => setTimeout(r, 1000));
  for (const [i, o] of orders.entries()) {
    const mails = system.mailSink!.list().filter((m) => m.to.includes(o.customer.email));
    expect(mails.map((m) => m.subject)).toEqual([expect.stringMatching(/Auftragsbestätigung/)]);
    expect((await getOrder(system, ids[i])).documents).toHaveLength(1);
    expect(await system.db('documents').where({ order_id: ids[i] })).toHaveLength(1);
  }
  expect(activatedBy.get('workers-one')?.length).toBeGreaterThan(0);
  expect(activatedBy.get('workers-two')?.length).toBeGreaterThan(0);

  expect(await stop(one)).toBe(0);
  expect(await stop(two)).toBe(0);
});

it('WORKER_TASK_TYPES starts only the task types it selects; one that selects nothing stops the start', async () => {
  if (!db) return;
  const tables = [
    orderToContractTable({ db: db.db, settings: system.settings }),
    accountingTable({ zbc: system.zbc, db: db.db, settings: system.settings }),
  ];
  const documentTypes = selectTaskTypes(
    'document.*',
    tables.flatMap((t) => Object.keys(t.table)),
  );
  for (const t of tables) await t.release();
  expect(documentTypes.length).toBeGreaterThan(3);

  const documents = await start('workers-documents', 'document.*');
  expect(readyCount(documents)).toBe(documentTypes.length);
  expect(await stop(documents)).toBe(0);
  // Left-over jobs of the orders above may have come its way: only those it serves.
  for (const type of activatedBy.get('workers-documents') ?? []) expect(documentTypes).toContain(type);

  await expect(start('workers-typo', 'document.*, ordr.*')).rejects.toThrow(
    /workers exited with 1: .*WORKER_TASK_TYPES: no task type matches \\"ordr\.\*\\"/s,
  );
});

/**
 * Job hand-over to a long poll that is already waiting (engine/job-dispatch.ts claimForWaiting): the
 * job a command creates is activated in that command's own write, and the poll is answered only
 * after that write committed. Without a server or a database (test/engine/fake-engine-db.ts).
 */
import { chain, end, process as bpmn, serviceTask, start } from '../test/bpmn';
import { fakeEngineDb } from '../test/engine/fake-engine-db';
import { Engine } from './engine';
import type { JobRecord } from './state/records';
import { Store } from './state/store';

async function engineWithOneTask() {
  const db = fakeEngineDb();
  const store = new Store(db.knex);
  const engine = new Engine(store, { clockControlled: true, longPollTimeoutMs: 10_000 });
  await engine.start();
  await engine.deployResources([
    { name: 'one.bpmn', content: Buffer.from(bpmn('one', [start('s'), serviceTask('t', 'work'), end('e'), ...chain('s', 't', 'e')])) },
  ]);
  const poll = () =>
    engine.activateJobs({ type: 'work', worker: 'unit', timeoutMs: 60_000, maxJobsToActivate: 10, requestTimeoutMs: 5_000 });
  /** The job rows as written to the database. */
  const writtenJobs = () => [...db.rows.values()].filter((r) => r.kind === 'job').map((r) => r.data as unknown as JobRecord);
  return { db, store, engine, poll, writtenJobs };
}

/** Lets the poll's own first look (a command and its write) finish, so it waits. */
const pollWaiting = () => new Promise((r) => setTimeout(r, 20));

afterAll(() => jest.useRealTimers());

it('a job created while a long poll waits goes out with the creating command, in one write', async () => {
  const { db, engine, poll, writtenJobs } = await engineWithOneTask();
  const polled = poll();
  await pollWaiting();
  const statementsBefore = db.statements.length;
  const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: 'one', variables: { n: 1 } });
  // Answered after the create's write: the job is already stored as ACTIVATED for this worker.
  const jobs = await polled;
  expect(jobs).toHaveLength(1);
  expect(jobs[0]).toMatchObject({ processInstanceKey, worker: 'unit', variables: { n: 1 } });
  expect(writtenJobs()).toEqual([expect.objectContaining({ key: jobs[0].key, state: 'ACTIVATED', worker: 'unit' })]);
  expect(db.statements.length - statementsBefore).toBe(1);
});

it('a failed write answers the waiting poll empty and fails the command; the job goes out with the next write', async () => {
  const { db, engine, poll, writtenJobs } = await engineWithOneTask();
  const polled = poll();
  await pollWaiting();
  db.failNext();
  await expect(engine.createProcessInstance({ bpmnProcessId: 'one', variables: {} })).rejects.toThrow('connection lost');
  expect(await polled).toEqual([]);
  expect(writtenJobs()).toEqual([]);
  // The changes stay pending and are written with the next command; the job is activated (its
  // answer was lost, as a lost gateway answer in Zeebe) until its timeout makes it activatable again.
  await engine.createProcessInstance({ bpmnProcessId: 'one', variables: {} });
  expect(
    writtenJobs()
      .map((j) => j.state)
      .sort(),
  ).toEqual(['ACTIVATED', 'CREATED']);
});

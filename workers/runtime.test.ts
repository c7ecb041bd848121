/**
 * The job worker runtime against the embedded engine through @camunda8/sdk: a failure uses up a
 * retry, while "another attempt is at it" (RetryLaterError) tries again without using one; the
 * WORKER_TASK_TYPES selection over several tables, and the worker name the engine records.
 */
import { ConfigError } from '../config/settings';
import { createEngineQueries } from '../engine/query';
import { chain, end, process, serviceTask, start } from '../test/bpmn';
import { startHarness, waitFor, type Harness } from '../test/harness';
import { RetryLaterError, selectTaskTypes, startJobTables, startJobWorkers, workerNameOf } from './runtime';

describe('WORKER_TASK_TYPES', () => {
  const known = ['order.check-duplicates', 'order.reject', 'document.render-bill', 'document.render-rejection', 'mail.send-rejection'];

  it('empty (or only commas and blanks) selects every task type', () => {
    expect(selectTaskTypes('', known)).toEqual(known);
    expect(selectTaskTypes(' , ', known)).toEqual(known);
    expect(selectTaskTypes('*', known)).toEqual(known);
  });

  it('selects exact types and, with a trailing *, every type it begins', () => {
    expect(selectTaskTypes('document.*', known)).toEqual(['document.render-bill', 'document.render-rejection']);
    expect(selectTaskTypes(' mail.send-rejection , order.* ', known)).toEqual([
      'order.check-duplicates',
      'order.reject',
      'mail.send-rejection',
    ]);
    expect(selectTaskTypes('order.reject,order.*', known)).toEqual(['order.check-duplicates', 'order.reject']);
  });

  it('an entry that selects nothing is a ConfigError naming WORKER_TASK_TYPES and the entry', () => {
    const bad = () => selectTaskTypes('order.*, documents.*, mail.send-rejections', known);
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/^WORKER_TASK_TYPES: no task type matches "documents\.\*", "mail\.send-rejections"/);
    expect(bad).toThrow(/known: document\.\*, mail\.\*, order\.\*/);
    // Only at the end a * is a wildcard.
    expect(() => selectTaskTypes('*.reject', known)).toThrow(/"\*\.reject"/);
  });

  it('WORKER_NAME names the workers; empty: host name and process id', () => {
    expect(workerNameOf({ workerName: ' w-7 ' })).toBe('w-7');
    expect(workerNameOf({ workerName: '' })).toMatch(new RegExp(`^.+-${globalThis.process.pid}$`));
  });
});

describe('job worker runtime', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const run = async (type: string, fail: (attempt: number) => Error | undefined) => {
    await h.deploy(`${type}.bpmn`, process(type, [start('s'), serviceTask('t', type, { retries: 1 }), end('e'), ...chain('s', 't', 'e')]));
    let attempts = 0;
    const workers = startJobWorkers({
      zbc: h.zbc,
      retryBackOffMs: 10,
      table: {
        async [type]() {
          const err = fail(++attempts);
          if (err) throw err;
          return {};
        },
      },
    });
    const pi = await h.zbc.createProcessInstance({ bpmnProcessId: type, variables: {} });
    return { pi, attempts: () => attempts, close: () => workers.close() };
  };
  const incidentOf = (key: string) => [...h.engine.engine.store.values('incident')].find((i) => i.processInstanceKey === key);
  const finished = (key: string) => h.engine.engine.store.get('process-instance', key) === undefined;

  it('tries again while another attempt is at it, without using up the retries', async () => {
    const r = await run('busy', (n) => (n <= 3 ? new RetryLaterError('being sent by another attempt') : undefined));
    await waitFor(() => finished(r.pi.processInstanceKey));
    expect(r.attempts()).toBe(4);
    expect(incidentOf(r.pi.processInstanceKey)).toBeUndefined();
    await r.close();
  });

  it('an ordinary failure uses up a retry: with one, it is an incident', async () => {
    const r = await run('broken', () => new Error('SMTP refused'));
    const incident = await waitFor(() => incidentOf(r.pi.processInstanceKey));
    expect(incident).toMatchObject({ errorType: 'JOB_NO_RETRIES', errorMessage: 'SMTP refused' });
    expect(r.attempts()).toBe(1);
    await r.close();
  });

  it('serves the selected types of several tables under the worker name; an unknown pattern starts none and releases all', async () => {
    await h.deploy(
      'two.bpmn',
      process('two', [start('s'), serviceTask('a', 'one.a'), serviceTask('b', 'two.b'), end('e'), ...chain('s', 'a', 'b', 'e')]),
    );
    const released: string[] = [];
    // The worker of a job is known while it is activated; the engine forgets completed jobs.
    const workersSeen: string[] = [];
    const workerOf = (type: string) => [...h.engine.engine.store.values('job')].find((j) => j.type === type)?.worker ?? '';
    const table = (name: string, type: string) => () => ({
      table: { [type]: async () => (workersSeen.push(`${type} by ${workerOf(type)}`), {}) },
      release: async () => void released.push(name),
    });
    await expect(
      startJobTables([table('first', 'one.a'), table('second', 'two.b')], { zbc: h.zbc, taskTypes: 'one.*,three.*' }),
    ).rejects.toThrow(/^WORKER_TASK_TYPES: no task type matches "three\.\*"/);
    expect(released).toEqual(['first', 'second']);

    released.length = 0;
    const onlyA = await startJobTables([table('first', 'one.a'), table('second', 'two.b')], {
      zbc: h.zbc,
      taskTypes: 'one.*',
      workerName: 'worker-of-one',
    });
    expect(onlyA.taskTypes).toEqual(['one.a']);
    const pi = await h.zbc.createProcessInstance({ bpmnProcessId: 'two', variables: {} });
    const jobs = createEngineQueries(h.db).jobs;
    // two.b is nobody's: the instance waits there, after one.a was done by the named worker.
    await waitFor(async () => (await jobs.search({ filter: { processInstanceKey: pi.processInstanceKey, type: 'two.b' } })).items[0]);
    expect(workersSeen).toEqual(['one.a by worker-of-one']);
    await onlyA.close();
    expect(released).toEqual(['first', 'second']);
  });
});

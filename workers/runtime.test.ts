/**
 * The job worker runtime against the embedded engine through @camunda8/sdk: a failure uses up a
 * retry, while "another attempt is at it" (RetryLaterError) tries again without using one.
 */
import { chain, end, process, serviceTask, start } from '../test/bpmn';
import { startHarness, waitFor, type Harness } from '../test/harness';
import { RetryLaterError, startJobWorkers } from './runtime';

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
});

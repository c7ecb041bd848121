import { chain, end, error, ext, flow, io, process, serviceTask, start } from '../bpmn';
import { activate, startHarness, waitFor, type Harness } from '../harness';

describe('tasks and jobs (through @camunda8/sdk)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('runs a service task: job variables, headers, input and output mappings', async () => {
    await h.deploy(
      'svc.bpmn',
      process('svc', [
        start('s'),
        serviceTask('t', 'calc', { headers: { mode: 'fast' }, io: io({ x: '=a + 1' }, { result: '=y * 2' }) }),
        end('e'),
        ...chain('s', 't', 'e'),
      ]),
    );
    const seen: unknown[] = [];
    const worker = h.zbc.createWorker({
      taskType: 'calc',
      taskHandler: (job) => {
        seen.push({ vars: job.variables, headers: job.customHeaders });
        return job.complete({ y: (job.variables.x as number) * 10 });
      },
    });
    const res = await h.zbc.createProcessInstanceWithResult({ bpmnProcessId: 'svc', variables: { a: 1 } });
    await worker.close();
    expect(seen[0]).toEqual({ vars: { a: 1, x: 2 }, headers: { mode: 'fast' } });
    // y stays local to the task because output mappings exist; only `result` leaves.
    expect(res.variables).toEqual({ a: 1, result: 40 });
  });

  it('start instructions activate their elements as a token would: a service task creates its job', async () => {
    await h.deploy(
      'instructed.bpmn',
      process('instructed', [
        start('s'),
        serviceTask('first', 'instructed-first'),
        serviceTask('second', 'instructed-second'),
        serviceTask('third', 'instructed-third'),
        end('e'),
        ...chain('s', 'first', 'second', 'e'),
        flow('third', 'e'),
      ]),
    );
    const created = await h.zbc.createProcessInstance({
      bpmnProcessId: 'instructed',
      variables: { n: 1 },
      startInstructions: [{ elementId: 'second' }, { elementId: 'third' }],
    });
    const [second] = await waitFor(async () => {
      const jobs = await activate(h.zbc, 'instructed-second');
      return jobs.length ? jobs : undefined;
    });
    expect(second.processInstanceKey).toBe(created.processInstanceKey);
    expect(second.variables).toEqual({ n: 1 });
    const third = await waitFor(async () => {
      const jobs = await activate(h.zbc, 'instructed-third');
      return jobs.length ? jobs : undefined;
    });
    expect(third).toHaveLength(1);
    // The element before the instructed one never ran.
    expect(await activate(h.zbc, 'instructed-first')).toHaveLength(0);
    await h.zbc.completeJob({ jobKey: second.key, variables: {} });
    await h.zbc.completeJob({ jobKey: third[0].key, variables: {} });
  });

  it('propagates job variables to the process when there are no output mappings', async () => {
    await h.deploy('plain.bpmn', process('plain', [start('s'), serviceTask('t', 'plain'), end('e'), ...chain('s', 't', 'e')]));
    const worker = h.zbc.createWorker({ taskType: 'plain', taskHandler: (job) => job.complete({ done: true }) });
    const res = await h.zbc.createProcessInstanceWithResult({ bpmnProcessId: 'plain', variables: {} });
    await worker.close();
    expect(res.variables).toEqual({ done: true });
  });

  it('fails a job with retries, then raises an incident at zero retries and resolves it', async () => {
    await h.deploy(
      'fail.bpmn',
      process('fail', [start('s'), serviceTask('t', 'flaky', { retries: 2 }), end('e'), ...chain('s', 't', 'e')]),
    );
    const pi = await h.zbc.createProcessInstance({ bpmnProcessId: 'fail', variables: {} });
    let [job] = await activate(h.zbc, 'flaky');
    expect(job.retries).toBe(2);
    await h.zbc.failJob({ jobKey: job.key, retries: 1, errorMessage: 'first', retryBackOff: 0 });
    [job] = await activate(h.zbc, 'flaky');
    expect(job.retries).toBe(1);
    await h.zbc.failJob({ jobKey: job.key, retries: 0, errorMessage: 'bureau down', retryBackOff: 0 });
    const incident = await waitFor(() =>
      [...h.engine.engine.store.values('incident')].find((i) => i.processInstanceKey === pi.processInstanceKey),
    );
    expect(incident).toMatchObject({ errorType: 'JOB_NO_RETRIES', errorMessage: 'bureau down', jobKey: job.key });
    expect(await activate(h.zbc, 'flaky')).toHaveLength(0);
    await expect(h.zbc.resolveIncident({ incidentKey: incident.key })).rejects.toThrow(/no retries/);
    await h.zbc.updateJobRetries({ jobKey: job.key, retries: 1 });
    await h.zbc.resolveIncident({ incidentKey: incident.key });
    [job] = await activate(h.zbc, 'flaky');
    await h.zbc.completeJob({ jobKey: job.key, variables: {} });
    await waitFor(() => h.engine.engine.store.get('process-instance', pi.processInstanceKey) === undefined);
  });

  it('honours the retry back-off', async () => {
    await h.deploy('backoff.bpmn', process('backoff', [start('s'), serviceTask('t', 'backoff'), end('e'), ...chain('s', 't', 'e')]));
    await h.zbc.createProcessInstance({ bpmnProcessId: 'backoff', variables: {} });
    const [job] = await activate(h.zbc, 'backoff');
    await h.zbc.failJob({ jobKey: job.key, retries: 2, errorMessage: 'later', retryBackOff: 60_000 });
    expect(
      await h.zbc.activateJobs({ type: 'backoff', worker: 't', timeout: 1000, maxJobsToActivate: 1, requestTimeout: -1 }),
    ).toHaveLength(0);
    await h.engine.engine.pinClock(Date.now() + 61_000);
    const again = await activate(h.zbc, 'backoff');
    expect(again).toHaveLength(1);
    await h.engine.engine.resetClock();
  });

  it('makes a timed-out job activatable again', async () => {
    await h.deploy('timeout.bpmn', process('timeout', [start('s'), serviceTask('t', 'slow'), end('e'), ...chain('s', 't', 'e')]));
    await h.zbc.createProcessInstance({ bpmnProcessId: 'timeout', variables: {} });
    const [first] = await h.zbc.activateJobs({ type: 'slow', worker: 'a', timeout: 200, maxJobsToActivate: 1, requestTimeout: 2000 });
    const [second] = await h.zbc.activateJobs({ type: 'slow', worker: 'b', timeout: 30000, maxJobsToActivate: 1, requestTimeout: 5000 });
    expect(second.key).toBe(first.key);
    expect(second.worker).toBe('b');
  });

  it('catches a thrown error on a boundary event, by code, with variables', async () => {
    await h.deploy(
      'err.bpmn',
      process(
        'err',
        [
          start('s'),
          serviceTask('t', 'check'),
          `<bpmn:boundaryEvent id="b" attachedToRef="t"><bpmn:errorEventDefinition errorRef="E1" /></bpmn:boundaryEvent>`,
          end('ok'),
          end('handled'),
          ...chain('s', 't', 'ok'),
          flow('b', 'handled'),
        ],
        [error('E1', 'PERSON_UNKNOWN')],
      ),
    );
    const worker = h.zbc.createWorker({
      taskType: 'check',
      taskHandler: (job) => job.error({ errorCode: 'PERSON_UNKNOWN', errorMessage: 'nobody', variables: { bureau: 'schufa' } }),
    });
    const res = await h.zbc.createProcessInstanceWithResult({ bpmnProcessId: 'err', variables: {} });
    await worker.close();
    expect(res.variables).toMatchObject({ bureau: 'schufa' });
  });

  it('raises an incident for an error nobody catches', async () => {
    await h.deploy('unc.bpmn', process('unc', [start('s'), serviceTask('t', 'uncaught'), end('e'), ...chain('s', 't', 'e')]));
    const pi = await h.zbc.createProcessInstance({ bpmnProcessId: 'unc', variables: {} });
    const [job] = await activate(h.zbc, 'uncaught');
    await h.zbc.throwError({ jobKey: job.key, errorCode: 'NOPE', errorMessage: 'x' });
    const incident = await waitFor(() =>
      [...h.engine.engine.store.values('incident')].find((i) => i.processInstanceKey === pi.processInstanceKey),
    );
    expect(incident.errorType).toBe('UNHANDLED_ERROR_EVENT');
    expect(incident.errorMessage).toContain("'NOPE'");
  });

  it('evaluates a FEEL script task', async () => {
    await h.deploy(
      'script.bpmn',
      process('script', [
        start('s'),
        `<bpmn:scriptTask id="t">${ext('<zeebe:script expression="=sum(items)" resultVariable="total" />')}</bpmn:scriptTask>`,
        end('e'),
        ...chain('s', 't', 'e'),
      ]),
    );
    const res = await h.zbc.createProcessInstanceWithResult({ bpmnProcessId: 'script', variables: { items: [1, 2, 3] } });
    expect(res.variables.total).toBe(6);
  });

  it('raises an expression incident and continues after the variable is set', async () => {
    await h.deploy('dyn.bpmn', process('dyn', [start('s'), serviceTask('t', '=taskType'), end('e'), ...chain('s', 't', 'e')]));
    const pi = await h.zbc.createProcessInstance({ bpmnProcessId: 'dyn', variables: {} });
    const incident = await waitFor(() =>
      [...h.engine.engine.store.values('incident')].find((i) => i.processInstanceKey === pi.processInstanceKey),
    );
    expect(incident.errorType).toBe('EXTRACT_VALUE_ERROR');
    await h.zbc.setVariables({ elementInstanceKey: pi.processInstanceKey, variables: { taskType: 'dynamic' }, local: false });
    await h.zbc.resolveIncident({ incidentKey: incident.key });
    const [job] = await activate(h.zbc, 'dynamic');
    expect(job.elementId).toBe('t');
  });

  it('rejects unknown jobs with NOT_FOUND', async () => {
    await expect(h.zbc.completeJob({ jobKey: '2251799813999999', variables: {} })).rejects.toThrow(/NOT_FOUND|no such job/);
  });
});

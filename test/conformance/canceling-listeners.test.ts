/**
 * User task listeners of event type `canceling`, with the outcomes Camunda 8.8 documents
 * (https://docs.camunda.io/docs/components/concepts/user-task-listeners/) and Zeebe's
 * UserTaskProcessor implements: when the task's element terminates (the instance is canceled, an
 * interrupting event fires, a terminate end event ends its scope), the task goes to CANCELING and
 * its canceling listeners run as TASK_LISTENER jobs (listenerEventType CANCELING), one after the
 * other. The termination waits for them: only then is the task CANCELED, the element TERMINATED,
 * and what the termination was for (the boundary event, the end of the instance) goes on. A
 * canceling listener cannot deny. Through the SDK's gRPC and REST clients.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chain, end, error, ext, flow, messageWithKey, multiInstance, process, serviceTask, start } from '../bpmn';
import { activate, startHarness, waitFor, type Harness } from '../harness';
import { statusOf } from '../sdk-client';
import { listenerProbes, noWait, tl, userTask } from './listener-probes';

describe('canceling user task listeners (through @camunda8/sdk)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ rest: true });
    const twoListeners = userTask('ut', [tl('canceling', 'tc-first'), tl('cancel', 'tc-second')]);
    await h.deploy('tc-cancel.bpmn', process('tc-cancel', [start('s'), twoListeners, end('e'), ...chain('s', 'ut', 'e')]));
    await h.deploy(
      'tc-boundary.bpmn',
      process(
        'tc-boundary',
        [
          start('s'),
          userTask('ut', [tl('canceling', 'tc-boundary-listener')]),
          `<bpmn:boundaryEvent id="withdrawn" attachedToRef="ut"><bpmn:messageEventDefinition messageRef="m" /></bpmn:boundaryEvent>`,
          serviceTask('after', 'tc-after'),
          end('e'),
          end('e2'),
          ...chain('s', 'ut', 'e'),
          ...chain('withdrawn', 'after', 'e2'),
        ],
        [messageWithKey('m', 'order-withdrawn', '=orderId')],
      ),
    );
    await h.deploy(
      'tc-terminate.bpmn',
      process('tc-terminate', [
        start('s'),
        '<bpmn:parallelGateway id="fork" />',
        userTask('ut', [tl('canceling', 'tc-terminate-listener')]),
        serviceTask('work', 'tc-work'),
        end('done', '<bpmn:terminateEventDefinition />'),
        end('e'),
        flow('s', 'fork'),
        flow('fork', 'ut'),
        flow('fork', 'work'),
        ...chain('work', 'done'),
        ...chain('ut', 'e'),
      ]),
    );
    await h.deploy(
      'tc-event-sub.bpmn',
      process(
        'tc-event-sub',
        [
          start('s'),
          '<bpmn:parallelGateway id="fork" />',
          userTask('ut', [tl('canceling', 'tc-sub-listener')]),
          serviceTask('failing', 'tc-failing'),
          end('e'),
          end('e2'),
          flow('s', 'fork'),
          flow('fork', 'ut'),
          flow('fork', 'failing'),
          ...chain('ut', 'e'),
          ...chain('failing', 'e2'),
          `<bpmn:subProcess id="onError" triggeredByEvent="true">
            <bpmn:startEvent id="caught" isInterrupting="true"><bpmn:errorEventDefinition errorRef="err" /></bpmn:startEvent>
            ${serviceTask('handle', 'tc-handle')}
            <bpmn:endEvent id="handled" />
            ${chain('caught', 'handle', 'handled').join('')}
          </bpmn:subProcess>`,
        ],
        [error('err', 'CREDIT_REFUSED')],
      ),
    );
    const reviews = multiInstance({
      inputCollection: '=["a", "b"]',
      inputElement: 'reviewer',
      completionCondition: '=numberOfCompletedInstances >= 1',
    });
    await h.deploy(
      'tc-multi.bpmn',
      process('tc-multi', [
        start('s'),
        `<bpmn:userTask id="ut">${ext(`<zeebe:userTask /><zeebe:taskListeners>${tl('canceling', 'tc-multi-listener')}</zeebe:taskListeners>`)}${reviews}</bpmn:userTask>`,
        serviceTask('after', 'tc-multi-after'),
        end('e'),
        ...chain('s', 'ut', 'after', 'e'),
      ]),
    );
    await h.deploy(
      'tc-child.bpmn',
      process('tc-child', [start('s'), userTask('ut', [tl('canceling', 'tc-child-listener')]), end('e'), ...chain('s', 'ut', 'e')]),
    );
    await h.deploy(
      'tc-parent.bpmn',
      process('tc-parent', [
        start('s'),
        `<bpmn:callActivity id="call">${ext('<zeebe:calledElement processId="tc-child" propagateAllChildVariables="false" />')}</bpmn:callActivity>`,
        end('e'),
        ...chain('s', 'call', 'e'),
      ]),
    );
  });
  afterAll(() => h.close());

  const { store, openJobs, run, restJob, userTaskOf } = listenerProbes(() => h);
  const instanceState = async (pik: string) => {
    const res = await h.rest.searchProcessInstances({ filter: { processInstanceKey: pik } }, noWait);
    return (res.items[0] as { state: string } | undefined)?.state;
  };
  const elementStates = (pik: string) =>
    Object.fromEntries(
      [...store().values('element-instance')].filter((e) => e.processInstanceKey === pik).map((e) => [e.elementId, e.state]),
    );

  it('canceling the instance: the listeners run in order while the task is CANCELING; then the task is CANCELED and the instance TERMINATED', async () => {
    const pik = await run('tc-cancel');
    const task = await userTaskOf(pik, 'CREATED');
    await h.zbc.cancelProcessInstance(pik);

    const first = await restJob(pik, 'tc-first');
    expect(first).toMatchObject({ kind: 'TASK_LISTENER', listenerEventType: 'CANCELING', elementId: 'ut' });
    expect(first.customHeaders).toMatchObject({ 'io.camunda.zeebe:userTaskKey': task.userTaskKey });
    expect((await userTaskOf(pik)).state).toBe('CANCELING');
    expect(elementStates(pik)).toEqual({ 'tc-cancel': 'TERMINATING', ut: 'TERMINATING' });
    expect(await instanceState(pik)).toBe('ACTIVE');
    // Terminating already: a second cancel finds no instance to cancel (Zeebe's NOT_FOUND).
    await expect(h.zbc.cancelProcessInstance(pik)).rejects.toThrow('NOT_FOUND');

    // A canceling listener cannot deny (Zeebe's JobCompleteProcessor).
    const denied = await h.rest.completeJob({ jobKey: first.jobKey, result: { type: 'userTask', denied: true } }).catch((e: unknown) => e);
    expect(await statusOf(Promise.reject(denied))).toBe(400);
    expect(JSON.stringify(denied)).toContain("Denying result is not supported for 'CANCELING' task listener jobs");

    await h.rest.completeJob({ jobKey: first.jobKey });
    const second = await restJob(pik, 'tc-second');
    expect(second.listenerEventType).toBe('CANCELING');
    expect(await instanceState(pik)).toBe('ACTIVE');
    await h.rest.completeJob({ jobKey: second.jobKey });

    await waitFor(async () => (await instanceState(pik)) === 'TERMINATED', 'the instance to be terminated');
    expect((await userTaskOf(pik)).state).toBe('CANCELED');
    expect(openJobs(pik)).toEqual([]);
  });

  it('an interrupting boundary event: the event is taken only after the canceling listener completed', async () => {
    const pik = await run('tc-boundary', { orderId: 'o-17' });
    await userTaskOf(pik, 'CREATED');
    await h.zbc.publishMessage({ name: 'order-withdrawn', correlationKey: 'o-17', variables: { reason: 'withdrawn' }, timeToLive: 0 });

    const listener = await restJob(pik, 'tc-boundary-listener');
    expect(listener.listenerEventType).toBe('CANCELING');
    expect(elementStates(pik)).toEqual({ 'tc-boundary': 'ACTIVE', ut: 'TERMINATING' });
    expect(openJobs(pik).map((j) => j.type)).toEqual(['tc-boundary-listener']);

    await h.rest.completeJob({ jobKey: listener.jobKey });
    const after = await restJob(pik, 'tc-after');
    expect(after.variables).toMatchObject({ reason: 'withdrawn' });
    expect((await userTaskOf(pik)).state).toBe('CANCELED');
    await h.rest.completeJob({ jobKey: after.jobKey });
    await waitFor(async () => (await instanceState(pik)) === 'COMPLETED', 'the instance to complete');
  });

  it('a terminate end event: the scope completes once the canceling listener of the other branch completed', async () => {
    const pik = await run('tc-terminate');
    await userTaskOf(pik, 'CREATED');
    const work = await restJob(pik, 'tc-work');
    await h.rest.completeJob({ jobKey: work.jobKey });

    const listener = await restJob(pik, 'tc-terminate-listener');
    expect(elementStates(pik)).toMatchObject({ 'tc-terminate': 'ACTIVE', ut: 'TERMINATING' });
    expect(await instanceState(pik)).toBe('ACTIVE');
    await h.rest.completeJob({ jobKey: listener.jobKey });
    await waitFor(async () => (await instanceState(pik)) === 'COMPLETED', 'the instance to complete');
  });

  it('an interrupting error event sub-process starts only after the canceling listener of the interrupted branch completed', async () => {
    const pik = await run('tc-event-sub');
    await userTaskOf(pik, 'CREATED');
    const failing = (await activate(h.zbc, 'tc-failing')).find((j) => j.processInstanceKey === pik)!;
    await h.zbc.throwError({ jobKey: failing.key, errorCode: 'CREDIT_REFUSED', errorMessage: 'refused', variables: {} });

    const listener = await restJob(pik, 'tc-sub-listener');
    expect(elementStates(pik)).toEqual({ 'tc-event-sub': 'ACTIVE', ut: 'TERMINATING' });
    await h.rest.completeJob({ jobKey: listener.jobKey });
    const handle = await restJob(pik, 'tc-handle');
    await h.rest.completeJob({ jobKey: handle.jobKey });
    await waitFor(async () => (await instanceState(pik)) === 'COMPLETED', 'the instance to complete');
  });

  it('a completion condition: the multi-instance body completes once the canceling listener of the other inner instance completed', async () => {
    const pik = await run('tc-multi');
    const tasks = await waitFor(async () => {
      const res = await h.rest.searchUserTasks({ filter: { processInstanceKey: pik, state: 'CREATED' } }, noWait);
      return res.items.length === 2 ? (res.items as { userTaskKey: string }[]) : undefined;
    }, 'two review tasks');
    await h.rest.completeUserTask({ userTaskKey: tasks[0]!.userTaskKey });

    const listener = await restJob(pik, 'tc-multi-listener');
    expect(openJobs(pik).map((j) => j.type)).toEqual(['tc-multi-listener']);
    await h.rest.completeJob({ jobKey: listener.jobKey });
    const after = await restJob(pik, 'tc-multi-after');
    await h.rest.completeJob({ jobKey: after.jobKey });
    await waitFor(async () => (await instanceState(pik)) === 'COMPLETED', 'the instance to complete');
  });

  it('a called process: canceling the parent waits for the child’s canceling listener', async () => {
    const parent = await run('tc-parent');
    const child = await waitFor(
      () => [...store().values('process-instance')].find((p) => p.parentProcessInstanceKey === parent)?.key,
      'the child instance',
    );
    await userTaskOf(child, 'CREATED');
    await h.zbc.cancelProcessInstance(parent);

    const listener = await restJob(child, 'tc-child-listener');
    expect(elementStates(parent)).toEqual({ 'tc-parent': 'TERMINATING', call: 'TERMINATING' });
    expect(await instanceState(parent)).toBe('ACTIVE');
    await h.rest.completeJob({ jobKey: listener.jobKey });
    await waitFor(async () => (await instanceState(parent)) === 'TERMINATED', 'the parent to be terminated');
    expect(await instanceState(child)).toBe('TERMINATED');
  });

  it('a restart while the listener runs: the termination still waits, and ends when the listener completes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'canceling-'));
    const first = await startHarness({ dataDir, rest: true });
    let pik: string;
    try {
      await first.deploy(
        'tc-restart.bpmn',
        process('tc-restart', [start('s'), userTask('ut', [tl('canceling', 'tc-restart-listener')]), end('e'), ...chain('s', 'ut', 'e')]),
      );
      pik = (await first.zbc.createProcessInstance({ bpmnProcessId: 'tc-restart', variables: {} })).processInstanceKey;
      await waitFor(() => [...first.engine.engine.store.values('user-task')].some((t) => t.processInstanceKey === pik), 'the task');
      await first.zbc.cancelProcessInstance(pik);
      await waitFor(() => [...first.engine.engine.store.values('job')].some((j) => j.processInstanceKey === pik), 'the listener job');
    } finally {
      await first.close();
    }
    const second = await startHarness({ dataDir, rest: true });
    try {
      expect([...second.engine.engine.store.values('user-task')].map((t) => t.state)).toEqual(['CANCELING']);
      const [job] = await activate(second.zbc, 'tc-restart-listener');
      await second.zbc.completeJob({ jobKey: job!.key, variables: {} });
      await waitFor(() => second.engine.engine.store.get('process-instance', pik) === undefined, 'the instance to end');
      const res = await second.rest.searchProcessInstances({ filter: { processInstanceKey: pik } }, noWait);
      expect(res.items.map((i: { state: string }) => i.state)).toEqual(['TERMINATED']);
    } finally {
      await second.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

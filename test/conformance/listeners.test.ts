/**
 * Execution listeners and user task listeners, with the outcomes Camunda 8.8 documents:
 * https://docs.camunda.io/docs/components/concepts/execution-listeners/
 * - start listeners run as jobs (kind EXECUTION_LISTENER, listenerEventType START) one after the
 *   other, after the input mappings and before the element's own work; their variables become
 *   local variables of the element; end listeners (END) run after the output mappings, before the
 *   element is left, and their variables go to the element's flow scope;
 * - a listener job without retries raises an incident (EXECUTION_LISTENER_NO_RETRIES); resolving it
 *   retries only that listener; a listener expression that fails raises an incident, resolving runs
 *   the listeners of that event type again; throwing a BPMN error from a listener job is rejected;
 * - multi-instance: the inner instances run the listeners (Zeebe's ExecutionListenerMultiInstanceActivitiesTest);
 * - gateways take no end listeners, start events no start listeners (deployment rejected).
 * https://docs.camunda.io/docs/components/concepts/user-task-listeners/
 * - task listener jobs (kind TASK_LISTENER, listenerEventType CREATING/ASSIGNING/COMPLETING/...)
 *   run before the transition takes effect, the task in CREATING/ASSIGNING/COMPLETING meanwhile;
 *   the user task data is in the job headers (io.camunda.zeebe:*);
 * - a listener may deny (assigning, updating, completing): the command is rejected and the task keeps
 *   its state; or correct assignee, dates, candidates, priority, applied when the transition ends;
 * - variables set on the user task's element instance are an update (changed attribute `variables`);
 * - task listener jobs cannot be completed with variables; no retries: TASK_LISTENER_NO_RETRIES.
 * https://docs.camunda.io/docs/apis-tools/orchestration-cluster-api-rest/specifications/complete-job/
 * gRPC through the SDK's Zeebe client, REST through its Orchestration Cluster API client.
 */
import { statusOf, type RestClient as SdkClient } from '../sdk-client';
import { chain, end, ext, multiInstance, process, serviceTask, start } from '../bpmn';
import { activate, startHarness, waitFor, type Harness } from '../harness';
import { listenerProbes, noWait, tl, userTask, type RestJob } from './listener-probes';

const el = (eventType: 'start' | 'end', type: string, retries?: number) =>
  `<zeebe:executionListener eventType="${eventType}" type="${type}"${retries === undefined ? '' : ` retries="${retries}"`} />`;
const els = (...listeners: string[]) => `<zeebe:executionListeners>${listeners.join('')}</zeebe:executionListeners>`;

describe('execution and user task listeners (through @camunda8/sdk)', () => {
  let h: Harness;
  let rest: SdkClient;
  beforeAll(async () => {
    h = await startHarness({ rest: true });
    rest = h.rest;
  });
  afterAll(() => h.close());

  const { store, openJobs, run, grpcJob, restJob, userTaskOf } = listenerProbes(() => h);

  describe('execution listeners', () => {
    beforeAll(async () => {
      await h.deploy(
        'el-task.bpmn',
        process('el-task', [
          start('s'),
          serviceTask('work', 'el-work', {
            io: `<zeebe:ioMapping><zeebe:input source="=1" target="x" /></zeebe:ioMapping>${els(el('start', 'el-start-1'), el('start', 'el-start-2'), el('end', 'el-end'))}`,
          }),
          end('e'),
          ...chain('s', 'work', 'e'),
        ]),
      );
      await h.deploy(
        'el-process.bpmn',
        process('el-process', [
          ext(els(el('start', 'el-p-start'), el('end', 'el-p-end'))),
          start('s'),
          serviceTask('t', 'el-p-work'),
          end('e'),
          ...chain('s', 't', 'e'),
        ]),
      );
      await h.deploy(
        'el-multi.bpmn',
        process('el-multi', [
          start('s'),
          serviceTask('t', 'el-m-work', {
            io: els(el('start', 'el-m-start')),
            multi: multiInstance({ inputCollection: '=[1,2]', inputElement: 'item' }),
          }),
          end('e'),
          ...chain('s', 't', 'e'),
        ]),
      );
      await h.deploy(
        'el-expression.bpmn',
        process('el-expression', [
          start('s'),
          serviceTask('t', 'el-x-work', { io: els(el('start', '=listenerType')) }),
          end('e'),
          ...chain('s', 't', 'e'),
        ]),
      );
      await h.deploy(
        'el-fail.bpmn',
        process('el-fail', [
          start('s'),
          serviceTask('t', 'el-f-work', { io: els(el('start', 'el-f-start', 1)) }),
          end('e'),
          ...chain('s', 't', 'e'),
        ]),
      );
    });

    it('start listeners run in order after the input mappings, the job after them, then the end listener; variables as documented', async () => {
      const result = h.zbc.createProcessInstanceWithResult({ bpmnProcessId: 'el-task', variables: {}, requestTimeout: 20_000 });
      const pik = await waitFor(
        () => [...store().values('process-instance')].find((p) => p.bpmnProcessId === 'el-task')?.key,
        'the instance',
      );

      const first = await restJob(pik, 'el-start-1');
      expect(first).toMatchObject({ kind: 'EXECUTION_LISTENER', listenerEventType: 'START', elementId: 'work' });
      // After the input mappings: the listener sees the mapped local variable.
      expect(first.variables).toEqual({ x: 1 });
      // The element's own job does not exist yet: the element is still ACTIVATING.
      expect(openJobs(pik).map((j) => j.type)).toEqual(['el-start-1']);
      expect([...store().values('element-instance')].find((e) => e.elementId === 'work')!.state).toBe('ACTIVATING');
      await rest.completeJob({ jobKey: first.jobKey, variables: { a: 1 } });

      const second = await grpcJob(pik, 'el-start-2');
      expect(second.variables).toEqual({ x: 1, a: 1 });
      await h.zbc.completeJob({ jobKey: second.key, variables: { b: 2 } });

      const work = await restJob(pik, 'el-work');
      expect(work).toMatchObject({ kind: 'BPMN_ELEMENT', listenerEventType: 'UNSPECIFIED' });
      expect(work.variables).toEqual({ x: 1, a: 1, b: 2 });
      await rest.completeJob({ jobKey: work.jobKey, variables: { c: 3 } });

      const endListener = await restJob(pik, 'el-end');
      expect(endListener).toMatchObject({ kind: 'EXECUTION_LISTENER', listenerEventType: 'END' });
      expect(endListener.variables).toMatchObject({ c: 3 });
      await rest.completeJob({ jobKey: endListener.jobKey, variables: { d: 4 } });

      // Start listener variables stayed local to the task; the end listener's reached the process.
      expect((await result).variables).toEqual({ c: 3, d: 4 });
      const jobs = await rest.searchJobs({ filter: { processInstanceKey: pik }, sort: [{ field: 'jobKey' }] }, noWait);
      expect(jobs.items.map((j: RestJob) => [j.type, j.kind, j.listenerEventType])).toEqual([
        ['el-start-1', 'EXECUTION_LISTENER', 'START'],
        ['el-start-2', 'EXECUTION_LISTENER', 'START'],
        ['el-work', 'BPMN_ELEMENT', 'UNSPECIFIED'],
        ['el-end', 'EXECUTION_LISTENER', 'END'],
      ]);
      const listenerJobs = await rest.searchJobs(
        { filter: { processInstanceKey: pik, kind: 'EXECUTION_LISTENER', listenerEventType: 'END' } },
        noWait,
      );
      expect(listenerJobs.items.map((j: RestJob) => j.type)).toEqual(['el-end']);
    });

    it('process listeners: the start listener runs before the start event, the end listener after the end event', async () => {
      const result = h.zbc.createProcessInstanceWithResult({ bpmnProcessId: 'el-process', variables: { v: 0 }, requestTimeout: 20_000 });
      const pik = await waitFor(
        () => [...store().values('process-instance')].find((p) => p.bpmnProcessId === 'el-process')?.key,
        'the instance',
      );
      const startJob = await restJob(pik, 'el-p-start');
      expect(startJob).toMatchObject({ elementId: 'el-process', kind: 'EXECUTION_LISTENER', listenerEventType: 'START' });
      expect(
        [...store().values('element-instance')].filter((e) => e.processInstanceKey === pik).map((e) => [e.elementId, e.state]),
      ).toEqual([['el-process', 'ACTIVATING']]);
      await rest.completeJob({ jobKey: startJob.jobKey, variables: { fromStart: true } });
      const work = await grpcJob(pik, 'el-p-work');
      expect(work.variables).toEqual({ v: 0, fromStart: true });
      await h.zbc.completeJob({ jobKey: work.key, variables: {} });
      const endJob = await restJob(pik, 'el-p-end');
      expect(endJob).toMatchObject({ elementId: 'el-process', listenerEventType: 'END' });
      await rest.completeJob({ jobKey: endJob.jobKey, variables: { fromEnd: true } });
      expect((await result).variables).toEqual({ v: 0, fromStart: true, fromEnd: true });
    });

    it('a listener job without retries raises EXECUTION_LISTENER_NO_RETRIES; resolving retries that listener; BPMN errors are rejected', async () => {
      const pik = await run('el-fail');
      const job = await grpcJob(pik, 'el-f-start');
      await expect(h.zbc.throwError({ jobKey: job.key, errorCode: 'E', errorMessage: 'no' })).rejects.toThrow(
        `Cannot throw BPMN error from EXECUTION_LISTENER job with key '${job.key}', type 'el-f-start' and processInstanceKey '${pik}'`,
      );
      await h.zbc.failJob({ jobKey: job.key, retries: 0, errorMessage: 'listener down', retryBackOff: 0 });
      const incidents = await waitFor(async () => {
        const res = await rest.searchIncidents({ filter: { processInstanceKey: pik } }, noWait);
        return res.items.length > 0 ? res.items : undefined;
      }, 'the incident');
      expect(incidents).toEqual([
        expect.objectContaining({ errorType: 'EXECUTION_LISTENER_NO_RETRIES', errorMessage: 'listener down', elementId: 't' }),
      ]);
      await h.zbc.updateJobRetries({ jobKey: job.key, retries: 1 });
      await h.zbc.resolveIncident({ incidentKey: incidents[0].incidentKey });
      const again = await grpcJob(pik, 'el-f-start');
      expect(again.key).toBe(job.key);
      await h.zbc.completeJob({ jobKey: again.key, variables: {} });
      const work = await grpcJob(pik, 'el-f-work');
      await h.zbc.completeJob({ jobKey: work.key, variables: {} });
      await waitFor(() => !store().get('process-instance', pik), 'the instance to complete');
    });

    it('a multi-instance activity: each inner instance runs the listeners, the body none', async () => {
      const pik = await run('el-multi');
      const jobs = await waitFor(async () => {
        const found = await activate(h.zbc, 'el-m-start');
        return found.length === 2 ? found : undefined;
      }, 'two start listener jobs');
      const inner = [...store().values('element-instance')].filter((e) => e.processInstanceKey === pik && e.type === 'SERVICE_TASK');
      expect(jobs.map((j) => j.elementInstanceKey).sort()).toEqual(inner.map((e) => e.key).sort());
      expect(jobs.map((j) => j.variables.item).sort()).toEqual([1, 2]);
      for (const job of jobs) await h.zbc.completeJob({ jobKey: job.key, variables: {} });
      const work = await waitFor(async () => {
        const found = await activate(h.zbc, 'el-m-work');
        return found.length === 2 ? found : undefined;
      }, 'two jobs');
      for (const job of work) await h.zbc.completeJob({ jobKey: job.key, variables: {} });
      await waitFor(() => !store().get('process-instance', pik), 'the instance to complete');
    });

    it('a listener type that fails to evaluate raises EXTRACT_VALUE_ERROR; resolving runs the listeners again', async () => {
      const pik = await run('el-expression');
      const incident = await waitFor(() => [...store().values('incident')].find((i) => i.processInstanceKey === pik), 'the incident');
      expect(incident).toMatchObject({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 't' });
      await h.zbc.setVariables({ elementInstanceKey: pik, variables: { listenerType: 'el-x-listener' }, local: false });
      await h.zbc.resolveIncident({ incidentKey: incident.key });
      const job = await restJob(pik, 'el-x-listener');
      expect(job).toMatchObject({ kind: 'EXECUTION_LISTENER', listenerEventType: 'START' });
      await rest.completeJob({ jobKey: job.jobKey });
      await grpcJob(pik, 'el-x-work');
      await h.zbc.cancelProcessInstance(pik);
    });

    it.each([
      [
        'an end listener on a gateway',
        `<bpmn:exclusiveGateway id="g">${ext(els(el('end', 'x')))}</bpmn:exclusiveGateway>`,
        "Execution listeners of type 'end' are not supported by gateway element",
      ],
      ['a start listener on a start event', '', "Execution listeners of type 'start' are not supported by start events"],
      [
        'the same type twice for one event type',
        `<bpmn:task id="g">${ext(els(el('start', 'dup'), el('start', 'dup')))}</bpmn:task>`,
        "Found '2' duplicates based on eventType[start] and type[dup], these combinations should be unique.",
      ],
    ])('deployment rejects %s', async (_what, element, message) => {
      const startEvent = element ? start('s') : start('s', ext(els(el('start', 'x'))));
      const body = element ? [startEvent, element, end('e'), ...chain('s', 'g', 'e')] : [startEvent, end('e'), ...chain('s', 'e')];
      await expect(h.deploy('el-invalid.bpmn', process('el-invalid', body))).rejects.toThrow(message);
    });
  });

  describe('user task listeners', () => {
    beforeAll(async () => {
      const around = (id: string, task: string) => process(id, [start('s'), task, end('e'), ...chain('s', 'ut', 'e')]);
      await h.deploy(
        'tl-complete.bpmn',
        around(
          'tl-complete',
          userTask('ut', [tl('completing', 'tl-completing')], '<zeebe:taskHeaders><zeebe:header key="k" value="v" /></zeebe:taskHeaders>'),
        ),
      );
      await h.deploy(
        'tl-assign.bpmn',
        around('tl-assign', userTask('ut', [tl('assigning', 'tl-assigning-1'), tl('assignment', 'tl-assigning-2')])),
      );
      await h.deploy(
        'tl-create.bpmn',
        around(
          'tl-create',
          userTask(
            'ut',
            [tl('creating', 'tl-creating'), tl('assigning', 'tl-assigning-c')],
            '<zeebe:assignmentDefinition assignee="=owner" />',
          ),
        ),
      );
      await h.deploy('tl-fail.bpmn', around('tl-fail', userTask('ut', [tl('completing', 'tl-fail', 1)])));
      await h.deploy('tl-update.bpmn', around('tl-update', userTask('ut', [tl('updating', 'tl-updating')])));
    });

    it('completing: the task waits in COMPLETING; a denial rejects the completion and keeps the task; an acceptance completes it', async () => {
      const pik = await run('tl-complete');
      const task = await userTaskOf(pik, 'CREATED');
      const denied = rest.completeUserTask({ userTaskKey: task.userTaskKey, variables: { approved: false } });
      const job = await restJob(pik, 'tl-completing');
      expect(job).toMatchObject({ kind: 'TASK_LISTENER', listenerEventType: 'COMPLETING', elementId: 'ut' });
      expect(job.customHeaders).toEqual({
        k: 'v',
        'io.camunda.zeebe:userTaskKey': task.userTaskKey,
        'io.camunda.zeebe:action': 'complete',
        'io.camunda.zeebe:priority': '50',
      });
      expect((await userTaskOf(pik)).state).toBe('COMPLETING');
      // No other command while the listener decides.
      expect(await statusOf(rest.assignUserTask({ userTaskKey: task.userTaskKey, assignee: 'anna' }))).toBe(409);
      // Task listener jobs take no variables.
      expect(await statusOf(rest.completeJob({ jobKey: job.jobKey, variables: { x: 1 } }))).toBe(400);
      await rest.completeJob({ jobKey: job.jobKey, result: { type: 'userTask', denied: true, deniedReason: 'not approved' } });
      const err = await denied.then(
        () => undefined,
        (e: unknown) => e as { status?: number; response?: { status?: number }; message?: string },
      );
      expect(err?.status ?? err?.response?.status).toBe(409);
      expect(JSON.stringify(err)).toContain(
        `Completion of the User Task with key '${task.userTaskKey}' was denied by Task Listener. Reason to deny: 'not approved'`,
      );
      expect((await userTaskOf(pik, 'CREATED')).state).toBe('CREATED');
      const deniedJobs = await rest.searchJobs({ filter: { processInstanceKey: pik, isDenied: true } }, noWait);
      expect(deniedJobs.items).toEqual([
        expect.objectContaining({ jobKey: job.jobKey, kind: 'TASK_LISTENER', deniedReason: 'not approved' }),
      ]);

      const accepted = rest.completeUserTask({ userTaskKey: task.userTaskKey, variables: { approved: true } });
      const second = await restJob(pik, 'tl-completing');
      await rest.completeJob({ jobKey: second.jobKey, result: { type: 'userTask', denied: false } });
      await accepted;
      await waitFor(() => !store().get('process-instance', pik), 'the instance to complete');
      expect((await userTaskOf(pik, 'COMPLETED')).state).toBe('COMPLETED');
      const vars = await rest.searchVariables({ filter: { processInstanceKey: pik, name: 'approved' } }, noWait);
      expect(vars.items.map((v: { value: string }) => v.value)).toEqual(['true']);
    });

    it('assigning: listeners run in order, see the new assignee, and their corrections apply when the assignment ends', async () => {
      const pik = await run('tl-assign');
      const task = await userTaskOf(pik, 'CREATED');
      const assigning = rest.assignUserTask({ userTaskKey: task.userTaskKey, assignee: 'anna' });
      const first = await restJob(pik, 'tl-assigning-1');
      expect(first).toMatchObject({ listenerEventType: 'ASSIGNING' });
      expect(first.customHeaders).toMatchObject({
        'io.camunda.zeebe:assignee': 'anna',
        'io.camunda.zeebe:changedAttributes': '["assignee"]',
      });
      // The REST job carries the same data as UserTaskProperties.
      expect((first as RestJob & { userTask: unknown }).userTask).toMatchObject({
        action: 'assign',
        assignee: 'anna',
        changedAttributes: ['assignee'],
        priority: 50,
        userTaskKey: task.userTaskKey,
      });
      expect((await userTaskOf(pik)).state).toBe('ASSIGNING');
      await rest.completeJob({ jobKey: first.jobKey, result: { type: 'userTask', corrections: { assignee: 'bob', priority: 80 } } });
      // The deprecated `assignment` name is an assigning listener; it sees the corrections.
      const second = await restJob(pik, 'tl-assigning-2');
      expect(second.customHeaders).toMatchObject({
        'io.camunda.zeebe:assignee': 'bob',
        'io.camunda.zeebe:priority': '80',
        'io.camunda.zeebe:changedAttributes': '["assignee","priority"]',
      });
      await h.zbc.completeJob({ jobKey: second.jobKey, variables: {} });
      await assigning;
      expect(await userTaskOf(pik, 'CREATED')).toMatchObject({ assignee: 'bob', priority: 80 });
      await h.zbc.cancelProcessInstance(pik);
    });

    it('creating: the task is CREATING until the listener accepted; then the assignee the process defined goes through assigning', async () => {
      const pik = await run('tl-create', { owner: 'carla' });
      const creating = await restJob(pik, 'tl-creating');
      expect(creating).toMatchObject({ listenerEventType: 'CREATING' });
      expect(creating.customHeaders['io.camunda.zeebe:assignee']).toBeUndefined();
      expect((await userTaskOf(pik)).state).toBe('CREATING');
      // A creating listener cannot deny, nor correct an assignee the process defined.
      expect(await statusOf(rest.completeJob({ jobKey: creating.jobKey, result: { type: 'userTask', denied: true } }))).toBe(400);
      expect(
        await statusOf(rest.completeJob({ jobKey: creating.jobKey, result: { type: 'userTask', corrections: { assignee: 'x' } } })),
      ).toBe(400);
      await rest.completeJob({ jobKey: creating.jobKey, result: { type: 'userTask', corrections: { candidateGroups: ['sales'] } } });
      const assigning = await restJob(pik, 'tl-assigning-c');
      expect(assigning.customHeaders).toMatchObject({
        'io.camunda.zeebe:assignee': 'carla',
        'io.camunda.zeebe:candidateGroups': '["sales"]',
      });
      await rest.completeJob({ jobKey: assigning.jobKey });
      expect(await userTaskOf(pik, 'CREATED')).toMatchObject({ assignee: 'carla', candidateGroups: ['sales'] });
      await h.zbc.cancelProcessInstance(pik);
    });

    it('updating: an update and a variable update on the task wait for the listener; a denied variable update sets nothing', async () => {
      const pik = await run('tl-update');
      const task = await userTaskOf(pik, 'CREATED');
      const updating = rest.updateUserTask({ userTaskKey: task.userTaskKey, changeset: { priority: 70 } });
      const job = await restJob(pik, 'tl-updating');
      expect(job).toMatchObject({ listenerEventType: 'UPDATING' });
      expect(job.customHeaders).toMatchObject({
        'io.camunda.zeebe:action': 'update',
        'io.camunda.zeebe:priority': '70',
        'io.camunda.zeebe:changedAttributes': '["priority"]',
      });
      expect((await userTaskOf(pik)).state).toBe('UPDATING');
      await rest.completeJob({ jobKey: job.jobKey, result: { type: 'userTask', corrections: { priority: 90 } } });
      await updating;
      expect((await userTaskOf(pik, 'CREATED')).priority).toBe(90);

      // Variables set on the user task's element instance are an update too (changed attribute "variables").
      const denied = h.zbc.setVariables({ elementInstanceKey: task.elementInstanceKey, variables: { note: 'first' }, local: false });
      const variableJob = await restJob(pik, 'tl-updating');
      expect(variableJob.customHeaders['io.camunda.zeebe:changedAttributes']).toBe('["variables"]');
      await rest.completeJob({ jobKey: variableJob.jobKey, result: { type: 'userTask', denied: true, deniedReason: 'nope' } });
      await expect(denied).rejects.toThrow(
        `Variable update for user task instance with key '${task.elementInstanceKey}' was denied by Task Listener. Reason to deny: 'nope'`,
      );
      const accepted = h.zbc.setVariables({ elementInstanceKey: task.elementInstanceKey, variables: { note: 'second' }, local: false });
      await rest.completeJob({ jobKey: (await restJob(pik, 'tl-updating')).jobKey });
      await accepted;
      // Zeebe merges them into the task's own scope, whatever the local flag says.
      const notes = await rest.searchVariables({ filter: { processInstanceKey: pik, name: 'note' } }, noWait);
      expect(notes.items.map((v: { value: string; scopeKey: string }) => [v.value, v.scopeKey])).toEqual([
        ['"second"', task.elementInstanceKey],
      ]);
      await h.zbc.cancelProcessInstance(pik);
    });

    it('a task listener job without retries raises TASK_LISTENER_NO_RETRIES; after resolving, the completion goes on', async () => {
      const pik = await run('tl-fail');
      const task = await userTaskOf(pik, 'CREATED');
      const completing = rest.completeUserTask({ userTaskKey: task.userTaskKey });
      const job = await grpcJob(pik, 'tl-fail');
      await h.zbc.failJob({ jobKey: job.key, retries: 0, errorMessage: 'listener down', retryBackOff: 0 });
      const incidents = await waitFor(async () => {
        const res = await rest.searchIncidents({ filter: { processInstanceKey: pik } }, noWait);
        return res.items.length > 0 ? res.items : undefined;
      }, 'the incident');
      expect(incidents).toEqual([expect.objectContaining({ errorType: 'TASK_LISTENER_NO_RETRIES', elementId: 'ut' })]);
      await h.zbc.updateJobRetries({ jobKey: job.key, retries: 1 });
      await h.zbc.resolveIncident({ incidentKey: incidents[0].incidentKey });
      const again = await grpcJob(pik, 'tl-fail');
      await h.zbc.completeJob({ jobKey: again.key, variables: {} });
      await completing;
      await waitFor(() => !store().get('process-instance', pik), 'the instance to complete');
    });

    it('deployment: task listeners only on Camunda user tasks', async () => {
      const jobBased = `<bpmn:userTask id="ut">${ext(`<zeebe:taskListeners>${tl('completing', 'x')}</zeebe:taskListeners>`)}</bpmn:userTask>`;
      await expect(h.deploy('tl-bad.bpmn', process('tl-bad', [start('s'), jobBased, end('e'), ...chain('s', 'ut', 'e')]))).rejects.toThrow(
        'Task listeners are only allowed on Camunda user tasks.',
      );
    });
  });
});

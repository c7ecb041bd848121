/**
 * Process instance migration (MigrateProcessInstance), with the outcomes of Camunda's docs
 * ("Process instance migration") and Zeebe 8.8's rejection texts
 * (ProcessInstanceMigrationPreconditions).
 */
import { status } from '@grpc/grpc-js';
import { createEngineQueries } from '../../engine/query';
import { chain, end, ext, flow, messageWithKey, multiInstance, process, serviceTask, signal, start, timer } from '../bpmn';
import { activate, startHarness, waitFor, type Harness } from '../harness';

const userTask = (id: string) => `<bpmn:userTask id="${id}">${ext('<zeebe:userTask />')}</bpmn:userTask>`;

describe('process instance migration (through @camunda8/sdk)', () => {
  let h: Harness;
  let v1: string;
  let v2: string;
  let other: string;
  beforeAll(async () => {
    h = await startHarness();
    v1 = await h.deploy(
      'mig.bpmn',
      process('mig', [start('s'), serviceTask('A', 'mig-a'), userTask('U'), end('e'), ...chain('s', 'A', 'U', 'e')]),
    );
    // Version 2: A is renamed A2 and gets a timer boundary event; a new task follows the user task.
    v2 = await h.deploy(
      'mig.bpmn',
      process('mig', [
        start('s'),
        serviceTask('A2', 'mig-a'),
        `<bpmn:boundaryEvent id="late" attachedToRef="A2">${timer('timeDuration', 'PT1H')}</bpmn:boundaryEvent>`,
        end('lateEnd'),
        userTask('U2'),
        serviceTask('after', 'mig-after'),
        end('e'),
        ...chain('s', 'A2', 'U2', 'after', 'e'),
        ...chain('late', 'lateEnd'),
      ]),
    );
    other = await h.deploy(
      'mig-other.bpmn',
      process(
        'mig-other',
        [start('s'), `<bpmn:receiveTask id="R" messageRef="m" />`, userTask('U'), end('e'), ...chain('s', 'R', 'U', 'e')],
        [messageWithKey('m', 'mig-msg', '=id')],
      ),
    );
  });
  afterAll(() => h.close());

  const store = () => h.engine.engine.store;
  const liveElements = (pik: string) => [...store().values('element-instance')].filter((ei) => ei.processInstanceKey === pik);
  const elementOf = (pik: string, elementId: string) => waitFor(() => liveElements(pik).find((ei) => ei.elementId === elementId));
  const jobsOf = (pik: string) => [...store().values('job')].filter((j) => j.processInstanceKey === pik);
  const stateOf = async (pik: string) => (await createEngineQueries(h.db).processInstances.get(pik)).state;
  const migrate = (processInstanceKey: string, targetProcessDefinitionKey: string, mappings: [string, string][]) =>
    h.zbc.migrateProcessInstance({
      processInstanceKey,
      migrationPlan: {
        targetProcessDefinitionKey,
        mappingInstructions: mappings.map(([sourceElementId, targetElementId]) => ({ sourceElementId, targetElementId })),
      },
    });

  it('moves a service task with its job to version 2: the job is completed there and the instance runs the new model', async () => {
    const pi = await h.zbc.createProcessInstance({ bpmnProcessId: 'mig', version: 1, variables: { orderId: 7 } });
    const pik = pi.processInstanceKey;
    const a = await elementOf(pik, 'A');
    await waitFor(() => jobsOf(pik).length === 1);
    const jobKey = jobsOf(pik)[0].key;

    await migrate(pik, v2, [['A', 'A2']]);

    // Same element instance and job, now of version 2; the new boundary timer is subscribed.
    const migrated = store().get('element-instance', a.key)!;
    expect([migrated.elementId, migrated.processDefinitionKey]).toEqual(['A2', v2]);
    expect(store().get('process-instance', pik)).toMatchObject({ processDefinitionKey: v2, version: 2 });
    const timers = [...store().values('timer')].filter((t) => t.elementInstanceKey === a.key);
    expect(timers.map((t) => t.targetElementId)).toEqual(['late']);
    const job = (await activate(h.zbc, 'mig-a')).find((j) => j.processInstanceKey === pik)!;
    expect(job.key).toBe(jobKey);
    expect([job.elementId, job.bpmnProcessId, job.processDefinitionVersion]).toEqual(['A2', 'mig', 2]);
    expect(job.variables).toEqual({ orderId: 7 });
    await h.zbc.completeJob({ jobKey: job.key, variables: {} });

    // Version 2 goes on with U2, then the task that only version 2 has.
    const u2 = await elementOf(pik, 'U2');
    expect(timers.every((t) => !store().get('timer', t.key))).toBe(true);
    const task = await waitFor(() => [...store().values('user-task')].find((t) => t.elementInstanceKey === u2.key));
    await h.engine.commands.completeUserTask(task.key, {});
    const after = (await activate(h.zbc, 'mig-after')).find((j) => j.processInstanceKey === pik)!;
    await h.zbc.completeJob({ jobKey: after.key, variables: {} });
    await waitFor(async () => (await stateOf(pik)) === 'COMPLETED');
  });

  it('moves a user task to version 2 with its user task record; completing it continues in version 2', async () => {
    const pi = await h.zbc.createProcessInstance({ bpmnProcessId: 'mig', version: 1, variables: {} });
    const pik = pi.processInstanceKey;
    await waitFor(() => jobsOf(pik).length === 1);
    await h.zbc.completeJob({ jobKey: jobsOf(pik)[0].key, variables: { approved: true } });
    const u = await elementOf(pik, 'U');
    const task = await waitFor(() => [...store().values('user-task')].find((t) => t.elementInstanceKey === u.key));

    await migrate(pik, v2, [['U', 'U2']]);

    expect(store().get('user-task', task.key)).toMatchObject({
      elementId: 'U2',
      processDefinitionKey: v2,
      processDefinitionVersion: 2,
      state: 'CREATED',
    });
    expect(store().get('element-instance', u.key)!.elementId).toBe('U2');
    const vars = [...store().values('variable')].filter((v) => v.processInstanceKey === pik).map((v) => [v.name, v.value]);
    expect(vars).toEqual([['approved', 'true']]);
    await h.engine.commands.completeUserTask(task.key, {});
    const after = (await activate(h.zbc, 'mig-after')).find((j) => j.processInstanceKey === pik)!;
    expect(after.elementId).toBe('after');
    await h.zbc.completeJob({ jobKey: after.key, variables: {} });
    await waitFor(async () => (await stateOf(pik)) === 'COMPLETED');
  });

  it('moves a receive task to another process, keeping its message subscription', async () => {
    const pi = await h.zbc.createProcessInstance({ bpmnProcessId: 'mig-other', variables: { id: 'x-1' } });
    const pik = pi.processInstanceKey;
    const r = await elementOf(pik, 'R');
    const receiver = await h.deploy(
      'mig-receiver.bpmn',
      process(
        'mig-receiver',
        [start('s'), `<bpmn:receiveTask id="R2" messageRef="m" />`, end('e'), ...chain('s', 'R2', 'e')],
        [messageWithKey('m', 'mig-msg-new', '=id')],
      ),
    );
    await migrate(pik, receiver, [['R', 'R2']]);
    const subs = [...store().values('message-subscription')].filter((s) => s.elementInstanceKey === r.key);
    expect(subs.map((s) => [s.targetElementId, s.messageName, s.correlationKey, s.bpmnProcessId])).toEqual([
      ['R2', 'mig-msg', 'x-1', 'mig-receiver'],
    ]);
    await h.zbc.publishMessage({ name: 'mig-msg', correlationKey: 'x-1', variables: {} });
    await waitFor(async () => (await stateOf(pik)) === 'COMPLETED');
  });

  it('rejects an unmapped active element, a type change and an unknown target element, and changes nothing', async () => {
    const pi = await h.zbc.createProcessInstance({ bpmnProcessId: 'mig', version: 1, variables: {} });
    const pik = pi.processInstanceKey;
    const a = await elementOf(pik, 'A');
    const reject = (mappings: [string, string][], target = v2) => expect(migrate(pik, target, mappings)).rejects;

    await reject([]).toMatchObject({
      code: status.FAILED_PRECONDITION,
      details: `Command 'MIGRATE' rejected with code 'INVALID_STATE': Expected to migrate process instance '${pik}' but no mapping instruction defined for active element with id 'A'. Elements cannot be migrated without a mapping.`,
    });
    await reject([['A', 'U2']]).toMatchObject({
      code: status.FAILED_PRECONDITION,
      details: `Command 'MIGRATE' rejected with code 'INVALID_STATE': Expected to migrate process instance '${pik}' but active element with id 'A' and type 'SERVICE_TASK' is mapped to an element with id 'U2' and different type 'USER_TASK'. Elements must be mapped to elements of the same type.`,
    });
    await reject([['A', 'nowhere']]).toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: `Command 'MIGRATE' rejected with code 'INVALID_ARGUMENT': Expected to migrate process instance '${pik}' but mapping instructions contain a non-existing target element id 'nowhere'. Elements provided in mapping instructions must exist in the target process definition.`,
    });
    await reject([
      ['A', 'A2'],
      ['A', 'U2'],
    ]).toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: `Command 'MIGRATE' rejected with code 'INVALID_ARGUMENT': Expected to migrate process instance '${pik}' but the mapping instructions contain duplicate source element ids '[A]'.`,
    });
    await reject([['A', 'A2']], '2251799813999999').toMatchObject({
      code: status.NOT_FOUND,
      details:
        "Command 'MIGRATE' rejected with code 'NOT_FOUND': Expected to migrate process instance to process definition but no process definition found with key '2251799813999999'",
    });
    await reject([['A', 'U']], other).toMatchObject({
      code: status.FAILED_PRECONDITION,
      details: expect.stringContaining("active element with id 'A' and type 'SERVICE_TASK' is mapped to an element with id 'U'"),
    });
    await expect(migrate('2251799813999999', v2, [['A', 'A2']])).rejects.toMatchObject({
      code: status.NOT_FOUND,
      details:
        "Command 'MIGRATE' rejected with code 'NOT_FOUND': Expected to migrate process instance but no process instance found with key '2251799813999999'",
    });

    // Nothing changed: still version 1 at A, with its job, and no boundary timer.
    expect(store().get('element-instance', a.key)).toMatchObject({ elementId: 'A', processDefinitionKey: v1 });
    expect(store().get('process-instance', pik)).toMatchObject({ processDefinitionKey: v1, version: 1 });
    expect(jobsOf(pik).map((j) => [j.elementId, j.processDefinitionKey])).toEqual([['A', v1]]);
    expect([...store().values('timer')].filter((t) => t.processInstanceKey === pik)).toEqual([]);
    await h.zbc.cancelProcessInstance(pik);
  });

  it('rejects a mapping that changes the flow scope of an active element', async () => {
    const scoped = await h.deploy(
      'mig.bpmn',
      process('mig', [
        start('s'),
        `<bpmn:subProcess id="sub"><bpmn:startEvent id="ss" />${serviceTask('A3', 'mig-a')}<bpmn:endEvent id="se" />` +
          `${chain('ss', 'A3', 'se').join('')}</bpmn:subProcess>`,
        end('e'),
        ...chain('s', 'sub', 'e'),
      ]),
    );
    const pi = await h.zbc.createProcessInstance({ bpmnProcessId: 'mig', version: 1, variables: {} });
    const pik = pi.processInstanceKey;
    await elementOf(pik, 'A');
    await expect(migrate(pik, scoped, [['A', 'A3']])).rejects.toMatchObject({
      code: status.FAILED_PRECONDITION,
      details: `Command 'MIGRATE' rejected with code 'INVALID_STATE': Expected to migrate process instance '${pik}' but the flow scope of active element with id 'A' is changed. The flow scope of the active element is expected to be 'mig' but was 'sub'. The flow scope of an element cannot be changed during migration yet.`,
    });
    await h.zbc.cancelProcessInstance(pik);
  });
  it('moves a mapped boundary timer with its due date, closes unmapped subscriptions, opens new ones; the timer fires in version 2', async () => {
    const boundary = (id: string, host: string, inner: string, extra = '') =>
      `<bpmn:boundaryEvent id="${id}" attachedToRef="${host}"${extra}>${inner}</bpmn:boundaryEvent>`;
    const t1 = await h.deploy(
      'mig-timer.bpmn',
      process(
        'mig-timer',
        [
          start('s'),
          serviceTask('T', 'mig-t'),
          boundary('b1', 'T', timer('timeDuration', 'PT1H')),
          boundary('m1', 'T', '<bpmn:messageEventDefinition messageRef="mc" />'),
          end('e'),
          end('late1'),
          end('msgEnd'),
          ...chain('s', 'T', 'e'),
          ...chain('b1', 'late1'),
          ...chain('m1', 'msgEnd'),
        ],
        [messageWithKey('mc', 'mig-cancel', '=id')],
      ),
    );
    const t2 = await h.deploy(
      'mig-timer.bpmn',
      process(
        'mig-timer',
        [
          start('s'),
          serviceTask('T2', 'mig-t'),
          boundary('b2', 'T2', timer('timeDuration', 'PT2H')),
          boundary('sig', 'T2', '<bpmn:signalEventDefinition signalRef="sg" />'),
          end('e'),
          end('late2'),
          end('sigEnd'),
          ...chain('s', 'T2', 'e'),
          ...chain('b2', 'late2'),
          ...chain('sig', 'sigEnd'),
        ],
        [signal('sg', 'mig-stop')],
      ),
    );
    const pi = await h.zbc.createProcessInstance({ bpmnProcessId: 'mig-timer', version: 1, variables: { id: 'k-1' } });
    const pik = pi.processInstanceKey;
    const t = await elementOf(pik, 'T');
    const [timer1] = await waitFor(() => {
      const timers = [...store().values('timer')].filter((x) => x.elementInstanceKey === t.key);
      return timers.length ? timers : undefined;
    });
    const subsOf = (kind: 'message-subscription' | 'signal-subscription') =>
      [...store().values(kind)].filter((x) => x.elementInstanceKey === t.key).map((x) => x.targetElementId);
    expect(subsOf('message-subscription')).toEqual(['m1']);

    // Zeebe's catch event rules: no change of event type, no merging of catch events.
    await expect(
      migrate(pik, t2, [
        ['T', 'T2'],
        ['b1', 'sig'],
      ]),
    ).rejects.toMatchObject({
      code: status.FAILED_PRECONDITION,
      details: `Command 'MIGRATE' rejected with code 'INVALID_STATE': Expected to migrate process instance '${pik}' but active element with id 'T' has a catch event with id 'b1' that is mapped to a catch event with id 'sig'. These catch events have different event types: 'TIMER' and 'SIGNAL'. The event type of a catch event cannot be changed by process instance migration. Please ensure the event type of the catch event remains the same or remove the mapping instruction for these catch events.`,
    });
    await expect(
      migrate(pik, t2, [
        ['T', 'T2'],
        ['b1', 'b2'],
        ['m1', 'b2'],
      ]),
    ).rejects.toMatchObject({
      code: status.FAILED_PRECONDITION,
      details: expect.stringContaining(
        "There are multiple mapping instructions that target this catch event: 'b1', 'm1'. Catch events cannot be merged by process instance migration.",
      ),
    });

    await migrate(pik, t2, [
      ['T', 'T2'],
      ['b1', 'b2'],
    ]);
    // The timer is the same, due as before (PT1H, not PT2H); the message boundary is gone, the signal boundary new.
    expect(store().get('timer', timer1.key)).toMatchObject({ targetElementId: 'b2', dueDate: timer1.dueDate, processDefinitionKey: t2 });
    expect(subsOf('message-subscription')).toEqual([]);
    expect(subsOf('signal-subscription')).toEqual(['sig']);
    expect(store().get('process-instance', pik)?.processDefinitionKey).toBe(t2);

    await h.engine.commands.pinClock(timer1.dueDate + 1000);
    try {
      await waitFor(async () => (await stateOf(pik)) === 'COMPLETED');
      const ended = await createEngineQueries(h.db).elementInstances.search({ filter: { processInstanceKey: pik }, page: { limit: 50 } });
      expect(ended.items.map((e) => e.elementId)).toEqual(expect.arrayContaining(['b2', 'late2']));
    } finally {
      await h.engine.commands.resetClock();
    }
    expect(t1).toBeDefined();
  });
  it('moves a sub-process with its inner task, and a parallel multi-instance task with its body and inner instances', async () => {
    const sub = (id: string, inner: string) =>
      `<bpmn:subProcess id="${id}"><bpmn:startEvent id="${id}s" />${serviceTask(inner, 'mig-inner')}<bpmn:endEvent id="${id}e" />` +
      `${flow(`${id}s`, inner)}${flow(inner, `${id}e`)}</bpmn:subProcess>`;
    const mi = (id: string) => serviceTask(id, 'mig-mi', { multi: multiInstance({ inputCollection: '=items', inputElement: 'item' }) });
    await h.deploy(
      'mig-scopes.bpmn',
      process('mig-scopes', [
        start('s'),
        `<bpmn:parallelGateway id="fork" />`,
        sub('P', 'I'),
        mi('M'),
        `<bpmn:parallelGateway id="join" />`,
        end('e'),
        ...chain('s', 'fork', 'P', 'join', 'e'),
        ...chain('fork', 'M', 'join'),
      ]),
    );
    const v2scopes = await h.deploy(
      'mig-scopes.bpmn',
      process('mig-scopes', [
        start('s'),
        `<bpmn:parallelGateway id="fork" />`,
        sub('P2', 'I2'),
        mi('M2'),
        `<bpmn:parallelGateway id="join2" />`,
        end('e'),
        ...chain('s', 'fork', 'P2', 'join2', 'e'),
        ...chain('fork', 'M2', 'join2'),
      ]),
    );
    const pi = await h.zbc.createProcessInstance({ bpmnProcessId: 'mig-scopes', version: 1, variables: { items: [1, 2] } });
    const pik = pi.processInstanceKey;
    await waitFor(() => jobsOf(pik).length === 3);

    await expect(migrate(pik, v2scopes, [['M', 'M2']])).rejects.toMatchObject({
      details: expect.stringContaining("no mapping instruction defined for active element with id 'P'"),
    });
    await migrate(pik, v2scopes, [
      ['P', 'P2'],
      ['I', 'I2'],
      ['M', 'M2'],
    ]);
    expect(
      liveElements(pik)
        .map((ei) => [ei.elementId, ei.type])
        .sort(),
    ).toEqual([
      ['I2', 'SERVICE_TASK'],
      ['M2', 'MULTI_INSTANCE_BODY'],
      ['M2', 'SERVICE_TASK'],
      ['M2', 'SERVICE_TASK'],
      ['P2', 'SUB_PROCESS'],
      ['mig-scopes', 'PROCESS'],
    ]);
    const inner = (await activate(h.zbc, 'mig-inner')).find((j) => j.processInstanceKey === pik)!;
    expect(inner.elementId).toBe('I2');
    await h.zbc.completeJob({ jobKey: inner.key, variables: {} });
    const jobs = (await activate(h.zbc, 'mig-mi')).filter((j) => j.processInstanceKey === pik);
    expect(jobs.map((j) => j.elementId)).toEqual(['M2', 'M2']);
    for (const job of jobs) await h.zbc.completeJob({ jobKey: job.key, variables: {} });
    await waitFor(async () => (await stateOf(pik)) === 'COMPLETED');
  });
});

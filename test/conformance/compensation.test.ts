/**
 * Compensation, with the outcomes Camunda 8.8 documents and Zeebe's CompensationEventExecutionTest /
 * CompensationEventTest check:
 * https://docs.camunda.io/docs/components/modeler/bpmn/compensation-events/
 * https://docs.camunda.io/docs/components/modeler/bpmn/compensation-handler/
 * - a compensation throw (intermediate or end) invokes the handlers of the completed activities of
 *   its scope, stays active until they completed, then goes on; with nothing to compensate it completes;
 * - handlers of active activities are not invoked; `activityRef` compensates that activity only;
 * - completed embedded sub-processes are compensated inside; a throw inside a sub-process
 *   compensates only inside it; a throw in an event sub-process compensates its outer scope;
 * - a multi-instance activity's handler is invoked once (a multi-instance handler runs per item);
 *   an activity completed twice (a loop), or in each instance of a multi-instance sub-process, is
 *   compensated as often;
 * - cancelling the instance terminates the handlers; subscriptions end with the instance and
 *   survive an engine restart;
 * - deployment rejects what Zeebe rejects (handler flows, boundary without association,
 *   compensation event sub-processes), naming the element.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chain, end, error, ext, flow, io, multiInstance, process, serviceTask, start } from '../bpmn';
import { activate, startHarness, waitFor, type Harness } from '../harness';

type Vars = Record<string, string | number | boolean | number[] | string[]>;
/** A none throw event that records, by an output mapping, that the token passed it. */
const mark = (id: string) => `<bpmn:intermediateThrowEvent id="${id}">${ext(io({}, { [id]: '=true' }))}</bpmn:intermediateThrowEvent>`;
const compensateDefinition = (activityRef?: string) =>
  `<bpmn:compensateEventDefinition${activityRef ? ` activityRef="${activityRef}"` : ''} />`;
const compensationThrow = (id: string, activityRef?: string) =>
  `<bpmn:intermediateThrowEvent id="${id}">${compensateDefinition(activityRef)}</bpmn:intermediateThrowEvent>`;
const compensationEnd = (id: string, activityRef?: string) => end(id, compensateDefinition(activityRef));
/** The handler `undo-<id>` (job type `undo-<type>`), its compensation boundary event on `id` and their association. */
const handlerOf = (id: string, type: string, multi = '') => [
  `<bpmn:boundaryEvent id="${id}-comp" attachedToRef="${id}">${compensateDefinition()}</bpmn:boundaryEvent>`,
  `<bpmn:serviceTask id="undo-${id}" isForCompensation="true">${ext(`<zeebe:taskDefinition type="undo-${type}" />`)}${multi}</bpmn:serviceTask>`,
  `<bpmn:association id="${id}-assoc" associationDirection="One" sourceRef="${id}-comp" targetRef="undo-${id}" />`,
];
/** Service task `id` of job type `type` with a compensation handler. */
const compensable = (id: string, type: string, opts: { multi?: string; handlerMulti?: string } = {}) => [
  serviceTask(id, type, { multi: opts.multi }),
  ...handlerOf(id, type, opts.handlerMulti),
];

describe('compensation events (through @camunda8/sdk)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const startWithResult = (bpmnProcessId: string, variables: Vars = {}) =>
    h.zbc.createProcessInstanceWithResult({ bpmnProcessId, variables, requestTimeout: 20_000 });
  /** Activates `count` jobs of `type`, gathering them over several polls as they appear. */
  const jobsOf = async (on: Harness, type: string, count = 1) => {
    const found: Awaited<ReturnType<typeof activate>> = [];
    return waitFor(async () => {
      found.push(...(await activate(on.zbc, type, count - found.length)));
      return found.length >= count ? found : undefined;
    });
  };
  const completeOn = async (on: Harness, type: string, variables: Vars = {}) => {
    const [job] = await jobsOf(on, type);
    await on.zbc.completeJob({ jobKey: job!.key, variables });
    return job!;
  };
  const completeOne = (type: string, variables: Vars = {}) => completeOn(h, type, variables);
  const elementState = (processInstanceKey: string, elementId: string) =>
    [...h.engine.engine.store.values('element-instance')].find(
      (e) => e.processInstanceKey === processInstanceKey && e.elementId === elementId,
    )?.state;
  const subscriptionsOf = (processInstanceKey: string) =>
    [...h.engine.engine.store.values('compensation-subscription')].filter((s) => s.processInstanceKey === processInstanceKey);

  it('an intermediate throw invokes the handler of the completed task, waits for it, then takes its flow', async () => {
    const id = 'comp-throw';
    await h.deploy(
      `${id}.bpmn`,
      process(id, [
        start('s'),
        ...compensable('A', 'ct-a'),
        compensationThrow('thr'),
        mark('after'),
        end('e'),
        ...chain('s', 'A', 'thr', 'after', 'e'),
      ]),
    );
    const result = startWithResult(id, { order: 7 });
    await completeOne('ct-a', { charged: true });
    const [handlerJob] = await jobsOf(h, 'undo-ct-a');
    // The handler sees the instance's variables; the throw event waits for the handler.
    expect(handlerJob!.variables).toMatchObject({ order: 7, charged: true });
    expect(handlerJob!.elementId).toBe('undo-A');
    expect(elementState(handlerJob!.processInstanceKey, 'thr')).toBe('ACTIVE');
    expect(elementState(handlerJob!.processInstanceKey, 'after')).toBeUndefined();
    await h.zbc.completeJob({ jobKey: handlerJob!.key, variables: { refunded: true } });
    expect((await result).variables).toMatchObject({ order: 7, charged: true, refunded: true, after: true });
    expect(subscriptionsOf(handlerJob!.processInstanceKey)).toEqual([]);
  });

  it('a compensation end event invokes the handler; the process completes after the handler', async () => {
    const id = 'comp-end';
    await h.deploy(`${id}.bpmn`, process(id, [start('s'), ...compensable('A', 'ce-a'), compensationEnd('e'), ...chain('s', 'A', 'e')]));
    const result = startWithResult(id);
    await completeOne('ce-a');
    await completeOne('undo-ce-a', { undone: 1 });
    expect((await result).variables).toEqual({ undone: 1 });
  });

  it('a throw with nothing to compensate completes at once', async () => {
    const id = 'comp-none';
    await h.deploy(
      `${id}.bpmn`,
      process(id, [
        start('s'),
        serviceTask('A', 'cn-a'),
        compensationThrow('thr'),
        mark('after'),
        end('e'),
        ...chain('s', 'A', 'thr', 'after', 'e'),
      ]),
    );
    const result = startWithResult(id);
    await completeOne('cn-a');
    expect((await result).variables).toEqual({ after: true });
  });

  it('activityRef compensates only the referenced activity', async () => {
    const id = 'comp-ref';
    await h.deploy(
      `${id}.bpmn`,
      process(id, [
        start('s'),
        ...compensable('A', 'cr-a'),
        ...compensable('B', 'cr-b'),
        compensationThrow('thr', 'A'),
        end('e'),
        ...chain('s', 'A', 'B', 'thr', 'e'),
      ]),
    );
    const result = startWithResult(id);
    await completeOne('cr-a');
    await completeOne('cr-b');
    await completeOne('undo-cr-a', { undoneA: true });
    expect((await result).variables).toEqual({ undoneA: true });
    expect(await activate(h.zbc, 'undo-cr-b')).toHaveLength(0);
  });

  it('an activity that has not completed is not compensated', async () => {
    const id = 'comp-active';
    await h.deploy(
      `${id}.bpmn`,
      process(id, [
        start('s'),
        '<bpmn:parallelGateway id="fork" />',
        ...compensable('A', 'ca-a'),
        ...compensable('B', 'ca-b'),
        compensationThrow('thr'),
        end('eA'),
        end('eB'),
        ...chain('s', 'fork'),
        ...chain('fork', 'A', 'eA'),
        ...chain('fork', 'B', 'thr', 'eB'),
      ]),
    );
    const result = startWithResult(id);
    await completeOne('ca-b');
    const undoB = await completeOne('undo-ca-b');
    await waitFor(() => elementState(undoB.processInstanceKey, 'thr') === undefined);
    // A was still active when the compensation was thrown: its handler is never invoked.
    await completeOne('ca-a');
    await result;
    expect(await activate(h.zbc, 'undo-ca-a')).toHaveLength(0);
    expect(subscriptionsOf(undoB.processInstanceKey)).toEqual([]);
  });

  it('a multi-instance activity is compensated once after all its instances; a multi-instance handler runs per item', async () => {
    const id = 'comp-mi';
    const items = multiInstance({ inputCollection: '=items', inputElement: 'item' });
    await h.deploy(
      `${id}.bpmn`,
      process(id, [
        start('s'),
        ...compensable('A', 'cm-a', { multi: items }),
        ...compensable('B', 'cm-b', { multi: items, handlerMulti: items }),
        compensationEnd('e', undefined),
        ...chain('s', 'A', 'B', 'e'),
      ]),
    );
    const result = startWithResult(id, { items: [1, 2, 3] });
    for (let i = 0; i < 3; i++) await completeOne('cm-a');
    for (let i = 0; i < 3; i++) await completeOne('cm-b');
    const undoA = await completeOne('undo-cm-a');
    expect(undoA.variables).toMatchObject({ items: [1, 2, 3] });
    const undoB = await jobsOf(h, 'undo-cm-b', 3);
    expect(undoB.map((j) => j.variables.item).sort()).toEqual([1, 2, 3]);
    for (const job of undoB) await h.zbc.completeJob({ jobKey: job.key, variables: {} });
    await result;
    expect(await activate(h.zbc, 'undo-cm-a')).toHaveLength(0);
  });

  it('a throw after a completed sub-process compensates the activities inside it', async () => {
    const id = 'comp-sub';
    const sub = `<bpmn:subProcess id="sub">${[start('ss'), ...compensable('A', 'cs-a'), end('se'), ...chain('ss', 'A', 'se')].join('')}</bpmn:subProcess>`;
    await h.deploy(
      `${id}.bpmn`,
      process(id, [start('s'), sub, compensationThrow('thr'), mark('after'), end('e'), ...chain('s', 'sub', 'thr', 'after', 'e')]),
    );
    const result = startWithResult(id);
    await completeOne('cs-a');
    await completeOne('undo-cs-a', { undone: true });
    expect((await result).variables).toEqual({ undone: true, after: true });
  });

  it('a throw inside a sub-process compensates only inside it', async () => {
    const id = 'comp-inner';
    const sub = `<bpmn:subProcess id="sub">${[start('ss'), ...compensable('A', 'ci-a'), compensationEnd('se'), ...chain('ss', 'A', 'se')].join('')}</bpmn:subProcess>`;
    await h.deploy(`${id}.bpmn`, process(id, [start('s'), ...compensable('B', 'ci-b'), sub, end('e'), ...chain('s', 'B', 'sub', 'e')]));
    const result = startWithResult(id);
    await completeOne('ci-b');
    await completeOne('ci-a');
    await completeOne('undo-ci-a');
    await result;
    expect(await activate(h.zbc, 'undo-ci-b')).toHaveLength(0);
  });

  it('a compensation end event in an error event sub-process compensates the outer scope', async () => {
    const id = 'comp-esp';
    const esp =
      `<bpmn:subProcess id="onError" triggeredByEvent="true">` +
      `${start('es', '<bpmn:errorEventDefinition errorRef="Err" />')}${compensationEnd('ee')}${flow('es', 'ee')}</bpmn:subProcess>`;
    await h.deploy(
      `${id}.bpmn`,
      process(
        id,
        [start('s'), ...compensable('A', 'cesp-a'), serviceTask('C', 'cesp-c'), end('e'), ...chain('s', 'A', 'C', 'e'), esp],
        [error('Err', 'FAILED')],
      ),
    );
    const result = startWithResult(id);
    await completeOne('cesp-a');
    const [c] = await jobsOf(h, 'cesp-c');
    await h.zbc.throwError({ jobKey: c!.key, errorCode: 'FAILED', errorMessage: 'payment failed' });
    await completeOne('undo-cesp-a', { undone: true });
    expect((await result).variables).toEqual({ undone: true });
  });

  it('an embedded sub-process as compensation handler runs its steps', async () => {
    const id = 'comp-sub-handler';
    const undoSub =
      `<bpmn:subProcess id="undo-A" isForCompensation="true">` +
      `${[start('us'), serviceTask('u1', 'csh-undo-1'), serviceTask('u2', 'csh-undo-2'), end('ue'), ...chain('us', 'u1', 'u2', 'ue')].join('')}</bpmn:subProcess>`;
    await h.deploy(
      `${id}.bpmn`,
      process(id, [
        start('s'),
        serviceTask('A', 'csh-a'),
        `<bpmn:boundaryEvent id="A-comp" attachedToRef="A">${compensateDefinition()}</bpmn:boundaryEvent>`,
        undoSub,
        '<bpmn:association id="A-assoc" sourceRef="A-comp" targetRef="undo-A" />',
        compensationThrow('thr'),
        mark('after'),
        end('e'),
        ...chain('s', 'A', 'thr', 'after', 'e'),
      ]),
    );
    const result = startWithResult(id);
    await completeOne('csh-a');
    await completeOne('csh-undo-1', { step1: true });
    await completeOne('csh-undo-2', { step2: true });
    expect((await result).variables).toEqual({ step1: true, step2: true, after: true });
  });

  it('an activity completed twice (a loop) has its handler invoked twice', async () => {
    const id = 'comp-loop';
    await h.deploy(
      `${id}.bpmn`,
      process(id, [
        start('s'),
        ...compensable('A', 'cl-a'),
        '<bpmn:exclusiveGateway id="gw" default="toThrow" />',
        compensationThrow('thr'),
        end('e'),
        ...chain('s', 'A', 'gw'),
        flow('gw', 'A', '=count < 2'),
        flow('gw', 'thr', undefined, 'toThrow'),
        ...chain('thr', 'e'),
      ]),
    );
    const result = startWithResult(id, { count: 0 });
    await completeOne('cl-a', { count: 1 });
    await completeOne('cl-a', { count: 2 });
    const undo = await jobsOf(h, 'undo-cl-a', 2);
    expect(undo).toHaveLength(2);
    for (const job of undo) await h.zbc.completeJob({ jobKey: job.key, variables: {} });
    await result;
  });

  it('a multi-instance sub-process: the activity inside is compensated per completed inner instance', async () => {
    const id = 'comp-mi-sub';
    const sub =
      `<bpmn:subProcess id="sub">${[start('ss'), ...compensable('A', 'cms-a'), end('se'), ...chain('ss', 'A', 'se')].join('')}` +
      `${multiInstance({ inputCollection: '=items', inputElement: 'item' })}</bpmn:subProcess>`;
    await h.deploy(`${id}.bpmn`, process(id, [start('s'), sub, compensationEnd('e'), ...chain('s', 'sub', 'e')]));
    const result = startWithResult(id, { items: ['x', 'y'] });
    await completeOne('cms-a');
    await completeOne('cms-a');
    const undo = await jobsOf(h, 'undo-cms-a', 2);
    expect(undo).toHaveLength(2);
    for (const job of undo) await h.zbc.completeJob({ jobKey: job.key, variables: {} });
    await result;
  });

  it('subscriptions survive a restart of the engine', async () => {
    const id = 'comp-restart';
    const dataDir = mkdtempSync(join(tmpdir(), 'compensation-'));
    const xml = process(id, [
      start('s'),
      ...compensable('A', 'cr2-a'),
      serviceTask('B', 'cr2-b'),
      compensationThrow('thr'),
      end('e'),
      ...chain('s', 'A', 'B', 'thr', 'e'),
    ]);
    const first = await startHarness({ dataDir });
    let processInstanceKey: string;
    try {
      await first.deploy(`${id}.bpmn`, xml);
      processInstanceKey = (await first.zbc.createProcessInstance({ bpmnProcessId: id, variables: {} })).processInstanceKey;
      await completeOn(first, 'cr2-a');
      await waitFor(() => [...first.engine.engine.store.values('compensation-subscription')].length === 1);
    } finally {
      await first.close();
    }
    const second = await startHarness({ dataDir });
    try {
      await completeOn(second, 'cr2-b');
      await completeOn(second, 'undo-cr2-a');
      await waitFor(() => second.engine.engine.store.get('process-instance', processInstanceKey) === undefined);
      expect([...second.engine.engine.store.values('compensation-subscription')]).toEqual([]);
    } finally {
      await second.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('cancelling the instance terminates the running handler and drops its subscriptions', async () => {
    const id = 'comp-cancel';
    await h.deploy(
      `${id}.bpmn`,
      process(id, [start('s'), ...compensable('A', 'cc-a'), compensationThrow('thr'), end('e'), ...chain('s', 'A', 'thr', 'e')]),
    );
    const pi = await h.zbc.createProcessInstance({ bpmnProcessId: id, variables: {} });
    await completeOne('cc-a');
    const [handlerJob] = await jobsOf(h, 'undo-cc-a');
    expect(subscriptionsOf(pi.processInstanceKey)).toHaveLength(1);
    await h.zbc.cancelProcessInstance(pi.processInstanceKey);
    await expect(h.zbc.completeJob({ jobKey: handlerJob!.key, variables: {} })).rejects.toThrow(/NOT_FOUND/);
    expect(subscriptionsOf(pi.processInstanceKey)).toEqual([]);
  });

  describe('deployment rejections', () => {
    const rejectionOf = async (id: string, body: string[]) => {
      const err = await h.deploy(`${id}.bpmn`, process(id, body)).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(err).toBeDefined();
      return err!.message;
    };

    it('a compensation handler with an outgoing sequence flow', async () => {
      const message = await rejectionOf('rej-handler-out', [
        start('s'),
        ...compensable('A', 'r-a'),
        end('e'),
        end('e2'),
        ...chain('s', 'A', 'e'),
        flow('undo-A', 'e2'),
      ]);
      expect(message).toContain('- Element: undo-A');
      expect(message).toContain('A compensation handler should have no outgoing sequence flows');
    });

    it('a compensation boundary event without an association', async () => {
      const message = await rejectionOf('rej-no-assoc', [
        start('s'),
        serviceTask('A', 'r-a'),
        `<bpmn:boundaryEvent id="A-comp" attachedToRef="A">${compensateDefinition()}</bpmn:boundaryEvent>`,
        end('e'),
        ...chain('s', 'A', 'e'),
      ]);
      expect(message).toContain('- Element: A-comp');
      expect(message).toContain('Compensation boundary events must have a compensation association and no outgoing sequence flows');
    });

    it('a compensation event sub-process (Zeebe 8.8 does not deploy them)', async () => {
      const esp =
        `<bpmn:subProcess id="compEsp" triggeredByEvent="true">` +
        `${start('es', compensateDefinition())}${end('ee')}${flow('es', 'ee')}</bpmn:subProcess>`;
      const sub = `<bpmn:subProcess id="sub">${[start('ss'), end('se'), ...chain('ss', 'se'), esp].join('')}</bpmn:subProcess>`;
      const message = await rejectionOf('rej-comp-esp', [start('s'), sub, end('e'), ...chain('s', 'sub', 'e')]);
      expect(message).toContain('- Element: compEsp');
      expect(message).toContain('Start events in event subprocesses must be one of: message, timer, error, signal or escalation');
    });

    it('an activityRef to an activity in another scope', async () => {
      const sub = `<bpmn:subProcess id="sub">${[start('ss'), compensationEnd('se', 'A'), ...chain('ss', 'se')].join('')}</bpmn:subProcess>`;
      const message = await rejectionOf('rej-ref-scope', [
        start('s'),
        ...compensable('A', 'r-a'),
        sub,
        end('e'),
        ...chain('s', 'A', 'sub', 'e'),
      ]);
      expect(message).toContain('- Element: se');
      expect(message).toContain("The referenced compensation activity 'A' must be in the same scope as the compensation throw event");
    });
  });
});

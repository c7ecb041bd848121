import { chain, end, error, ext, flow, messageWithKey, message, process, serviceTask, signal, start, timer } from '../bpmn';
import { activate, startHarness, waitFor, type Harness } from '../harness';

const DAY = 24 * 3600 * 1000;

describe('events (through @camunda8/sdk)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  afterEach(() => h.engine.engine.resetClock());

  const active = (pik: string) => h.engine.engine.store.get('process-instance', pik) !== undefined;

  it('timer catch event with a FEEL duration fires when the clock passes it', async () => {
    await h.deploy(
      'wait.bpmn',
      process('wait', [
        start('s'),
        `<bpmn:intermediateCatchEvent id="t">${timer('timeDuration', '=waitFor')}</bpmn:intermediateCatchEvent>`,
        end('e'),
        ...chain('s', 't', 'e'),
      ]),
    );
    const pi = await h.zbc.createProcessInstance({ bpmnProcessId: 'wait', variables: { waitFor: 'P30D' } });
    await h.engine.engine.pinClock(Date.now() + 29 * DAY);
    expect(active(pi.processInstanceKey)).toBe(true);
    await h.engine.engine.pinClock(Date.now() + 31 * DAY);
    await waitFor(() => !active(pi.processInstanceKey));
  });

  it('timer start event with a cycle starts instances repeatedly', async () => {
    const at = new Date(Date.now() + DAY).toISOString();
    await h.deploy('cron.bpmn', process('cycle', [start('s', timer('timeCycle', `R2/${at}/PT1H`)), end('e'), ...chain('s', 'e')]));
    await h.engine.engine.pinClock(Date.parse(at) + 1000);
    await h.engine.engine.pinClock(Date.parse(at) + 3600_000 + 1000);
    await h.engine.engine.pinClock(Date.parse(at) + 5 * 3600_000);
    const started = await h
      .db('engine_record')
      .where({ kind: 'process-instance' })
      .whereRaw(`data->>'bpmnProcessId' = 'cycle'`)
      .count<{ count: string }[]>();
    expect(Number(started[0].count)).toBe(2);
  });

  it('message catch event: correlation by key, buffering with TTL, and message id de-duplication', async () => {
    await h.deploy(
      'msg.bpmn',
      process(
        'msg',
        [
          start('s'),
          `<bpmn:intermediateCatchEvent id="c"><bpmn:messageEventDefinition messageRef="M" /></bpmn:intermediateCatchEvent>`,
          end('e'),
          ...chain('s', 'c', 'e'),
        ],
        [messageWithKey('M', 'payment-received', '=invoiceId')],
      ),
    );
    await h.zbc.publishMessage({
      name: 'payment-received',
      correlationKey: 'inv-1',
      variables: { amount: 42 },
      timeToLive: 60_000,
      messageId: 'bank-1',
    });
    await expect(
      h.zbc.publishMessage({ name: 'payment-received', correlationKey: 'inv-1', variables: {}, timeToLive: 60_000, messageId: 'bank-1' }),
    ).rejects.toThrow(/ALREADY_EXISTS|already/);
    const res = await h.zbc.createProcessInstanceWithResult({ bpmnProcessId: 'msg', variables: { invoiceId: 'inv-1' } });
    expect(res.variables).toMatchObject({ amount: 42 });
    // A message with no time to live that finds no subscription is gone.
    await h.zbc.publishMessage({ name: 'payment-received', correlationKey: 'inv-2', variables: {}, timeToLive: 0 });
    const pi = await h.zbc.createProcessInstance({ bpmnProcessId: 'msg', variables: { invoiceId: 'inv-2' } });
    await new Promise((r) => setTimeout(r, 100));
    expect(active(pi.processInstanceKey)).toBe(true);
    await h.zbc.cancelProcessInstance(pi.processInstanceKey);
  });

  it('a buffered message reaches an interrupting boundary event when its host activates later', async () => {
    await h.deploy(
      'bbuf.bpmn',
      process(
        'bbuf',
        [
          start('s'),
          serviceTask('t', 'bbuf-work'),
          `<bpmn:boundaryEvent id="paid" attachedToRef="t"><bpmn:messageEventDefinition messageRef="P" /></bpmn:boundaryEvent>`,
          end('e1'),
          end('e2'),
          ...chain('s', 't', 'e1'),
          ...chain('paid', 'e2'),
        ],
        [messageWithKey('P', 'bbuf-paid', '=invoiceId')],
      ),
    );
    // Published before the instance exists, with a time to live: Zeebe correlates it when the task's
    // boundary subscription opens, which interrupts the task.
    await h.zbc.publishMessage({ name: 'bbuf-paid', correlationKey: 'inv-b1', variables: { paidBy: 'transfer' }, timeToLive: 60_000 });
    const res = await h.zbc.createProcessInstanceWithResult({ bpmnProcessId: 'bbuf', variables: { invoiceId: 'inv-b1' } });
    expect(res.variables).toMatchObject({ paidBy: 'transfer' });
  });

  it('message start event creates one instance per correlation key', async () => {
    await h.deploy(
      'mstart.bpmn',
      process(
        'mstart',
        [start('s', '<bpmn:messageEventDefinition messageRef="O" />'), serviceTask('t', 'mstart-work'), end('e'), ...chain('s', 't', 'e')],
        [message('O', 'order-received')],
      ),
    );
    await h.zbc.publishMessage({ name: 'order-received', correlationKey: 'A', variables: { orderId: 'A' }, timeToLive: 0 });
    await h.zbc.publishMessage({ name: 'order-received', correlationKey: 'A', variables: { orderId: 'A' }, timeToLive: 0 });
    await h.zbc.publishMessage({ name: 'order-received', correlationKey: 'B', variables: { orderId: 'B' }, timeToLive: 0 });
    const jobs = await activate(h.zbc, 'mstart-work');
    expect(jobs.map((j) => j.variables.orderId).sort()).toEqual(['A', 'B']);
  });

  it('signal catch and signal start', async () => {
    await h.deploy(
      'sig.bpmn',
      process(
        'sig',
        [
          start('s'),
          `<bpmn:intermediateCatchEvent id="c"><bpmn:signalEventDefinition signalRef="S" /></bpmn:intermediateCatchEvent>`,
          end('e'),
          ...chain('s', 'c', 'e'),
        ],
        [signal('S', 'tariff-changed')],
      ),
    );
    await h.deploy(
      'sigstart.bpmn',
      process(
        'sigstart',
        [start('s', '<bpmn:signalEventDefinition signalRef="S2" />'), serviceTask('t', 'sig-started'), end('e'), ...chain('s', 't', 'e')],
        [signal('S2', 'tariff-changed')],
      ),
    );
    const pi = await h.zbc.createProcessInstance({ bpmnProcessId: 'sig', variables: {} });
    await h.zbc.broadcastSignal({ signalName: 'tariff-changed', variables: { newPrice: 31 } });
    await waitFor(() => !active(pi.processInstanceKey));
    const [job] = await activate(h.zbc, 'sig-started');
    expect(job.variables).toEqual({ newPrice: 31 });
  });

  it('non-interrupting message boundary event runs beside the task; interrupting timer boundary cancels it', async () => {
    await h.deploy(
      'bnd.bpmn',
      process(
        'bnd',
        [
          start('s'),
          serviceTask('t', 'bnd-work'),
          `<bpmn:boundaryEvent id="remind" cancelActivity="false" attachedToRef="t"><bpmn:messageEventDefinition messageRef="R" /></bpmn:boundaryEvent>`,
          `<bpmn:boundaryEvent id="expire" attachedToRef="t">${timer('timeDuration', 'P21D')}</bpmn:boundaryEvent>`,
          serviceTask('note', 'bnd-note'),
          end('e1'),
          end('e2'),
          end('e3'),
          ...chain('s', 't', 'e1'),
          flow('remind', 'note'),
          flow('note', 'e2'),
          flow('expire', 'e3'),
        ],
        [messageWithKey('R', 'customer-called', '=orderId')],
      ),
    );
    const pi = await h.zbc.createProcessInstance({ bpmnProcessId: 'bnd', variables: { orderId: 'b-1' } });
    await activate(h.zbc, 'bnd-work');
    await h.zbc.publishMessage({ name: 'customer-called', correlationKey: 'b-1', variables: {}, timeToLive: 0 });
    expect(await activate(h.zbc, 'bnd-note')).toHaveLength(1);
    await h.engine.engine.pinClock(Date.now() + 22 * DAY);
    await waitFor(
      () => ![...h.engine.engine.store.values('job')].some((j) => j.processInstanceKey === pi.processInstanceKey && j.type === 'bnd-work'),
    );
  });

  it('error end event inside a sub-process is caught by an error event sub-process', async () => {
    await h.deploy(
      'esp.bpmn',
      process(
        'esp',
        [
          start('s'),
          `<bpmn:subProcess id="sub"><bpmn:startEvent id="ss" /><bpmn:endEvent id="se"><bpmn:errorEventDefinition errorRef="E" /></bpmn:endEvent>${flow('ss', 'se')}</bpmn:subProcess>`,
          end('e'),
          `<bpmn:subProcess id="handler" triggeredByEvent="true"><bpmn:startEvent id="hs"><bpmn:errorEventDefinition errorRef="E" /></bpmn:startEvent>` +
            `<bpmn:scriptTask id="hx">${ext('<zeebe:script expression="=&quot;handled&quot;" resultVariable="outcome" />')}</bpmn:scriptTask><bpmn:endEvent id="he" />${flow('hs', 'hx')}${flow('hx', 'he')}</bpmn:subProcess>`,
          ...chain('s', 'sub', 'e'),
        ],
        [error('E', 'DATA_MISSING')],
      ),
    );
    const res = await h.zbc.createProcessInstanceWithResult({ bpmnProcessId: 'esp', variables: {} });
    expect(res.variables.outcome).toBe('handled');
  });

  it('terminate end event ends the whole instance; link events jump', async () => {
    await h.deploy(
      'term.bpmn',
      process('term', [
        start('s'),
        '<bpmn:parallelGateway id="fork" />',
        serviceTask('waiting', 'never'),
        `<bpmn:intermediateThrowEvent id="lt"><bpmn:linkEventDefinition name="L" /></bpmn:intermediateThrowEvent>`,
        `<bpmn:intermediateCatchEvent id="lc"><bpmn:linkEventDefinition name="L" /></bpmn:intermediateCatchEvent>`,
        end('kill', '<bpmn:terminateEventDefinition />'),
        end('e'),
        flow('s', 'fork'),
        flow('fork', 'waiting'),
        flow('fork', 'lt'),
        flow('lc', 'kill'),
        flow('waiting', 'e'),
      ]),
    );
    const pi = await h.zbc.createProcessInstance({ bpmnProcessId: 'term', variables: {} });
    await waitFor(() => !active(pi.processInstanceKey));
    const row = await h.db('engine_record').where({ kind: 'process-instance', key: pi.processInstanceKey }).first();
    expect(row.data.state).toBe('COMPLETED');
  });
});

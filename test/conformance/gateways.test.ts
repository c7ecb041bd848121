import { chain, end, flow, message, messageWithKey, process, serviceTask, start, timer } from '../bpmn';
import { activate, startHarness, waitFor, type Harness } from '../harness';

describe('gateways (through @camunda8/sdk)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const exclusive = process('xor', [
    start('s'),
    '<bpmn:exclusiveGateway id="g" default="toC" />',
    `<bpmn:scriptTask id="a"><bpmn:extensionElements><zeebe:script expression="=&quot;A&quot;" resultVariable="path" /></bpmn:extensionElements></bpmn:scriptTask>`,
    `<bpmn:scriptTask id="b"><bpmn:extensionElements><zeebe:script expression="=&quot;B&quot;" resultVariable="path" /></bpmn:extensionElements></bpmn:scriptTask>`,
    `<bpmn:scriptTask id="c"><bpmn:extensionElements><zeebe:script expression="=&quot;C&quot;" resultVariable="path" /></bpmn:extensionElements></bpmn:scriptTask>`,
    end('e1'),
    end('e2'),
    end('e3'),
    flow('s', 'g'),
    flow('g', 'a', '=score > 400'),
    flow('g', 'b', '=score > 200'),
    flow('g', 'c', undefined, 'toC'),
    flow('a', 'e1'),
    flow('b', 'e2'),
    flow('c', 'e3'),
  ]);

  it('exclusive gateway takes the first true condition, else the default flow', async () => {
    await h.deploy('xor.bpmn', exclusive);
    const green = await h.zbc.createProcessInstanceWithResult({ bpmnProcessId: 'xor', variables: { score: 700 } });
    const yellow = await h.zbc.createProcessInstanceWithResult({ bpmnProcessId: 'xor', variables: { score: 300 } });
    const red = await h.zbc.createProcessInstanceWithResult({ bpmnProcessId: 'xor', variables: { score: 100 } });
    expect([green.variables.path, yellow.variables.path, red.variables.path]).toEqual(['A', 'B', 'C']);
  });

  it('exclusive gateway without a match and without default raises CONDITION_ERROR', async () => {
    await h.deploy(
      'xor2.bpmn',
      process('xor2', [
        start('s'),
        '<bpmn:exclusiveGateway id="g" />',
        end('e1'),
        end('e2'),
        flow('s', 'g'),
        flow('g', 'e1', '=x = 1'),
        flow('g', 'e2', '=x = 2'),
      ]),
    );
    const pi = await h.zbc.createProcessInstance({ bpmnProcessId: 'xor2', variables: { x: 3 } });
    const incident = await waitFor(() =>
      [...h.engine.engine.store.values('incident')].find((i) => i.processInstanceKey === pi.processInstanceKey),
    );
    expect(incident).toMatchObject({ errorType: 'CONDITION_ERROR', elementId: 'g' });
    await h.zbc.setVariables({ elementInstanceKey: pi.processInstanceKey, variables: { x: 2 }, local: false });
    await h.zbc.resolveIncident({ incidentKey: incident.key });
    await waitFor(() => h.engine.engine.store.get('process-instance', pi.processInstanceKey) === undefined);
  });

  it('parallel gateway forks and joins', async () => {
    await h.deploy(
      'and.bpmn',
      process('and', [
        start('s'),
        '<bpmn:parallelGateway id="fork" />',
        serviceTask('a', 'par-a'),
        serviceTask('b', 'par-b'),
        '<bpmn:parallelGateway id="join" />',
        serviceTask('after', 'par-after'),
        end('e'),
        flow('s', 'fork'),
        flow('fork', 'a'),
        flow('fork', 'b'),
        flow('a', 'join'),
        flow('b', 'join'),
        flow('join', 'after'),
        flow('after', 'e'),
      ]),
    );
    await h.zbc.createProcessInstance({ bpmnProcessId: 'and', variables: {} });
    const [a] = await activate(h.zbc, 'par-a');
    const [b] = await activate(h.zbc, 'par-b');
    await h.zbc.completeJob({ jobKey: a.key, variables: { a: 1 } });
    expect(
      await h.zbc.activateJobs({ type: 'par-after', worker: 't', timeout: 1000, maxJobsToActivate: 1, requestTimeout: -1 }),
    ).toHaveLength(0);
    await h.zbc.completeJob({ jobKey: b.key, variables: { b: 2 } });
    const [after] = await activate(h.zbc, 'par-after');
    expect(after.variables).toEqual({ a: 1, b: 2 });
  });

  it('inclusive gateway activates every true branch and joins only those', async () => {
    await h.deploy(
      'or.bpmn',
      process('or', [
        start('s'),
        '<bpmn:inclusiveGateway id="fork" />',
        serviceTask('a', 'or-a'),
        serviceTask('b', 'or-b'),
        serviceTask('c', 'or-c'),
        '<bpmn:inclusiveGateway id="join" />',
        serviceTask('after', 'or-after'),
        end('e'),
        flow('s', 'fork'),
        flow('fork', 'a', '=needA'),
        flow('fork', 'b', '=needB'),
        flow('fork', 'c', '=needC'),
        flow('a', 'join'),
        flow('b', 'join'),
        flow('c', 'join'),
        flow('join', 'after'),
        flow('after', 'e'),
      ]),
    );
    await h.zbc.createProcessInstance({ bpmnProcessId: 'or', variables: { needA: true, needB: false, needC: true } });
    const [a] = await activate(h.zbc, 'or-a');
    const [c] = await activate(h.zbc, 'or-c');
    expect(await h.zbc.activateJobs({ type: 'or-b', worker: 't', timeout: 1000, maxJobsToActivate: 1, requestTimeout: -1 })).toHaveLength(
      0,
    );
    await h.zbc.completeJob({ jobKey: a.key, variables: {} });
    expect(
      await h.zbc.activateJobs({ type: 'or-after', worker: 't', timeout: 1000, maxJobsToActivate: 1, requestTimeout: -1 }),
    ).toHaveLength(0);
    await h.zbc.completeJob({ jobKey: c.key, variables: {} });
    expect(await activate(h.zbc, 'or-after')).toHaveLength(1);
  });

  it('event-based gateway follows the first event: message or timer', async () => {
    await h.deploy(
      'ebg.bpmn',
      process(
        'ebg',
        [
          start('s'),
          '<bpmn:eventBasedGateway id="g" />',
          `<bpmn:intermediateCatchEvent id="msg"><bpmn:messageEventDefinition messageRef="M" /></bpmn:intermediateCatchEvent>`,
          `<bpmn:intermediateCatchEvent id="tmr">${timer('timeDuration', 'P7D')}</bpmn:intermediateCatchEvent>`,
          `<bpmn:scriptTask id="viaMsg"><bpmn:extensionElements><zeebe:script expression="=&quot;message&quot;" resultVariable="via" /></bpmn:extensionElements></bpmn:scriptTask>`,
          `<bpmn:scriptTask id="viaTimer"><bpmn:extensionElements><zeebe:script expression="=&quot;timer&quot;" resultVariable="via" /></bpmn:extensionElements></bpmn:scriptTask>`,
          end('e1'),
          end('e2'),
          flow('s', 'g'),
          flow('g', 'msg'),
          flow('g', 'tmr'),
          flow('msg', 'viaMsg'),
          flow('tmr', 'viaTimer'),
          flow('viaMsg', 'e1'),
          flow('viaTimer', 'e2'),
        ],
        [messageWithKey('M', 'data-supplied', '=orderId')],
      ),
    );
    const byMessage = h.zbc.createProcessInstanceWithResult({ bpmnProcessId: 'ebg', variables: { orderId: 'o-1' }, requestTimeout: 10000 });
    await waitFor(() => [...h.engine.engine.store.values('message-subscription')].some((s) => s.correlationKey === 'o-1'));
    await h.zbc.publishMessage({ name: 'data-supplied', correlationKey: 'o-1', variables: { meter: '123' }, timeToLive: 0 });
    expect((await byMessage).variables).toMatchObject({ via: 'message', meter: '123' });

    const byTimer = h.zbc.createProcessInstanceWithResult({ bpmnProcessId: 'ebg', variables: { orderId: 'o-2' }, requestTimeout: 10000 });
    await waitFor(() => [...h.engine.engine.store.values('timer')].some((t) => t.targetElementId === 'tmr'));
    await h.engine.engine.pinClock(Date.now() + 8 * 24 * 3600 * 1000);
    expect((await byTimer).variables).toMatchObject({ via: 'timer' });
    await h.engine.engine.resetClock();
  });
  void message;
  void chain;
});

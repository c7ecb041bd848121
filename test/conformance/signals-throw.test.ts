/**
 * Signal throw events (intermediate and end), as Camunda 8.8 documents them:
 * https://docs.camunda.io/docs/components/modeler/bpmn/signal-events/
 * a thrown signal is broadcast like one sent through the API: it starts an instance at every
 * signal start event with its name and triggers every waiting signal catch event; the variables
 * of the signal are those of the throw event's input mappings, and the signal name may be FEEL.
 */
import { chain, end, ext, io, process, serviceTask, signal, start } from '../bpmn';
import { activate, startHarness, waitFor, type Harness } from '../harness';

describe('signal throw events (through @camunda8/sdk)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.deploy(
      'sig-waiting.bpmn',
      process(
        'sig-waiting',
        [
          start('s'),
          `<bpmn:intermediateCatchEvent id="c"><bpmn:signalEventDefinition signalRef="S" /></bpmn:intermediateCatchEvent>`,
          serviceTask('t', 'sig-throw-caught'),
          end('e'),
          ...chain('s', 'c', 't', 'e'),
        ],
        [signal('S', 'stock-low')],
      ),
    );
    await h.deploy(
      'sig-started.bpmn',
      process(
        'sig-started',
        [
          start('s', '<bpmn:signalEventDefinition signalRef="S" />'),
          serviceTask('t', 'sig-throw-started'),
          end('e'),
          ...chain('s', 't', 'e'),
        ],
        [signal('S', 'stock-low')],
      ),
    );
  });
  afterAll(() => h.close());

  const throwWith = (element: 'intermediateThrowEvent' | 'endEvent') =>
    `<bpmn:${element} id="thr">${ext(io({ sku: '=item' }))}<bpmn:signalEventDefinition signalRef="T" /></bpmn:${element}>`;

  it.each([
    ['intermediateThrowEvent' as const, 'sig-throw-intermediate'],
    ['endEvent' as const, 'sig-throw-end'],
  ])('a signal %s starts a signal start event process and triggers a waiting catch event', async (element, id) => {
    const body =
      element === 'endEvent'
        ? [start('s'), throwWith(element), ...chain('s', 'thr')]
        : [start('s'), throwWith(element), end('e'), ...chain('s', 'thr', 'e')];
    // The name is FEEL: "stock-" + level.
    await h.deploy(`${id}.bpmn`, process(id, body, ['<bpmn:signal id="T" name="=&quot;stock-&quot; + level" />']));
    const waiting = await h.zbc.createProcessInstance({ bpmnProcessId: 'sig-waiting', variables: {} });

    const res = await h.zbc.createProcessInstanceWithResult({
      bpmnProcessId: id,
      variables: { item: 'A-7', level: 'low' },
      requestTimeout: 10_000,
    });
    expect(res.variables).toEqual({ item: 'A-7', level: 'low' });

    const caught = await waitFor(async () => (await activate(h.zbc, 'sig-throw-caught'))[0]);
    expect(caught.processInstanceKey).toBe(waiting.processInstanceKey);
    expect(caught.variables).toEqual({ sku: 'A-7' });
    const started = await waitFor(async () => (await activate(h.zbc, 'sig-throw-started'))[0]);
    expect(started.variables).toEqual({ sku: 'A-7' });
    await h.zbc.completeJob({ jobKey: caught.key, variables: {} });
    await h.zbc.completeJob({ jobKey: started.key, variables: {} });
  });
});

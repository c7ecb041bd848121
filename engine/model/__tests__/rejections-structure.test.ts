/** Structural rejections: scopes and start events, sequence flows, gateways and boundary events. */
import { parseBpmn } from '../parse-bpmn';
import { around, definitions, expectRejected, processXml, rejectionOf } from './helpers';

const WORKER = (id: string) =>
  `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="w" /></bpmn:extensionElements></bpmn:serviceTask>`;
const SUBSCRIBED = (id: string, name: string) =>
  `<bpmn:message id="${id}" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="=k" /></bpmn:extensionElements></bpmn:message>`;
const flow = (id: string, from: string, to: string, condition?: string) =>
  condition === undefined
    ? `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`
    : `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><bpmn:conditionExpression>${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`;

describe('start events and scopes', () => {
  it('rejects a process without start event', async () => {
    await expectRejected(processXml('<bpmn:task id="t" />'), 'p', 'Must have at least one start event');
  });

  it('rejects a process with two none start events', async () => {
    await expectRejected(
      processXml('<bpmn:startEvent id="s1" /><bpmn:startEvent id="s2" />'),
      'p',
      'Multiple none start events are not allowed',
    );
  });

  it('rejects two message start events with the same message name', async () => {
    const xml = processXml(
      '<bpmn:startEvent id="s1"><bpmn:messageEventDefinition messageRef="M1" /></bpmn:startEvent><bpmn:startEvent id="s2"><bpmn:messageEventDefinition messageRef="M2" /></bpmn:startEvent>',
      '<bpmn:message id="M1" name="order" /><bpmn:message id="M2" name="order" />',
    );
    await expectRejected(xml, 'p', "Multiple message event definitions with the same name 'order' are not allowed.");
  });

  it.each([
    ['without start event', '<bpmn:task id="inner" />', 'Must have exactly one start event'],
    ['with two start events', '<bpmn:startEvent id="a" /><bpmn:startEvent id="b" />', 'Must have exactly one start event'],
  ])('rejects a sub-process %s', async (_, body, message) => {
    await expectRejected(around(`<bpmn:subProcess id="sub">${body}</bpmn:subProcess>`, 'sub'), 'sub', message);
  });

  it('rejects a sub-process whose start event is not none', async () => {
    const xml = around(
      `<bpmn:subProcess id="sub"><bpmn:startEvent id="ss"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent></bpmn:subProcess>`,
      'sub',
    );
    await expectRejected(xml, 'ss', 'Start events in subprocesses must be of type none');
  });

  it('rejects an event sub-process with a none start event', async () => {
    const xml = around(
      '<bpmn:task id="t" /><bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="es" /></bpmn:subProcess>',
      't',
    );
    await expectRejected(xml, 'es', 'Start events in event subprocesses must be one of: message, timer, error, signal or escalation');
  });

  it('rejects an event sub-process with sequence flows', async () => {
    const xml = processXml(
      `<bpmn:startEvent id="s" />${flow('f', 's', 'esp')}
       <bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="es"><bpmn:errorEventDefinition /></bpmn:startEvent></bpmn:subProcess>`,
    );
    await expectRejected(xml, 'esp', 'Event subprocesses must not have incoming or outgoing sequence flows');
  });

  it('rejects event sub-processes of one scope with the same message or error code', async () => {
    const esp = (id: string, definition: string) =>
      `<bpmn:subProcess id="${id}" triggeredByEvent="true"><bpmn:startEvent id="${id}_start">${definition}</bpmn:startEvent></bpmn:subProcess>`;
    const xml = around(
      `<bpmn:task id="t" />${esp('e1', '<bpmn:messageEventDefinition messageRef="M1" />')}${esp('e2', '<bpmn:messageEventDefinition messageRef="M2" />')}
       ${esp('e3', '<bpmn:errorEventDefinition errorRef="E" />')}${esp('e4', '<bpmn:errorEventDefinition errorRef="E" />')}
       ${esp('e5', '<bpmn:errorEventDefinition />')}${esp('e6', '<bpmn:errorEventDefinition />')}`,
      't',
      `${SUBSCRIBED('M1', 'cancel')}${SUBSCRIBED('M2', 'cancel')}<bpmn:error id="E" errorCode="FAILED" />`,
    );
    const err = await rejectionOf(xml);
    const onProcess = err.details.filter((d) => d.field === 'p').map((d) => d.message);
    expect(onProcess).toEqual([
      "Multiple message event definitions with the same name 'cancel' are not allowed.",
      "Multiple error catch events with the same error code 'FAILED' are not supported on the same scope.",
      'The same scope can not contain more than one error catch event without error code. An error catch event without error code catches all errors.',
    ]);
  });
});

describe('sequence flows', () => {
  it('rejects a flow crossing into a sub-process', async () => {
    const xml = processXml(
      `<bpmn:startEvent id="s" />${flow('cross', 's', 'inner')}
       <bpmn:subProcess id="sub"><bpmn:startEvent id="ss" />${flow('f1', 'ss', 'inner')}<bpmn:task id="inner" /></bpmn:subProcess>`,
    );
    await expectRejected(xml, 'cross', "Sequence flow must not cross scopes: 's' is in 'p', 'inner' in 'sub'");
  });

  it('takes a flow written outside the sub-process whose ends are both inside it (as Zeebe connects by sourceRef/targetRef)', async () => {
    const xml = processXml(
      `<bpmn:startEvent id="s" />${flow('f0', 's', 'sub')}<bpmn:endEvent id="e" />${flow('f9', 'sub', 'e')}
       <bpmn:subProcess id="sub"><bpmn:startEvent id="ss" /><bpmn:task id="inner" /><bpmn:endEvent id="se" />${flow('f1', 'ss', 'inner')}</bpmn:subProcess>
       ${flow('outside', 'inner', 'se')}`,
    );
    const { processes } = await parseBpmn(xml, 'outside.bpmn');
    expect(processes[0]!.nodes.get('inner')!.outgoing).toEqual(['outside']);
  });

  it('ignores what Zeebe does not read: a message flow to nothing, an <incoming> naming no flow', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:collaboration id="c"><bpmn:participant id="pa" processRef="p" /><bpmn:messageFlow id="mf" sourceRef="pa" targetRef="missing" /></bpmn:collaboration>
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s"><bpmn:incoming>ghost</bpmn:incoming><bpmn:outgoing>f</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" /><bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;
    const { processes } = await parseBpmn(xml, 'lenient.bpmn');
    expect(processes[0]!.nodes.get('s')!.outgoing).toEqual(['f']);
  });

  it('rejects a flow to an element of another process', async () => {
    const xml = definitions(
      `<bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="s" />${flow('out', 's', 'other_end')}</bpmn:process>
       <bpmn:process id="q" isExecutable="false"><bpmn:endEvent id="other_end" /></bpmn:process>`,
    );
    await expectRejected(xml, 'out', "Sequence flow must connect flow nodes of process 'p', but 'other_end' is none");
  });

  it('rejects an executable process without id', async () => {
    await expectRejected(
      definitions('<bpmn:process isExecutable="true"><bpmn:startEvent id="s" /></bpmn:process>'),
      'Definitions_1',
      "Attribute 'id' of an executable process must be present and not empty",
    );
  });

  it('rejects incoming flows of start and boundary events and outgoing flows of end events', async () => {
    const xml = processXml(
      `<bpmn:startEvent id="s" />${flow('f1', 's', 't')}${WORKER('t')}${flow('f2', 't', 'e')}<bpmn:endEvent id="e" />${flow('f3', 'e', 's')}
       <bpmn:boundaryEvent id="b" attachedToRef="t"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>${flow('f4', 't', 'b')}`,
    );
    const err = await rejectionOf(xml);
    expect(err.details).toEqual(
      expect.arrayContaining([
        { field: 's', message: 'Start events must not have incoming sequence flows' },
        { field: 'e', message: 'End events must not have outgoing sequence flows to other elements.' },
        { field: 'b', message: 'Cannot have incoming sequence flows' },
      ]),
    );
  });

  it('rejects conditional flows that do not leave an exclusive or inclusive gateway', async () => {
    const xml = processXml(`<bpmn:startEvent id="s" />${flow('f', 's', 'e', '=true')}<bpmn:endEvent id="e" />`);
    await expectRejected(xml, 's', 'Conditional sequence flows are only supported at exclusive or inclusive gateway');
  });
});

describe('gateways', () => {
  const split = (type: string, flows: string, attrs = '') =>
    processXml(
      `<bpmn:startEvent id="s" />${flow('f0', 's', 'g')}<bpmn:${type} id="g" ${attrs} />${flows}
       <bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" />`,
    );

  it('rejects an exclusive gateway flow without condition that is not the default', async () => {
    const xml = split('exclusiveGateway', `${flow('yes', 'g', 'e1', '=ok')}${flow('other', 'g', 'e2')}`);
    await expectRejected(xml, 'other', 'Must have a condition or be default flow');
  });

  it('accepts a single unconditional flow out of an exclusive gateway', async () => {
    const xml = processXml(
      `<bpmn:startEvent id="s" />${flow('f0', 's', 'g')}<bpmn:exclusiveGateway id="g" />${flow('f1', 'g', 'e')}<bpmn:endEvent id="e" />`,
    );
    await expect(parseBpmn(xml)).resolves.toBeDefined();
  });

  it('rejects an inclusive gateway flow without condition that is not the default', async () => {
    const xml = split('inclusiveGateway', `${flow('yes', 'g', 'e1', '=ok')}${flow('other', 'g', 'e2')}`);
    await expectRejected(xml, 'other', 'Must have a condition');
  });

  it('rejects a default flow that does not start at the gateway', async () => {
    const xml = split('exclusiveGateway', `${flow('yes', 'g', 'e1', '=ok')}${flow('no', 'g', 'e2', '=not(ok)')}`, 'default="f0"');
    await expectRejected(xml, 'g', 'Default flow must start at gateway');
  });

  it('rejects a condition that is not an expression', async () => {
    const xml = split('exclusiveGateway', `${flow('yes', 'g', 'e1', 'ok')}${flow('no', 'g', 'e2')}`, 'default="no"');
    await expectRejected(xml, 'yes', "Expected expression but found static value 'ok'");
  });

  describe('event-based', () => {
    const catchMessage = (id: string, ref: string) =>
      `<bpmn:intermediateCatchEvent id="${id}"><bpmn:messageEventDefinition messageRef="${ref}" /></bpmn:intermediateCatchEvent>`;
    const catchTimer = (id: string) =>
      `<bpmn:intermediateCatchEvent id="${id}"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`;

    it('rejects a gateway with one outgoing flow', async () => {
      const xml = split('eventBasedGateway', `${flow('f1', 'g', 'c')}${catchTimer('c')}`);
      await expectRejected(xml, 'g', 'Event-based gateway must have at least 2 outgoing sequence flows.');
    });

    it('rejects a gateway leading to a task', async () => {
      const xml = split('eventBasedGateway', `${flow('f1', 'g', 'c')}${catchTimer('c')}${flow('f2', 'g', 'task')}<bpmn:task id="task" />`);
      await expectRejected(
        xml,
        'g',
        'Event-based gateway must not have an outgoing sequence flow to other elements than message/timer/signal intermediate catch events.',
      );
    });

    it('rejects a target with another incoming flow', async () => {
      const xml = split(
        'eventBasedGateway',
        `${flow('f1', 'g', 'c1')}${catchTimer('c1')}${flow('f2', 'g', 'c2')}${catchTimer('c2')}${flow('f3', 's', 'c2')}`,
      );
      await expectRejected(
        xml,
        'g',
        'Target elements of an event gateway must not have any additional incoming sequence flows other than that from the event gateway.',
      );
    });

    it('rejects two targets waiting for the same message', async () => {
      const xml = processXml(
        `<bpmn:startEvent id="s" />${flow('f0', 's', 'g')}<bpmn:eventBasedGateway id="g" />
         ${flow('f1', 'g', 'c1')}${catchMessage('c1', 'M1')}${flow('f2', 'g', 'c2')}${catchMessage('c2', 'M2')}`,
        `${SUBSCRIBED('M1', 'paid')}${SUBSCRIBED('M2', 'paid')}`,
      );
      await expectRejected(xml, 'g', "Multiple message event definitions with the same name 'paid' are not allowed.");
    });
  });
});

describe('boundary events', () => {
  const boundary = (id: string, definition: string, attachedTo = 't', attrs = '') =>
    `<bpmn:boundaryEvent id="${id}" attachedToRef="${attachedTo}" ${attrs}>${definition}</bpmn:boundaryEvent>`;

  it('rejects a boundary event attached to a gateway', async () => {
    const xml = processXml(
      `<bpmn:startEvent id="s" />${flow('f', 's', 'g')}<bpmn:parallelGateway id="g" />${boundary('b', '<bpmn:errorEventDefinition />', 'g')}`,
    );
    await expectRejected(xml, 'b', 'Must be attached to an activity');
  });

  it('rejects a boundary event attached to nothing', async () => {
    const xml = around(`${WORKER('t')}<bpmn:boundaryEvent id="b"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>`, 't');
    await expectRejected(xml, 'b', 'Must be attached to an activity');
  });

  it('rejects two error boundary events with the same code on one activity', async () => {
    const xml = around(
      `${WORKER('t')}${boundary('b1', '<bpmn:errorEventDefinition errorRef="E1" />')}${boundary('b2', '<bpmn:errorEventDefinition errorRef="E2" />')}`,
      't',
      '<bpmn:error id="E1" errorCode="LIMIT" /><bpmn:error id="E2" errorCode="LIMIT" />',
    );
    await expectRejected(xml, 't', "Multiple error catch events with the same error code 'LIMIT' are not supported on the same scope.");
  });

  it('rejects two catch-all error boundary events on one activity', async () => {
    const xml = around(
      `${WORKER('t')}${boundary('b1', '<bpmn:errorEventDefinition />')}${boundary('b2', '<bpmn:errorEventDefinition />')}`,
      't',
    );
    await expectRejected(xml, 't', 'The same scope can not contain more than one error catch event without error code.');
  });

  it('rejects two boundary events for the same signal', async () => {
    const xml = around(
      `${WORKER('t')}${boundary('b1', '<bpmn:signalEventDefinition signalRef="S" />')}${boundary('b2', '<bpmn:signalEventDefinition signalRef="S" />', 't', 'cancelActivity="false"')}`,
      't',
      '<bpmn:signal id="S" name="stop" />',
    );
    await expectRejected(xml, 't', "Multiple signal event definitions with the same name 'stop' are not allowed.");
  });

  it('rejects a receive task with a boundary event for its own message', async () => {
    const xml = around(
      `<bpmn:receiveTask id="t" messageRef="M" />${boundary('b', '<bpmn:messageEventDefinition messageRef="M" />')}`,
      't',
      SUBSCRIBED('M', 'paid'),
    );
    await expectRejected(xml, 't', 'Cannot reference the same message name as a boundary event');
  });
});

/** Rejections of event definitions: unsupported kinds, messages, timers, signals, errors, escalations and links. */
import { around, expectRejected, processXml } from './helpers';

const SUBSCRIBED = (id: string, name: string, key = '=orderId') =>
  `<bpmn:message id="${id}" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="${key}" /></bpmn:extensionElements></bpmn:message>`;
const WORKER =
  '<bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="w" /></bpmn:extensionElements></bpmn:serviceTask>';
/** A service task with `boundary` attached to it. */
const withBoundary = (boundary: string, rootElements = '') =>
  around(`${WORKER}${boundary}<bpmn:sequenceFlow id="fb" sourceRef="x" targetRef="eb" /><bpmn:endEvent id="eb" />`, 't', rootElements);
/** An event sub-process `esp` in the process, started by `start`. */
const withEventSubProcess = (start: string, rootElements = '') =>
  around(
    `<bpmn:task id="t" /><bpmn:subProcess id="esp" triggeredByEvent="true">${start}
       <bpmn:sequenceFlow id="fe" sourceRef="x" targetRef="ee" /><bpmn:endEvent id="ee" /></bpmn:subProcess>`,
    't',
    rootElements,
  );
const timer = (definition: string) => `<bpmn:timerEventDefinition>${definition}</bpmn:timerEventDefinition>`;

describe('event kinds this engine does not run', () => {
  it.each([
    [
      // Zeebe's BoundaryEventValidator: the handler is the target of an association, no flow leaves.
      'compensation boundary event with an outgoing flow and no association',
      withBoundary('<bpmn:boundaryEvent id="x" attachedToRef="t"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>'),
      'Compensation boundary events must have a compensation association and no outgoing sequence flows',
    ],
    [
      'conditional intermediate catch event',
      around(
        '<bpmn:intermediateCatchEvent id="x"><bpmn:conditionalEventDefinition><bpmn:condition>=a</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>',
        'x',
      ),
      'Conditional intermediate catch events are not supported by this engine',
    ],
    [
      'conditional start event',
      processXml(
        '<bpmn:startEvent id="x"><bpmn:conditionalEventDefinition><bpmn:condition>=a</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:startEvent>',
      ),
      'Conditional start events are not supported by this engine',
    ],
    [
      'cancel end event',
      processXml(
        '<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="x" /><bpmn:endEvent id="x"><bpmn:cancelEventDefinition /></bpmn:endEvent>',
      ),
      'End events must be one of: none, error, message, terminate, signal, escalation or compensation',
    ],
    [
      'error start event of a process',
      processXml('<bpmn:startEvent id="x"><bpmn:errorEventDefinition /></bpmn:startEvent>'),
      'Start events must be one of: none, message, timer or signal',
    ],
    [
      'timer intermediate throw event',
      around(
        `<bpmn:intermediateThrowEvent id="x">${timer('<bpmn:timeDuration>PT1M</bpmn:timeDuration>')}</bpmn:intermediateThrowEvent>`,
        'x',
      ),
      'Event definition of this type is not supported',
    ],
    [
      'terminate boundary event',
      withBoundary('<bpmn:boundaryEvent id="x" attachedToRef="t"><bpmn:terminateEventDefinition /></bpmn:boundaryEvent>'),
      'Boundary events must be one of: timer, message, error, signal, escalation',
    ],
  ])('rejects a %s', async (_, xml, message) => {
    await expectRejected(xml, 'x', message);
  });
});

describe("signal throw and escalation events (Zeebe's validation)", () => {
  const endWith = (definition: string, rootElements = '') =>
    processXml(
      `<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="x" /><bpmn:endEvent id="x">${definition}</bpmn:endEvent>`,
      rootElements,
    );
  it.each([
    [
      'signal intermediate throw event without a signal',
      around('<bpmn:intermediateThrowEvent id="x"><bpmn:signalEventDefinition /></bpmn:intermediateThrowEvent>', 'x'),
      'Must reference a signal',
    ],
    [
      'signal end event with an empty name',
      endWith('<bpmn:signalEventDefinition signalRef="S" />', '<bpmn:signal id="S" />'),
      'Name must be present and not empty',
    ],
    ['escalation end event without an escalation', endWith('<bpmn:escalationEventDefinition />'), 'Must reference an escalation'],
    [
      'escalation throw event without a code',
      around(
        '<bpmn:intermediateThrowEvent id="x"><bpmn:escalationEventDefinition escalationRef="E" /></bpmn:intermediateThrowEvent>',
        'x',
        '<bpmn:escalation id="E" />',
      ),
      'EscalationCode must be present and not empty',
    ],
    [
      'escalation boundary event on a service task',
      withBoundary('<bpmn:boundaryEvent id="x" attachedToRef="t"><bpmn:escalationEventDefinition /></bpmn:boundaryEvent>'),
      'An escalation boundary event should only be attached to a subprocess, or a call activity.',
    ],
    [
      'escalation boundary event with an expression code',
      withBoundary(
        '<bpmn:boundaryEvent id="x" attachedToRef="t"><bpmn:escalationEventDefinition escalationRef="E" /></bpmn:boundaryEvent>',
        '<bpmn:escalation id="E" escalationCode="=code" />',
      ),
      'The escalationCode of the escalation catch event is not allowed to be an expression',
    ],
    [
      'escalation event sub-process start with an expression code',
      withEventSubProcess(
        '<bpmn:startEvent id="x"><bpmn:escalationEventDefinition escalationRef="E" /></bpmn:startEvent>',
        '<bpmn:escalation id="E" escalationCode="=code" />',
      ),
      'The escalationCode of the escalation catch event is not allowed to be an expression',
    ],
  ])('rejects a %s', async (_, xml, message) => {
    await expectRejected(xml, 'x', message);
  });
});

describe('event definition counts', () => {
  it.each([
    [
      'intermediate catch event without definition',
      around('<bpmn:intermediateCatchEvent id="x" />', 'x'),
      'Must have exactly one event definition',
    ],
    [
      'boundary event without definition',
      withBoundary('<bpmn:boundaryEvent id="x" attachedToRef="t" />'),
      'Must have exactly one event definition',
    ],
    [
      'start event with two definitions',
      processXml(
        `<bpmn:startEvent id="x">${timer('<bpmn:timeDuration>PT1M</bpmn:timeDuration>')}<bpmn:signalEventDefinition signalRef="S" /></bpmn:startEvent>`,
        '<bpmn:signal id="S" name="s" />',
      ),
      "Start event can't have more than one type",
    ],
    [
      'end event with two definitions',
      processXml(
        '<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="x" /><bpmn:endEvent id="x"><bpmn:terminateEventDefinition /><bpmn:terminateEventDefinition /></bpmn:endEvent>',
      ),
      'Must have at most one event definition',
    ],
  ])('rejects an %s', async (_, xml, message) => {
    await expectRejected(xml, 'x', message);
  });
});

describe('messages', () => {
  const catchMessage = (ref: string) =>
    `<bpmn:intermediateCatchEvent id="x"><bpmn:messageEventDefinition ${ref} /></bpmn:intermediateCatchEvent>`;
  it.each([
    ['catch event without message reference', around(catchMessage(''), 'x'), 'Must reference a message'],
    [
      'message without name',
      around(
        catchMessage('messageRef="M"'),
        'x',
        '<bpmn:message id="M"><bpmn:extensionElements><zeebe:subscription correlationKey="=k" /></bpmn:extensionElements></bpmn:message>',
      ),
      'Name must be present and not empty',
    ],
    [
      'message without subscription',
      around(catchMessage('messageRef="M"'), 'x', '<bpmn:message id="M" name="m" />'),
      'Must have exactly one zeebe:subscription extension element',
    ],
    [
      'empty correlation key',
      around(catchMessage('messageRef="M"'), 'x', SUBSCRIBED('M', 'm', '')),
      "Attribute 'correlationKey' must be present and not empty",
    ],
    [
      'static correlation key',
      around(catchMessage('messageRef="M"'), 'x', SUBSCRIBED('M', 'm', 'order-1')),
      "Expected expression but found static value 'order-1'",
    ],
    ['receive task without message', around('<bpmn:receiveTask id="x" />', 'x'), 'Must reference a message'],
    [
      'message boundary event without subscription',
      withBoundary(
        '<bpmn:boundaryEvent id="x" attachedToRef="t"><bpmn:messageEventDefinition messageRef="M" /></bpmn:boundaryEvent>',
        '<bpmn:message id="M" name="m" />',
      ),
      'Must have exactly one zeebe:subscription extension element',
    ],
    [
      'event sub-process message start without subscription',
      withEventSubProcess(
        '<bpmn:startEvent id="x"><bpmn:messageEventDefinition messageRef="M" /></bpmn:startEvent>',
        '<bpmn:message id="M" name="m" />',
      ),
      'Must have exactly one zeebe:subscription extension element',
    ],
    [
      'message start event without name',
      processXml('<bpmn:startEvent id="x"><bpmn:messageEventDefinition messageRef="M" /></bpmn:startEvent>', '<bpmn:message id="M" />'),
      'Name must be present and not empty',
    ],
    [
      'message start event with a name needing variables',
      processXml(
        '<bpmn:startEvent id="x"><bpmn:messageEventDefinition messageRef="M" /></bpmn:startEvent>',
        '<bpmn:message id="M" name="=prefix + &quot;-order&quot;" />',
      ),
      'Expected constant expression but found \'=prefix + "-order"\', which could not be evaluated without context',
    ],
  ])('rejects a %s', async (_, xml, message) => {
    await expectRejected(xml, 'x', message);
  });
});

describe('timers', () => {
  const catchTimer = (definition: string) =>
    around(`<bpmn:intermediateCatchEvent id="x">${timer(definition)}</bpmn:intermediateCatchEvent>`, 'x');
  it.each([
    ['timer without definition', catchTimer(''), 'Must be exactly one type of timer: timeDuration, timeDate or timeCycle'],
    [
      'timer with two definitions',
      catchTimer('<bpmn:timeDuration>PT1M</bpmn:timeDuration><bpmn:timeDate>2030-01-01T00:00:00Z</bpmn:timeDate>'),
      'Must be exactly one type of timer: timeDuration, timeDate or timeCycle',
    ],
    [
      'cycle on an intermediate catch event',
      catchTimer('<bpmn:timeCycle>R3/PT1M</bpmn:timeCycle>'),
      'Intermediate timer catch event must have either a time duration or a time date.',
    ],
    [
      'cycle on an interrupting boundary event',
      withBoundary(
        `<bpmn:boundaryEvent id="x" attachedToRef="t">${timer('<bpmn:timeCycle>R3/PT1M</bpmn:timeCycle>')}</bpmn:boundaryEvent>`,
      ),
      'Interrupting timer event with time cycle is not allowed.',
    ],
    [
      'cycle on an interrupting event sub-process start',
      withEventSubProcess(`<bpmn:startEvent id="x">${timer('<bpmn:timeCycle>R/PT1M</bpmn:timeCycle>')}</bpmn:startEvent>`),
      'Interrupting timer event with time cycle is not allowed.',
    ],
    [
      'invalid duration',
      catchTimer('<bpmn:timeDuration>5 minutes</bpmn:timeDuration>'),
      "Invalid timer duration expression ('5 minutes' is not",
    ],
    ['empty duration', catchTimer('<bpmn:timeDuration />'), 'Invalid timer duration expression'],
    ['invalid date', catchTimer('<bpmn:timeDate>tomorrow</bpmn:timeDate>'), "Invalid timer date expression ('tomorrow' is not"],
    [
      'invalid cycle',
      processXml(`<bpmn:startEvent id="x">${timer('<bpmn:timeCycle>every day</bpmn:timeCycle>')}</bpmn:startEvent>`),
      "Invalid timer cycle expression ('every day' is not",
    ],
  ])('rejects a %s', async (_, xml, message) => {
    await expectRejected(xml, 'x', message);
  });
});

describe('signals, errors and links', () => {
  it.each([
    [
      'signal catch without reference',
      around('<bpmn:intermediateCatchEvent id="x"><bpmn:signalEventDefinition /></bpmn:intermediateCatchEvent>', 'x'),
      'Must reference a signal',
    ],
    [
      'signal without name',
      around(
        '<bpmn:intermediateCatchEvent id="x"><bpmn:signalEventDefinition signalRef="S" /></bpmn:intermediateCatchEvent>',
        'x',
        '<bpmn:signal id="S" />',
      ),
      'Name must be present and not empty',
    ],
    [
      'error end event without reference',
      processXml(
        '<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="x" /><bpmn:endEvent id="x"><bpmn:errorEventDefinition /></bpmn:endEvent>',
      ),
      'Must reference an error',
    ],
    [
      'error end event without code',
      processXml(
        '<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="x" /><bpmn:endEvent id="x"><bpmn:errorEventDefinition errorRef="E" /></bpmn:endEvent>',
        '<bpmn:error id="E" name="e" />',
      ),
      'ErrorCode must be present and not empty',
    ],
    [
      'error catch event with an expression code',
      withBoundary(
        '<bpmn:boundaryEvent id="x" attachedToRef="t"><bpmn:errorEventDefinition errorRef="E" /></bpmn:boundaryEvent>',
        '<bpmn:error id="E" errorCode="=code" />',
      ),
      'The errorCode of the error catch event is not allowed to be an expression',
    ],
    [
      'non-interrupting error boundary event',
      withBoundary(
        '<bpmn:boundaryEvent id="x" cancelActivity="false" attachedToRef="t"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>',
      ),
      'Non-Interrupting event of this type is not allowed',
    ],
    [
      'non-interrupting error event sub-process start',
      withEventSubProcess('<bpmn:startEvent id="x" isInterrupting="false"><bpmn:errorEventDefinition /></bpmn:startEvent>'),
      'Non-Interrupting event of this type is not allowed',
    ],
    [
      'link catch event without name',
      around('<bpmn:intermediateCatchEvent id="x"><bpmn:linkEventDefinition /></bpmn:intermediateCatchEvent>', 'x'),
      'Link name must be present and not empty.',
    ],
    [
      'link throw event without catch',
      around('<bpmn:intermediateThrowEvent id="x"><bpmn:linkEventDefinition name="jump" /></bpmn:intermediateThrowEvent>', 'x'),
      "Can't find an catch link event for the throw link event with the name 'jump'.",
    ],
  ])('rejects a %s', async (_, xml, message) => {
    await expectRejected(xml, 'x', message);
  });

  it('rejects a throw link whose catch link is in another scope', async () => {
    const xml = around(
      `<bpmn:subProcess id="sub"><bpmn:startEvent id="ss" /><bpmn:sequenceFlow id="sf" sourceRef="ss" targetRef="x" />
         <bpmn:intermediateThrowEvent id="x"><bpmn:linkEventDefinition name="jump" /></bpmn:intermediateThrowEvent></bpmn:subProcess>
       <bpmn:intermediateCatchEvent id="c"><bpmn:linkEventDefinition name="jump" /></bpmn:intermediateCatchEvent>`,
      'sub',
    );
    await expectRejected(xml, 'x', "Can't find an catch link event for the throw link event with the name 'jump'.");
  });

  it('rejects two catch links with the same name', async () => {
    const xml = around(
      `<bpmn:task id="t" /><bpmn:intermediateCatchEvent id="c1"><bpmn:linkEventDefinition name="jump" /></bpmn:intermediateCatchEvent>
       <bpmn:intermediateCatchEvent id="c2"><bpmn:linkEventDefinition name="jump" /></bpmn:intermediateCatchEvent>`,
      't',
    );
    await expectRejected(xml, 'c2', "Multiple intermediate catch link event definitions with the same name 'jump' are not allowed.");
  });
});

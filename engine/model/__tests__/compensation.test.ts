/**
 * Compensation in the model: the handler of a compensation boundary event is its association's
 * target; deployment rejects what Zeebe 8.8's validators reject (CompensationEventTest and the
 * validators CompensationTaskValidator, BoundaryEventValidator, CompensationEventDefinitionValidator,
 * IntermediateThrowEventValidator, EndEventValidator, SubProcessValidator), with their messages.
 * https://docs.camunda.io/docs/components/modeler/bpmn/compensation-events/
 */
import { parseBpmn } from '../parse-bpmn';
import { expectRejected, processXml } from './helpers';

const task = (id: string) =>
  `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${id}" /></bpmn:extensionElements></bpmn:serviceTask>`;
const boundary = (host: string) =>
  `<bpmn:boundaryEvent id="${host}-comp" attachedToRef="${host}"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>`;
const handler = (id: string, element = 'serviceTask') =>
  `<bpmn:${element} id="${id}" isForCompensation="true"><bpmn:extensionElements><zeebe:taskDefinition type="${id}" /></bpmn:extensionElements></bpmn:${element}>`;
const association = (from: string, to: string) => `<bpmn:association id="as-${from}" sourceRef="${from}" targetRef="${to}" />`;
/** start → A (compensable by undoA) → `thrower` → end. */
const withThrower = (thrower: string, handlerElement = 'serviceTask') =>
  processXml(
    `<bpmn:startEvent id="s" />${task('A')}${boundary('A')}${handler('undoA', handlerElement)}${association('A-comp', 'undoA')}
     ${thrower}<bpmn:endEvent id="e" />
     <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="A" /><bpmn:sequenceFlow id="f2" sourceRef="A" targetRef="x" />
     <bpmn:sequenceFlow id="f3" sourceRef="x" targetRef="e" />`,
  );
const throwEvent = (definition: string) => `<bpmn:intermediateThrowEvent id="x">${definition}</bpmn:intermediateThrowEvent>`;

describe('compensation in the model', () => {
  it('links the boundary event to its handler and reads activityRef', async () => {
    const { processes } = await parseBpmn(withThrower(throwEvent('<bpmn:compensateEventDefinition activityRef="A" />')));
    const model = processes[0]!;
    expect(model.nodes.get('A-comp')).toMatchObject({ eventDefinition: { kind: 'compensate' }, compensationHandlerId: 'undoA' });
    expect(model.nodes.get('undoA')).toMatchObject({ isForCompensation: true, incoming: [], outgoing: [] });
    expect(model.nodes.get('x')?.eventDefinition).toEqual({ kind: 'compensate', activityRef: 'A' });
  });

  it.each([
    [
      'throw event with waitForCompletion false',
      withThrower(throwEvent('<bpmn:compensateEventDefinition waitForCompletion="false" />')),
      'x',
      'A compensation intermediate throwing event waitForCompletion attribute must be true or not present',
    ],
    [
      'activityRef to an activity without compensation boundary event',
      withThrower(throwEvent('<bpmn:compensateEventDefinition activityRef="undoA" />')),
      'x',
      "The referenced compensation activity 'undoA' must have either a compensation boundary event or be a subprocess",
    ],
    [
      'activityRef to no element',
      withThrower(throwEvent('<bpmn:compensateEventDefinition activityRef="Missing" />')),
      'x',
      "The referenced compensation activity 'Missing' doesn't exist",
    ],
    [
      'business rule task as handler',
      withThrower(throwEvent('<bpmn:compensateEventDefinition />'), 'businessRuleTask'),
      'undoA',
      'Compensation task must be one of: service task, user task, send task, script task, manual task, or undefined task.',
    ],
  ])('rejects a %s', async (_, xml, field, message) => {
    await expectRejected(xml, field, message);
  });

  it('rejects a compensation end event with waitForCompletion false', async () => {
    const xml = processXml(
      `<bpmn:startEvent id="s" /><bpmn:endEvent id="x"><bpmn:compensateEventDefinition waitForCompletion="false" /></bpmn:endEvent>
       <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="x" />`,
    );
    await expectRejected(xml, 'x', 'A compensation end event waitForCompletion attribute must be true or not present');
  });

  it('rejects a compensation event sub-process on the process level', async () => {
    const xml = processXml(
      `<bpmn:startEvent id="s" /><bpmn:endEvent id="e" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" />
       <bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="es"><bpmn:compensateEventDefinition /></bpmn:startEvent>
       <bpmn:endEvent id="ee" /><bpmn:sequenceFlow id="fe" sourceRef="es" targetRef="ee" /></bpmn:subProcess>`,
    );
    const err = await expectRejected(xml, 'esp', 'A compensation event subprocess is not allowed on the process level');
    expect(err.details).toContainEqual({
      field: 'esp',
      message: 'Start events in event subprocesses must be one of: message, timer, error, signal or escalation',
    });
  });
});

/** Rejections of unsupported elements and of incomplete task configuration. */
import { around, expectRejected, processXml } from './helpers';

const job = (type = 'w') => `<zeebe:taskDefinition type="${type}" />`;
const ext = (content: string) => `<bpmn:extensionElements>${content}</bpmn:extensionElements>`;

describe('unsupported elements', () => {
  it.each([
    ['complex gateway', '<bpmn:complexGateway id="x" />', "Elements of type 'ComplexGateway' are currently not supported"],
    [
      'transaction',
      '<bpmn:transaction id="x"><bpmn:startEvent id="ts" /></bpmn:transaction>',
      "Elements of type 'Transaction' are currently not supported",
    ],
    [
      'standard loop',
      `<bpmn:task id="x"><bpmn:standardLoopCharacteristics /></bpmn:task>`,
      'Standard loop characteristics are not supported',
    ],
    [
      // Zeebe's CompensationTaskValidator: a handler runs only through its compensation boundary event.
      'compensation handler with sequence flows',
      `<bpmn:serviceTask id="x" isForCompensation="true">${ext(job())}</bpmn:serviceTask>`,
      'A compensation handler should have no incoming sequence flows',
    ],
    [
      // Zeebe's GatewayValidator.
      'end execution listener on a gateway',
      `<bpmn:parallelGateway id="x">${ext('<zeebe:executionListeners><zeebe:executionListener eventType="end" type="l" /></zeebe:executionListeners>')}</bpmn:parallelGateway>`,
      "Execution listeners of type 'end' are not supported by gateway element",
    ],
    [
      // Zeebe's TaskListenersValidator.
      'task listeners on a job-based user task',
      `<bpmn:userTask id="x">${ext('<zeebe:taskListeners><zeebe:taskListener eventType="creating" type="l" /></zeebe:taskListeners>')}</bpmn:userTask>`,
      'Task listeners are only allowed on Camunda user tasks.',
    ],
  ])('rejects a %s', async (_, element, message) => {
    await expectRejected(around(element, 'x'), 'x', message);
  });
});

describe('job workers', () => {
  it.each([
    [
      'service task without task definition',
      '<bpmn:serviceTask id="x" />',
      "Must have exactly one 'zeebe:taskDefinition' extension element",
    ],
    ['send task without task definition', '<bpmn:sendTask id="x" />', "Must have exactly one 'zeebe:taskDefinition' extension element"],
    [
      'task definition with empty type',
      `<bpmn:serviceTask id="x">${ext('<zeebe:taskDefinition type="" />')}</bpmn:serviceTask>`,
      "Attribute 'type' must be present and not empty",
    ],
    [
      'task definition without type',
      `<bpmn:serviceTask id="x">${ext('<zeebe:taskDefinition />')}</bpmn:serviceTask>`,
      "Attribute 'type' must be present and not empty",
    ],
    [
      'task definition with empty retries',
      `<bpmn:serviceTask id="x">${ext('<zeebe:taskDefinition type="w" retries="" />')}</bpmn:serviceTask>`,
      "Attribute 'retries' must be present and not empty",
    ],
    [
      'two task definitions',
      `<bpmn:serviceTask id="x">${ext(job() + job('v'))}</bpmn:serviceTask>`,
      "Must have exactly one 'zeebe:taskDefinition' extension element when exists.",
    ],
    [
      'reserved header key',
      `<bpmn:serviceTask id="x">${ext(job() + '<zeebe:taskHeaders><zeebe:header key="io.camunda.zeebe:formKey" value="v" /></zeebe:taskHeaders>')}</bpmn:serviceTask>`,
      "header keys starting with 'io.camunda.zeebe:' are reserved for internal use.",
    ],
    [
      'duplicate header key',
      `<bpmn:serviceTask id="x">${ext(job() + '<zeebe:taskHeaders><zeebe:header key="a" value="1" /><zeebe:header key="a" value="2" /></zeebe:taskHeaders>')}</bpmn:serviceTask>`,
      "Headers contain duplicate entries for key 'a'",
    ],
    [
      'message end event without task definition',
      '<bpmn:endEvent id="x"><bpmn:messageEventDefinition /></bpmn:endEvent>',
      "Must have exactly one 'zeebe:taskDefinition' extension element",
    ],
    [
      'message throw event without task definition',
      '<bpmn:intermediateThrowEvent id="x"><bpmn:messageEventDefinition /></bpmn:intermediateThrowEvent>',
      "Must have exactly one 'zeebe:taskDefinition' extension element",
    ],
  ])('rejects a %s', async (_, element, message) => {
    await expectRejected(around(element, 'x'), 'x', message);
  });
});

describe('script, business rule and call activity', () => {
  it.each([
    [
      'script task without script or job',
      '<bpmn:scriptTask id="x" />',
      "Must have either one 'zeebe:script' or one 'zeebe:taskDefinition' extension element",
    ],
    [
      'script task with script and job',
      `<bpmn:scriptTask id="x">${ext('<zeebe:script expression="=1" resultVariable="r" />' + job())}</bpmn:scriptTask>`,
      "Must have either one 'zeebe:script' or one 'zeebe:taskDefinition' extension element",
    ],
    [
      'script without result variable',
      `<bpmn:scriptTask id="x">${ext('<zeebe:script expression="=1" />')}</bpmn:scriptTask>`,
      "Attribute 'resultVariable' must be present and not empty",
    ],
    [
      'script without expression',
      `<bpmn:scriptTask id="x">${ext('<zeebe:script resultVariable="r" />')}</bpmn:scriptTask>`,
      "Attribute 'expression' must be present and not empty",
    ],
    [
      'static script expression',
      `<bpmn:scriptTask id="x">${ext('<zeebe:script expression="1 + 1" resultVariable="r" />')}</bpmn:scriptTask>`,
      "Expected expression but found static value '1 + 1'. An expression must start with '=' (e.g. '=1 + 1').",
    ],
    [
      'business rule task without decision or job',
      '<bpmn:businessRuleTask id="x" />',
      "Must have either one 'zeebe:calledDecision' or one 'zeebe:taskDefinition' extension element",
    ],
    [
      'called decision without decision id',
      `<bpmn:businessRuleTask id="x">${ext('<zeebe:calledDecision resultVariable="r" />')}</bpmn:businessRuleTask>`,
      "Attribute 'decisionId' must be present and not empty",
    ],
    [
      'called decision without result variable',
      `<bpmn:businessRuleTask id="x">${ext('<zeebe:calledDecision decisionId="d" />')}</bpmn:businessRuleTask>`,
      "Attribute 'resultVariable' must be present and not empty",
    ],
    [
      'call activity without called element',
      '<bpmn:callActivity id="x" />',
      "Must have exactly one 'zeebe:calledElement' extension element",
    ],
    [
      'called element without process id',
      `<bpmn:callActivity id="x">${ext('<zeebe:calledElement />')}</bpmn:callActivity>`,
      "Attribute 'processId' must be present and not empty",
    ],
    [
      'unknown binding type',
      `<bpmn:callActivity id="x">${ext('<zeebe:calledElement processId="c" bindingType="newest" />')}</bpmn:callActivity>`,
      "Attribute 'bindingType' must be one of: deployment, latest, versionTag",
    ],
    [
      'versionTag binding without version tag',
      `<bpmn:callActivity id="x">${ext('<zeebe:calledElement processId="c" bindingType="versionTag" />')}</bpmn:callActivity>`,
      "Attribute 'versionTag' must be present and not empty",
    ],
  ])('rejects a %s', async (_, element, message) => {
    await expectRejected(around(element, 'x'), 'x', message);
  });
});

describe('user tasks', () => {
  const userTask = (content: string, native = true) =>
    `<bpmn:userTask id="x">${ext((native ? '<zeebe:userTask />' : '') + content)}</bpmn:userTask>`;
  it.each([
    [
      'Camunda user task with form id and external reference',
      userTask('<zeebe:formDefinition formId="f" externalReference="u" />'),
      "Exactly one of the attributes 'formId, externalReference' must be present and not blank for native user tasks",
    ],
    [
      'Camunda user task with an empty form definition',
      userTask('<zeebe:formDefinition />'),
      "Exactly one of the attributes 'formId, externalReference' must be present and not blank for native user tasks",
    ],
    [
      'legacy user task with form id and form key',
      userTask('<zeebe:formDefinition formId="f" formKey="k" />', false),
      "Exactly one of the attributes 'formId, formKey' must be present and not blank",
    ],
    [
      'candidate groups that are no list',
      userTask('<zeebe:assignmentDefinition candidateGroups="a,,b" />'),
      "Expected static value to be a list of comma-separated values, e.g. 'a,b,c', but found 'a,,b'.",
    ],
    [
      'due date that is no date-time',
      userTask('<zeebe:taskSchedule dueDate="tomorrow" />'),
      "Expected static value to be a valid DateTime String, e.g. '2023-03-02T15:35+02:00', but found 'tomorrow'.",
    ],
    [
      'follow-up date without offset',
      userTask('<zeebe:taskSchedule followUpDate="2025-01-31T08:00:00" />'),
      'Expected static value to be a valid DateTime String',
    ],
    [
      'priority that is no number',
      userTask('<zeebe:priorityDefinition priority="high" />'),
      "Expected static value to be a valid Number between 0 and 100, but found 'high'.",
    ],
    [
      'priority above 100',
      userTask('<zeebe:priorityDefinition priority="101" />'),
      "Priority must be a number between 0 and 100, but was '101'",
    ],
    ['empty priority', userTask('<zeebe:priorityDefinition priority="" />'), "Attribute 'priority' must be present and not empty"],
    [
      'two form definitions',
      userTask('<zeebe:formDefinition formId="a" /><zeebe:formDefinition formId="b" />'),
      "Must have exactly one 'zeebe:formDefinition' extension element when exists.",
    ],
  ])('rejects a %s', async (_, element, message) => {
    await expectRejected(around(element, 'x'), 'x', message);
  });
});

describe('multi-instance', () => {
  const mi = (zeebeLoop: string) =>
    `<bpmn:task id="x"><bpmn:multiInstanceLoopCharacteristics>${ext(zeebeLoop)}</bpmn:multiInstanceLoopCharacteristics></bpmn:task>`;
  it.each([
    [
      'without zeebe:loopCharacteristics',
      '<bpmn:task id="x"><bpmn:multiInstanceLoopCharacteristics /></bpmn:task>',
      "Must have exactly one 'zeebe:loopCharacteristics' extension element",
    ],
    [
      'without input collection',
      mi('<zeebe:loopCharacteristics inputElement="i" />'),
      "Attribute 'inputCollection' must be present and not empty",
    ],
    [
      'with a static input collection',
      mi('<zeebe:loopCharacteristics inputCollection="items" />'),
      "Expected expression but found static value 'items'",
    ],
    [
      'with output collection but no output element',
      mi('<zeebe:loopCharacteristics inputCollection="=items" outputCollection="out" />'),
      "Attribute 'outputElement' must be present if the attribute 'outputCollection' is set",
    ],
    [
      'with output element but no output collection',
      mi('<zeebe:loopCharacteristics inputCollection="=items" outputElement="=r" />'),
      "Attribute 'outputCollection' must be present if the attribute 'outputElement' is set",
    ],
    [
      'with a static output element',
      mi('<zeebe:loopCharacteristics inputCollection="=items" outputCollection="out" outputElement="r" />'),
      "Expected expression but found static value 'r'",
    ],
  ])('rejects multi-instance %s', async (_, element, message) => {
    await expectRejected(around(element, 'x'), 'x', message);
  });
});

describe('variable mappings', () => {
  const io = (mapping: string) => `<bpmn:task id="x">${ext(`<zeebe:ioMapping>${mapping}</zeebe:ioMapping>`)}</bpmn:task>`;
  it.each([
    [
      'a target that is no path',
      io('<zeebe:input source="=a" target="order-id" />'),
      "Expected path expression 'order-id' but doesn't match the pattern",
    ],
    [
      'a reserved word as target',
      io('<zeebe:output source="=a" target="null" />'),
      "Expected path expression 'null' but is one of the reserved words",
    ],
    ['a missing target', io('<zeebe:input source="=a" />'), 'Expected path expression but not found.'],
    ['a static output source', io('<zeebe:output source="total" target="sum" />'), "Expected expression but found static value 'total'"],
    ['an output without source', io('<zeebe:output target="sum" />'), 'Expected expression but not found.'],
  ])('rejects %s', async (_, element, message) => {
    await expectRejected(around(element, 'x'), 'x', message);
  });

  it('rejects two io mappings on one element', async () => {
    const element = `<bpmn:task id="x">${ext('<zeebe:ioMapping /><zeebe:ioMapping />')}</bpmn:task>`;
    await expectRejected(
      processXml(`<bpmn:startEvent id="s" />${element}`),
      'x',
      "Must have exactly one 'zeebe:ioMapping' extension element when exists.",
    );
  });
});

/** Every FEEL expression of a model is syntax-checked at deployment. */
import { DeploymentRejectedError } from '../../errors';
import { parseBpmn } from '../parse-bpmn';
import { around, expectRejected, processXml } from './helpers';

const BAD = '=foo(';
const ext = (content: string) => `<bpmn:extensionElements>${content}</bpmn:extensionElements>`;
const job = '<zeebe:taskDefinition type="w" />';
const timer = (definition: string) => `<bpmn:timerEventDefinition>${definition}</bpmn:timerEventDefinition>`;
const subscribed = (name: string, key: string) =>
  `<bpmn:message id="M" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="${key}" /></bpmn:extensionElements></bpmn:message>`;

describe('invalid FEEL is rejected on the element using it', () => {
  it.each([
    [
      'input mapping source',
      `<bpmn:task id="x">${ext(`<zeebe:ioMapping><zeebe:input source="${BAD}" target="a" /></zeebe:ioMapping>`)}</bpmn:task>`,
    ],
    [
      'output mapping source',
      `<bpmn:task id="x">${ext(`<zeebe:ioMapping><zeebe:output source="${BAD}" target="a" /></zeebe:ioMapping>`)}</bpmn:task>`,
    ],
    ['job type', `<bpmn:serviceTask id="x">${ext(`<zeebe:taskDefinition type="${BAD}" />`)}</bpmn:serviceTask>`],
    ['job retries', `<bpmn:serviceTask id="x">${ext(`<zeebe:taskDefinition type="w" retries="${BAD}" />`)}</bpmn:serviceTask>`],
    ['script expression', `<bpmn:scriptTask id="x">${ext(`<zeebe:script expression="${BAD}" resultVariable="r" />`)}</bpmn:scriptTask>`],
    [
      'decision id',
      `<bpmn:businessRuleTask id="x">${ext(`<zeebe:calledDecision decisionId="${BAD}" resultVariable="r" />`)}</bpmn:businessRuleTask>`,
    ],
    ['called process id', `<bpmn:callActivity id="x">${ext(`<zeebe:calledElement processId="${BAD}" />`)}</bpmn:callActivity>`],
    ['assignee', `<bpmn:userTask id="x">${ext(`<zeebe:userTask /><zeebe:assignmentDefinition assignee="${BAD}" />`)}</bpmn:userTask>`],
    [
      'candidate groups',
      `<bpmn:userTask id="x">${ext(`<zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="${BAD}" />`)}</bpmn:userTask>`,
    ],
    ['due date', `<bpmn:userTask id="x">${ext(`<zeebe:userTask /><zeebe:taskSchedule dueDate="${BAD}" />`)}</bpmn:userTask>`],
    ['priority', `<bpmn:userTask id="x">${ext(`<zeebe:userTask /><zeebe:priorityDefinition priority="${BAD}" />`)}</bpmn:userTask>`],
    [
      'input collection',
      `<bpmn:task id="x"><bpmn:multiInstanceLoopCharacteristics>${ext(`<zeebe:loopCharacteristics inputCollection="${BAD}" />`)}</bpmn:multiInstanceLoopCharacteristics></bpmn:task>`,
    ],
    [
      'output element',
      `<bpmn:task id="x"><bpmn:multiInstanceLoopCharacteristics>${ext(`<zeebe:loopCharacteristics inputCollection="=l" outputCollection="o" outputElement="${BAD}" />`)}</bpmn:multiInstanceLoopCharacteristics></bpmn:task>`,
    ],
    [
      'completion condition',
      `<bpmn:task id="x"><bpmn:multiInstanceLoopCharacteristics>${ext('<zeebe:loopCharacteristics inputCollection="=l" />')}<bpmn:completionCondition>${BAD}</bpmn:completionCondition></bpmn:multiInstanceLoopCharacteristics></bpmn:task>`,
    ],
    [
      'timer duration',
      `<bpmn:intermediateCatchEvent id="x">${timer(`<bpmn:timeDuration>${BAD}</bpmn:timeDuration>`)}</bpmn:intermediateCatchEvent>`,
    ],
    ['timer date', `<bpmn:intermediateCatchEvent id="x">${timer(`<bpmn:timeDate>${BAD}</bpmn:timeDate>`)}</bpmn:intermediateCatchEvent>`],
  ])('%s', async (_, element) => {
    await expectRejected(around(element, 'x'), 'x', /failed to parse expression 'foo\('/);
  });

  it.each([
    ['correlation key', subscribed('m', BAD)],
    ['message name', subscribed(BAD, '=k')],
  ])('%s', async (_, message) => {
    const xml = around(
      '<bpmn:intermediateCatchEvent id="x"><bpmn:messageEventDefinition messageRef="M" /></bpmn:intermediateCatchEvent>',
      'x',
      message,
    );
    await expectRejected(xml, 'x', /failed to parse expression 'foo\('/);
  });

  it('signal name', async () => {
    const xml = around(
      '<bpmn:intermediateCatchEvent id="x"><bpmn:signalEventDefinition signalRef="S" /></bpmn:intermediateCatchEvent>',
      'x',
      `<bpmn:signal id="S" name="${BAD}" />`,
    );
    await expectRejected(xml, 'x', /failed to parse expression 'foo\('/);
  });

  it('error code of an end event', async () => {
    const xml = processXml(
      '<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="x" /><bpmn:endEvent id="x"><bpmn:errorEventDefinition errorRef="E" /></bpmn:endEvent>',
      `<bpmn:error id="E" errorCode="${BAD}" />`,
    );
    await expectRejected(xml, 'x', /failed to parse expression 'foo\('/);
  });

  it('sequence flow condition', async () => {
    const xml = processXml(
      `<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="g" /><bpmn:exclusiveGateway id="g" default="f2" />
       <bpmn:sequenceFlow id="f1" sourceRef="g" targetRef="e"><bpmn:conditionExpression>${BAD}</bpmn:conditionExpression></bpmn:sequenceFlow>
       <bpmn:sequenceFlow id="f2" sourceRef="g" targetRef="e" /><bpmn:endEvent id="e" />`,
    );
    await expectRejected(xml, 'f1', /failed to parse expression 'foo\('/);
  });
});

describe('checker injection', () => {
  it('uses an injected FEEL checker instead of engine/feel', async () => {
    const seen: string[] = [];
    const xml = around(
      `<bpmn:serviceTask id="x">${ext(`${job}<zeebe:ioMapping><zeebe:input source="=a.b" target="c" /></zeebe:ioMapping>`)}</bpmn:serviceTask>`,
      'x',
    );
    const err = await parseBpmn(xml, 'x.bpmn', {
      checkExpression: (source) => {
        seen.push(source);
        return 'not allowed here';
      },
    }).catch((e: unknown) => e);
    expect(seen).toEqual(['a.b']);
    expect(err).toBeInstanceOf(DeploymentRejectedError);
    expect((err as DeploymentRejectedError).details).toEqual([
      { field: 'x', message: "failed to parse expression 'a.b': not allowed here" },
    ]);
  });
});

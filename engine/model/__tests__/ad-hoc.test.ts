/** Parsing of ad-hoc sub-processes: attributes, activatable elements, their metadata, and Zeebe's rules. */
import { parseBpmn } from '../parse-bpmn';
import { around, expectRejected } from './helpers';

const adHoc = (inner: string, attrs = '', extension = '') =>
  around(
    `<bpmn:adHocSubProcess id="ah"${attrs}><bpmn:extensionElements>${extension}</bpmn:extensionElements>${inner}</bpmn:adHocSubProcess>`,
    'ah',
  );

describe('ad-hoc sub-processes', () => {
  it('reads the zeebe:adHoc attributes, the completion condition and cancelRemainingInstances', async () => {
    const xml = around(
      `<bpmn:adHocSubProcess id="ah" cancelRemainingInstances="false">
        <bpmn:extensionElements><zeebe:adHoc activeElementsCollection="=ids" outputCollection="results" outputElement="=result" /></bpmn:extensionElements>
        <bpmn:task id="a" />
        <bpmn:completionCondition xsi:type="bpmn:tFormalExpression">=done</bpmn:completionCondition>
      </bpmn:adHocSubProcess>`,
      'ah',
    );
    const node = (await parseBpmn(xml)).processes[0]!.nodes.get('ah')!;
    expect(node.type).toBe('AD_HOC_SUB_PROCESS');
    expect(node.adHoc).toEqual({
      activeElementsCollection: 'ids',
      completionCondition: 'done',
      cancelRemainingInstances: false,
      outputCollection: 'results',
      outputElement: 'result',
      activatable: ['a'],
      elements: [{ elementId: 'a' }],
    });
  });

  it('activatable are the inner elements without incoming flows; their metadata leaves empty fields out', async () => {
    const inner = `
      <bpmn:task id="a" name="A"><bpmn:documentation>Does A</bpmn:documentation>
        <bpmn:extensionElements><zeebe:properties><zeebe:property name="p" value="1" /></zeebe:properties></bpmn:extensionElements>
      </bpmn:task>
      <bpmn:task id="b" />
      <bpmn:sequenceFlow id="ab" sourceRef="a" targetRef="b" />
      <bpmn:task id="c" />
      <bpmn:boundaryEvent id="t" attachedToRef="c"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>`;
    const node = (await parseBpmn(adHoc(inner))).processes[0]!.nodes.get('ah')!;
    expect(node.adHoc!.activatable).toEqual(['a', 'c']);
    expect(node.adHoc!.elements).toEqual([
      { elementId: 'a', elementName: 'A', documentation: 'Does A', properties: { p: '1' } },
      { elementId: 'c' },
    ]);
    expect(node.adHoc!.cancelRemainingInstances).toBe(true);
  });

  it('reads tool parameters from the fromAi() calls in the input mappings of an activatable element', async () => {
    const input = (target: string, source: string) => `<zeebe:input source="${source.replace(/"/g, '&quot;')}" target="${target}" />`;
    const inner = `<bpmn:task id="a"><bpmn:extensionElements><zeebe:ioMapping>
      ${input('q', '=fromAi(toolCall.query, "The query", "string", {minLength: 1, enum: ["x", "y"]})')}
      ${input('n', '=fromAi(value: toolCall.limit, type: "number") + 0')}
      ${input('plain', '=1')}
    </zeebe:ioMapping></bpmn:extensionElements></bpmn:task>`;
    const node = (await parseBpmn(adHoc(inner))).processes[0]!.nodes.get('ah')!;
    expect(node.adHoc!.elements[0]!.parameters).toEqual([
      { name: 'toolCall.query', description: 'The query', type: 'string', schema: { minLength: 1, enum: ['x', 'y'] } },
      { name: 'toolCall.limit', type: 'number' },
    ]);
  });

  it('rejects a fromAi() call whose value is no reference, with Zeebe`s text', async () => {
    const inner = `<bpmn:task id="a"><bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=fromAi(&quot;q&quot;)" target="q" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:task>`;
    await expectRejected(
      adHoc(inner),
      'a',
      "Failed to extract ad-hoc activity parameters for element 'a'. Expected fromAi() parameter 'value' to be a reference (e.g. 'toolCall.customParameter'), but received string 'q'.",
    );
  });

  it('a blank completion condition counts as none', async () => {
    const xml = adHoc('<bpmn:task id="a" /><bpmn:completionCondition xsi:type="bpmn:tFormalExpression"> </bpmn:completionCondition>');
    expect((await parseBpmn(xml)).processes[0]!.nodes.get('ah')!.adHoc!.completionCondition).toBeUndefined();
  });

  it('with a task definition it is job-based, with its headers', async () => {
    const xml = adHoc(
      '<bpmn:task id="a" />',
      '',
      '<zeebe:taskDefinition type="agent" retries="2" /><zeebe:taskHeaders><zeebe:header key="k" value="v" /></zeebe:taskHeaders>',
    );
    const node = (await parseBpmn(xml)).processes[0]!.nodes.get('ah')!;
    expect(node.taskDefinition).toEqual({ type: { raw: 'agent', feel: null }, retries: { raw: '2', feel: null } });
    expect(node.taskHeaders).toEqual({ k: 'v' });
  });

  it.each([
    [
      'an activeElementsCollection that is no expression',
      '',
      '<zeebe:adHoc activeElementsCollection="a" />',
      'Expected expression but found static value',
    ],
    [
      'an invalid completion condition',
      '',
      '',
      'failed to parse expression',
      '<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">=(</bpmn:completionCondition>',
    ],
    ['an outputCollection without outputElement', '', '<zeebe:adHoc outputCollection="r" />', "Attribute 'outputElement' must be present"],
    ['two zeebe:adHoc', '', '<zeebe:adHoc /><zeebe:adHoc />', "Must have exactly one 'zeebe:adHoc' extension element"],
  ])('rejects %s', async (_what, attrs, extension, message, extra = '') => {
    await expectRejected(adHoc(`<bpmn:task id="a" />${extra}`, attrs, extension), 'ah', message);
  });
});

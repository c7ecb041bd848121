/** Resource-level rejections: unreadable files, no executable process, dropped content, message format. */
import { DeploymentRejectedError } from '../../errors';
import { parseBpmn } from '../parse-bpmn';
import { around, definitions, expectRejected, processXml, rejectionOf } from './helpers';

const SERVICE_WITHOUT_TYPE = '<bpmn:serviceTask id="ServiceTask_1" />';

describe('unreadable resources', () => {
  it.each([
    ['malformed XML', '<bpmn:definitions><bpmn:process></bpmn:definitions>'],
    ['a non-BPMN XML document', '<?xml version="1.0"?><order id="1" />'],
    ['JSON', '{"id":"form"}'],
    ['an empty file', ''],
  ])('rejects %s with a parse failure on the resource', async (_, xml) => {
    const err = await rejectionOf(xml, 'broken.bpmn');
    expect(err).toBeInstanceOf(DeploymentRejectedError);
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.details).toHaveLength(1);
    expect(err.details[0]!.field).toBe('broken.bpmn');
    expect(err.details[0]!.message).toMatch(/^Failed to parse BPMN XML: /);
    expect(err.message).toContain("'broken.bpmn': Failed to parse BPMN XML");
  });
});

describe('executable processes', () => {
  it('rejects definitions without an executable process', async () => {
    const xml = definitions('<bpmn:process id="p" isExecutable="false"><bpmn:startEvent id="s" /></bpmn:process>');
    await expectRejected(xml, 'Definitions_1', 'Must contain at least one executable process');
  });

  it('rejects definitions without any process', async () => {
    await expectRejected(definitions('<bpmn:message id="M" name="m" />'), 'Definitions_1', 'Must contain at least one executable process');
  });
});

describe('rejection message', () => {
  it('lists every problem per element in Zeebe style and names the resource', async () => {
    const xml = around(SERVICE_WITHOUT_TYPE, 'ServiceTask_1');
    const err = await rejectionOf(xml, 'file.bpmn');
    expect(err.details).toEqual([{ field: 'ServiceTask_1', message: "Must have exactly one 'zeebe:taskDefinition' extension element" }]);
    expect(err.message).toBe(
      "Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy new resources, but encountered the following errors:\n" +
        "'file.bpmn': - Element: ServiceTask_1\n    - ERROR: Must have exactly one 'zeebe:taskDefinition' extension element\n",
    );
  });

  it('collects problems of several elements and uses a default resource name', async () => {
    const xml = processXml(`${SERVICE_WITHOUT_TYPE}<bpmn:sendTask id="SendTask_1" />`);
    const err = await rejectionOf(xml);
    expect(err.details.map((d) => d.field)).toEqual(['ServiceTask_1', 'SendTask_1', 'p']);
    expect(err.message).toContain("'process.bpmn': - Element: ServiceTask_1\n    - ERROR: Must have exactly one");
    expect(err.message).toContain('- Element: SendTask_1\n');
    expect(err.message).toContain('- Element: p\n    - ERROR: Must have at least one start event\n');
  });
});

describe('content moddle could not read', () => {
  it('rejects an unknown BPMN element, naming its id', async () => {
    await expectRejected(around('<bpmn:serviceTsk id="Typo_1" />', 'Typo_1'), 'Typo_1', 'Unknown or invalid element <bpmn:serviceTsk>');
  });

  it('rejects an unknown element in a default-namespace BPMN file', async () => {
    const xml = `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
      <process id="p" isExecutable="true"><startEvent id="s" /><serviceTsk id="Typo_2" /></process></definitions>`;
    await expectRejected(xml, 'Typo_2', 'Unknown or invalid element <serviceTsk>');
  });

  it('rejects a duplicate id', async () => {
    const xml = processXml('<bpmn:startEvent id="dup" /><bpmn:endEvent id="dup" />');
    await expectRejected(xml, 'dup', /duplicate ID/);
  });

  it('rejects an unknown zeebe extension element on the element carrying it', async () => {
    const xml = around(
      '<bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="w" /><zeebe:publishMessage correlationKey="=k" /></bpmn:extensionElements></bpmn:serviceTask>',
      't',
    );
    await expectRejected(xml, 't', 'Unknown or invalid element <zeebe:publishMessage>');
  });

  it('ignores foreign extension elements and diagram problems', async () => {
    const xml = around(
      '<bpmn:task id="t" xmlns:other="http://example.com/other" other:flag="x"><bpmn:extensionElements><other:config a="1" /></bpmn:extensionElements></bpmn:task>',
      't',
    );
    await expect(parseBpmn(xml)).resolves.toBeDefined();
  });

  it('rejects an unresolved reference on the element holding it', async () => {
    const xml = around(
      `<bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="w" /></bpmn:extensionElements></bpmn:serviceTask>
       <bpmn:boundaryEvent id="b" attachedToRef="t"><bpmn:errorEventDefinition id="def" errorRef="Missing_Error" /></bpmn:boundaryEvent>
       <bpmn:sequenceFlow id="fb" sourceRef="b" targetRef="eb" /><bpmn:endEvent id="eb" />`,
      't',
    );
    await expectRejected(xml, 'b', "Reference 'Missing_Error' in attribute 'errorRef' cannot be resolved");
  });

  it('rejects a sequence flow whose target cannot be resolved', async () => {
    const xml = processXml('<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="nowhere" />');
    await expectRejected(xml, 'f', "SequenceFlow has targetRef 'nowhere' which cannot be resolved");
  });

  it('rejects a sequence flow without source', async () => {
    const xml = processXml('<bpmn:startEvent id="s" /><bpmn:endEvent id="e" /><bpmn:sequenceFlow id="f" targetRef="e" />');
    await expectRejected(xml, 'f', 'SequenceFlow is missing required attribute sourceRef');
  });
});

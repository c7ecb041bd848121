/** Node references the runtime follows are resolved when the model is built, not looked up per token. */
import { parseBpmn } from '../parse-bpmn';
import { processXml } from './helpers';

const xml = processXml(
  `
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub" />
  <bpmn:subProcess id="sub">
    <bpmn:startEvent id="subStart" />
    <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="throwInner" />
    <bpmn:intermediateThrowEvent id="throwInner"><bpmn:linkEventDefinition name="Inner" /></bpmn:intermediateThrowEvent>
    <bpmn:intermediateCatchEvent id="catchInner"><bpmn:linkEventDefinition name="Inner" /></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="s2" sourceRef="catchInner" targetRef="subEnd" />
    <bpmn:endEvent id="subEnd" />
  </bpmn:subProcess>
  <bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="throwOuter" />
  <bpmn:intermediateThrowEvent id="throwOuter"><bpmn:linkEventDefinition name="Outer" /></bpmn:intermediateThrowEvent>
  <bpmn:intermediateCatchEvent id="catchOuter"><bpmn:linkEventDefinition name="Outer" /></bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f3" sourceRef="catchOuter" targetRef="end" />
  <bpmn:endEvent id="end" />
  <bpmn:subProcess id="esp" triggeredByEvent="true">
    <bpmn:startEvent id="espStart"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:startEvent>
    <bpmn:sequenceFlow id="e1" sourceRef="espStart" targetRef="espEnd" />
    <bpmn:endEvent id="espEnd" />
  </bpmn:subProcess>`,
  `<bpmn:signal id="sig" name="stop" />`,
);

describe('references resolved at parse time', () => {
  it('a link throw event points to the link catch event of its name in its own scope', async () => {
    const [model] = (await parseBpmn(xml)).processes;
    expect(model.nodes.get('throwInner')!.linkTargetId).toBe('catchInner');
    expect(model.nodes.get('throwOuter')!.linkTargetId).toBe('catchOuter');
  });

  it('each scope knows its start event', async () => {
    const [model] = (await parseBpmn(xml)).processes;
    expect(model.noneStartEventId).toBe('start');
    expect(model.nodes.get('sub')!.startEventId).toBe('subStart');
    expect(model.nodes.get('esp')!.startEventId).toBe('espStart');
    expect(model.eventSubProcesses).toEqual(['esp']);
  });
});

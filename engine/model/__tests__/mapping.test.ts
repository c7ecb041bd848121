/** Element mappings not covered by the order-to-cash fixture, on small processes. */
import { parseBpmn } from '../parse-bpmn';
import type { FlowNode } from '../types';
import { around, fixture, processXml } from './helpers';

async function nodeOf(xml: string, id: string): Promise<FlowNode> {
  const { processes } = await parseBpmn(xml);
  const node = processes[0]!.nodes.get(id);
  if (!node) throw new Error(`no node ${id}`);
  return node;
}

const MESSAGE = `<bpmn:message id="M" name="ping"><bpmn:extensionElements><zeebe:subscription correlationKey="=key" /></bpmn:extensionElements></bpmn:message>`;

describe('resources', () => {
  it('builds a model per executable process and skips non-executable ones (default namespace, collaboration)', async () => {
    const { processes } = await parseBpmn(fixture('collaboration.bpmn'), 'collaboration.bpmn');
    expect(processes.map((p) => p.bpmnProcessId)).toEqual(['supplier', 'grid-operator']);
    expect(processes[0]!.name).toBe('Supplier switch');
    expect(processes[0]!.flows.get('f1')).toEqual({ id: 'f1', sourceRef: 's1', targetRef: 'e1' });
  });
});

describe('job workers', () => {
  it('maps a job-based script task and business rule task', async () => {
    const script = await nodeOf(
      around(
        `<bpmn:scriptTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="groovy" /></bpmn:extensionElements></bpmn:scriptTask>`,
        't',
      ),
      't',
    );
    expect(script.taskDefinition?.type).toEqual({ raw: 'groovy', feel: null });
    expect(script.script).toBeUndefined();
    const rule = await nodeOf(
      around(
        `<bpmn:businessRuleTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="dmn-worker" retries="=retries" /></bpmn:extensionElements></bpmn:businessRuleTask>`,
        't',
      ),
      't',
    );
    expect(rule.taskDefinition).toEqual({ type: { raw: 'dmn-worker', feel: null }, retries: { raw: '=retries', feel: 'retries' } });
    expect(rule.calledDecision).toBeUndefined();
  });

  it('maps a job-based message intermediate throw event with its message name', async () => {
    const node = await nodeOf(
      around(
        `<bpmn:intermediateThrowEvent id="t"><bpmn:extensionElements><zeebe:taskDefinition type="publish" /></bpmn:extensionElements><bpmn:messageEventDefinition messageRef="M" /></bpmn:intermediateThrowEvent>`,
        't',
        MESSAGE,
      ),
      't',
    );
    expect(node.eventDefinition).toEqual({ kind: 'message', messageName: { raw: 'ping', feel: null } });
    expect(node.taskDefinition?.type.raw).toBe('publish');
  });
});

describe('mappings and multi-instance', () => {
  it('strips whitespace after = and keeps static input values as FEEL string literals', async () => {
    const node = await nodeOf(
      around(
        `<bpmn:task id="t"><bpmn:extensionElements><zeebe:ioMapping>
           <zeebe:input source="=  a + 1" target="x" /><zeebe:input source="multi
line" target="y" /><zeebe:input source="" target="z" />
         </zeebe:ioMapping></bpmn:extensionElements></bpmn:task>`,
        't',
      ),
      't',
    );
    expect(node.inputs).toEqual([
      { source: 'a + 1', target: 'x' },
      { source: '"multi\\nline"', target: 'y' },
      { source: 'null', target: 'z' },
    ]);
  });

  it('maps sequential multi-instance; a static completion condition stays a string literal as in Zeebe', async () => {
    const node = await nodeOf(
      around(
        `<bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="w" /></bpmn:extensionElements>
           <bpmn:multiInstanceLoopCharacteristics isSequential="true">
             <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=[1,2]" /></bpmn:extensionElements>
             <bpmn:completionCondition>true</bpmn:completionCondition>
           </bpmn:multiInstanceLoopCharacteristics></bpmn:serviceTask>`,
        't',
      ),
      't',
    );
    expect(node.multiInstance).toEqual({ sequential: true, inputCollection: '[1,2]', completionCondition: '"true"' });
  });
});

describe('events', () => {
  it('maps FEEL timer expressions without validating them statically', async () => {
    const node = await nodeOf(
      around(
        `<bpmn:intermediateCatchEvent id="t"><bpmn:timerEventDefinition><bpmn:timeDuration>=duration(waitFor)</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`,
        't',
      ),
      't',
    );
    expect(node.eventDefinition).toEqual({
      kind: 'timer',
      timerType: 'duration',
      expression: { raw: '=duration(waitFor)', feel: 'duration(waitFor)' },
    });
  });

  it('maps signal start and catch events with FEEL signal names', async () => {
    const xml = processXml(
      `<bpmn:startEvent id="s"><bpmn:signalEventDefinition signalRef="S" /></bpmn:startEvent>
       <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="c" />
       <bpmn:intermediateCatchEvent id="c"><bpmn:signalEventDefinition signalRef="S2" /></bpmn:intermediateCatchEvent>
       <bpmn:sequenceFlow id="f2" sourceRef="c" targetRef="e" />
       <bpmn:endEvent id="e" />`,
      `<bpmn:signal id="S" name="tariff-changed" /><bpmn:signal id="S2" name="=&quot;stop-&quot; + region" />`,
    );
    const { processes } = await parseBpmn(xml);
    const model = processes[0]!;
    expect(model.eventStartEventIds).toEqual(['s']);
    expect(model.noneStartEventId).toBeUndefined();
    expect(model.nodes.get('s')?.eventDefinition).toEqual({ kind: 'signal', signalName: { raw: 'tariff-changed', feel: null } });
    expect(model.nodes.get('c')?.eventDefinition).toEqual({
      kind: 'signal',
      signalName: { raw: '="stop-" + region', feel: '"stop-" + region' },
    });
  });

  it('maps escalation throw events (FEEL code) and catch events (static code or catch-all)', async () => {
    const xml = processXml(
      `<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="sub" />
       <bpmn:subProcess id="sub"><bpmn:startEvent id="ss" /><bpmn:sequenceFlow id="f2" sourceRef="ss" targetRef="t" />
         <bpmn:intermediateThrowEvent id="t"><bpmn:escalationEventDefinition escalationRef="X" /></bpmn:intermediateThrowEvent>
         <bpmn:sequenceFlow id="f3" sourceRef="t" targetRef="se" /><bpmn:endEvent id="se"><bpmn:escalationEventDefinition escalationRef="L" /></bpmn:endEvent>
       </bpmn:subProcess>
       <bpmn:boundaryEvent id="byCode" attachedToRef="sub" cancelActivity="false"><bpmn:escalationEventDefinition escalationRef="L" /></bpmn:boundaryEvent>
       <bpmn:boundaryEvent id="all" attachedToRef="sub"><bpmn:escalationEventDefinition /></bpmn:boundaryEvent>
       <bpmn:sequenceFlow id="f4" sourceRef="sub" targetRef="e" /><bpmn:endEvent id="e" />
       <bpmn:sequenceFlow id="f5" sourceRef="byCode" targetRef="e2" /><bpmn:endEvent id="e2" />
       <bpmn:sequenceFlow id="f6" sourceRef="all" targetRef="e3" /><bpmn:endEvent id="e3" />`,
      `<bpmn:escalation id="X" escalationCode="=code" /><bpmn:escalation id="L" escalationCode="LATE" />`,
    );
    const { processes } = await parseBpmn(xml);
    const nodes = processes[0]!.nodes;
    expect(nodes.get('t')?.eventDefinition).toEqual({ kind: 'escalation', escalationCode: { raw: '=code', feel: 'code' } });
    expect(nodes.get('se')?.eventDefinition).toEqual({ kind: 'escalation', escalationCode: { raw: 'LATE', feel: null } });
    expect(nodes.get('byCode')).toMatchObject({
      interrupting: false,
      eventDefinition: { kind: 'escalation', escalationCode: { raw: 'LATE', feel: null } },
    });
    expect(nodes.get('all')?.eventDefinition).toEqual({ kind: 'escalation' });
  });

  it('maps an error end event with a FEEL error code', async () => {
    const node = await nodeOf(
      processXml(
        `<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" />
        <bpmn:endEvent id="e"><bpmn:errorEventDefinition errorRef="E" /></bpmn:endEvent>`,
        `<bpmn:error id="E" errorCode="=code" />`,
      ),
      'e',
    );
    expect(node.eventDefinition).toEqual({ kind: 'error', errorCode: { raw: '=code', feel: 'code' } });
  });

  it('treats error catch events without error reference or error code as catch-all', async () => {
    const xml = around(
      `<bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="w" /></bpmn:extensionElements></bpmn:serviceTask>
       <bpmn:boundaryEvent id="b" attachedToRef="t"><bpmn:errorEventDefinition errorRef="NoCode" /></bpmn:boundaryEvent>
       <bpmn:sequenceFlow id="fb" sourceRef="b" targetRef="eb" /><bpmn:endEvent id="eb" />`,
      't',
      `<bpmn:error id="NoCode" name="anything" />`,
    );
    expect((await nodeOf(xml, 'b')).eventDefinition).toEqual({ kind: 'error' });
  });
});

describe('user tasks and call activities', () => {
  it('maps an external form reference of a Camunda user task', async () => {
    const node = await nodeOf(
      around(
        `<bpmn:userTask id="t"><bpmn:extensionElements><zeebe:userTask /><zeebe:formDefinition externalReference="https://forms.example/=id" /><zeebe:assignmentDefinition candidateUsers="=[&quot;anna&quot;]" /></bpmn:extensionElements></bpmn:userTask>`,
        't',
      ),
      't',
    );
    expect(node.userTask).toEqual({
      externalFormReference: 'https://forms.example/=id',
      candidateUsers: { raw: '=["anna"]', feel: '["anna"]' },
    });
  });

  it('keeps task headers of a Camunda user task', async () => {
    const node = await nodeOf(
      around(
        `<bpmn:userTask id="t"><bpmn:extensionElements><zeebe:userTask /><zeebe:taskHeaders><zeebe:header key="tariff" value="basic" /></zeebe:taskHeaders></bpmn:extensionElements></bpmn:userTask>`,
        't',
      ),
      't',
    );
    expect(node.taskHeaders).toEqual({ tariff: 'basic' });
    expect(node.userTask).toEqual({});
  });

  it('maps a linked form of a legacy user task and a versionTag binding', async () => {
    const node = await nodeOf(
      around(
        `<bpmn:userTask id="t"><bpmn:extensionElements><zeebe:formDefinition formId="f" bindingType="versionTag" versionTag="v2" /></bpmn:extensionElements></bpmn:userTask>`,
        't',
      ),
      't',
    );
    expect(node.jobWorkerUserTask).toEqual({ formId: 'f', formBindingType: 'versionTag', formVersionTag: 'v2' });
  });

  it('maps a call activity with a FEEL process id and no parent propagation', async () => {
    const node = await nodeOf(
      around(
        `<bpmn:callActivity id="t"><bpmn:extensionElements><zeebe:calledElement processId="=childId" propagateAllParentVariables="false" bindingType="versionTag" versionTag="3" /></bpmn:extensionElements></bpmn:callActivity>`,
        't',
      ),
      't',
    );
    expect(node.calledElement).toEqual({
      processId: { raw: '=childId', feel: 'childId' },
      propagateAllChildVariables: true,
      propagateAllParentVariables: false,
      bindingType: 'versionTag',
      versionTag: '3',
    });
  });
});

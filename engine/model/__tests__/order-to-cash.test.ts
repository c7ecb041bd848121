/** Mapping of a realistic process that uses every supported element family. */
import type { BpmnResource, FlowNode, ProcessModel } from '../types';
import { parseBpmn } from '../parse-bpmn';
import { fixture } from './helpers';

let resource: BpmnResource;
let model: ProcessModel;
const node = (id: string): FlowNode => {
  const found = model.nodes.get(id);
  if (!found) throw new Error(`no node ${id}`);
  return found;
};

beforeAll(async () => {
  resource = await parseBpmn(fixture('order-to-cash.bpmn'), 'order-to-cash.bpmn');
  model = resource.processes[0]!;
});

describe('process', () => {
  it('builds one model with id, name and version tag', () => {
    expect(resource.processes).toHaveLength(1);
    expect(model.bpmnProcessId).toBe('order-to-cash');
    expect(model.name).toBe('Order to cash');
    expect(model.versionTag).toBe('1.2');
    expect(model.userTaskForms).toEqual({ 'legacy-form': '{"components":[]}' });
  });

  it('indexes start events of the process', () => {
    expect(model.noneStartEventId).toBe('StartEvent_1');
    expect(model.eventStartEventIds).toEqual(['Start_Message', 'Start_Timer']);
  });

  it('lists direct children and event sub-processes of the process scope', () => {
    expect(model.children).toContain('ServiceTask_Check');
    expect(model.children).toContain('Boundary_Timeout');
    expect(model.children).toContain('EventSub_Abort');
    expect(model.children).not.toContain('ScriptTask_Price');
    expect(model.children).not.toContain('DataObjectReference_Order');
    expect(model.eventSubProcesses).toEqual(['EventSub_Abort', 'EventSub_Error']);
  });

  it('keeps nodes of nested scopes in the flat node map with their scope id', () => {
    expect(node('ScriptTask_Price').scopeId).toBe('SubProcess_Fulfil');
    expect(node('Start_Abort').scopeId).toBe('EventSub_Abort');
    expect(node('ServiceTask_Check').scopeId).toBe('order-to-cash');
  });
});

describe('sequence flows', () => {
  it('maps flows with conditions and wires incoming/outgoing', () => {
    expect(model.flows.get('Flow_Ok')).toEqual({
      id: 'Flow_Ok',
      sourceRef: 'Gateway_Score',
      targetRef: 'SubProcess_Fulfil',
      condition: 'creditScore >= 500',
    });
    expect(model.flows.get('Flow_S1')).toEqual({ id: 'Flow_S1', sourceRef: 'StartEvent_Sub', targetRef: 'ScriptTask_Price' });
    expect(node('ServiceTask_Check').incoming).toEqual(['Flow_1', 'Flow_FromMessage', 'Flow_FromTimer']);
    expect(node('Gateway_Score').outgoing).toEqual(['Flow_Ok', 'Flow_Reject']);
  });

  it('maps default flows of exclusive and inclusive gateways', () => {
    expect(node('Gateway_Score').defaultFlow).toBe('Flow_Reject');
    expect(node('Gateway_Docs').defaultFlow).toBe('Flow_NoDocs');
    expect(model.flows.get('Flow_Letter')?.condition).toBe('sendLetter');
  });
});

describe('tasks', () => {
  it('maps a service task with task definition (default retries), headers and mappings', () => {
    const task = node('ServiceTask_Check');
    expect(task.type).toBe('SERVICE_TASK');
    expect(task.name).toBe('Check credit');
    expect(task.taskDefinition).toEqual({
      type: { raw: 'credit-check', feel: null },
      retries: { raw: '3', feel: null },
    });
    expect(task.taskHeaders).toEqual({ bureau: 'schufa', mode: 'full' });
    expect(task.inputs).toEqual([
      { source: 'order.customer', target: 'customer' },
      { source: '"SCHUFA \\"B2C\\""', target: 'request.bureau' },
      { source: 'null', target: 'note' },
    ]);
    expect(task.outputs).toEqual([{ source: 'score', target: 'creditScore' }]);
  });

  it('maps a send task with FEEL job type and explicit retries', () => {
    expect(node('SendTask_Reminder').taskDefinition).toEqual({
      type: { raw: '="reminder-" + channel', feel: '"reminder-" + channel' },
      retries: { raw: '5', feel: null },
    });
  });

  it('maps a script task with zeebe:script', () => {
    const task = node('ScriptTask_Price');
    expect(task.type).toBe('SCRIPT_TASK');
    expect(task.script).toEqual({ expression: 'item.quantity * item.price', resultVariable: 'price' });
    expect(task.taskDefinition).toBeUndefined();
  });

  it('maps a business rule task with zeebe:calledDecision', () => {
    expect(node('BusinessRule_Tariff').calledDecision).toEqual({
      decisionId: { raw: 'tariff', feel: null },
      resultVariable: 'tariff',
      bindingType: 'deployment',
    });
  });

  it('maps a Camunda user task with form, assignment, schedule and priority', () => {
    const task = node('UserTask_Approve');
    expect(task.taskDefinition).toBeUndefined();
    expect(task.userTask).toEqual({
      formId: 'approval-form',
      formBindingType: 'latest',
      assignee: { raw: '=order.owner', feel: 'order.owner' },
      candidateGroups: { raw: 'sales, finance', feel: null },
      dueDate: { raw: '=now() + duration("P2D")', feel: 'now() + duration("P2D")' },
      followUpDate: { raw: '2025-01-31T08:00:00+01:00', feel: null },
      priority: { raw: '80', feel: null },
    });
  });

  it('maps a job-based (legacy) user task to a job of type io.camunda.zeebe:userTask', () => {
    const task = node('UserTask_Legacy');
    expect(task.userTask).toBeUndefined();
    expect(task.taskDefinition).toEqual({
      type: { raw: 'io.camunda.zeebe:userTask', feel: null },
      retries: { raw: '1', feel: null },
    });
    expect(task.jobWorkerUserTask).toEqual({ formKey: 'camunda-forms:bpmn:legacy-form', assignee: { raw: 'clerk', feel: null } });
    expect(task.taskHeaders).toEqual({ kind: 'legacy' });
  });

  it('maps a call activity with propagation flags (parent defaults to true)', () => {
    const call = node('CallActivity_Invoice');
    expect(call.calledElement).toEqual({
      processId: { raw: 'invoice', feel: null },
      propagateAllChildVariables: false,
      propagateAllParentVariables: true,
      bindingType: 'latest',
    });
    expect(call.outputs).toEqual([{ source: 'invoiceNumber', target: 'invoice.number' }]);
  });

  it('maps a receive task with its message', () => {
    expect(node('ReceiveTask_Payment').eventDefinition).toEqual({
      kind: 'message',
      messageName: { raw: '="payment-" + region', feel: '"payment-" + region' },
      correlationKey: { raw: '=invoiceNumber', feel: 'invoiceNumber' },
    });
  });

  it('maps manual and plain tasks', () => {
    expect(node('ManualTask_Escalate').type).toBe('MANUAL_TASK');
    expect(node('Task_Letter').type).toBe('TASK');
  });
});

describe('sub-processes and multi-instance', () => {
  it('maps an embedded sub-process with its children and start event', () => {
    const sub = node('SubProcess_Fulfil');
    expect(sub.type).toBe('SUB_PROCESS');
    expect(sub.children).toEqual(['StartEvent_Sub', 'ScriptTask_Price', 'BusinessRule_Tariff', 'EndEvent_Sub']);
    expect(sub.startEventId).toBe('StartEvent_Sub');
    expect(node('StartEvent_Sub').eventDefinition).toEqual({ kind: 'none' });
  });

  it('maps parallel multi-instance with collections and completion condition', () => {
    expect(node('SubProcess_Fulfil').multiInstance).toEqual({
      sequential: false,
      inputCollection: 'order.items',
      inputElement: 'item',
      outputCollection: 'results',
      outputElement: 'price',
      completionCondition: 'numberOfCompletedInstances >= 10',
    });
  });

  it('maps event sub-processes with their (non-)interrupting start events', () => {
    const abort = node('EventSub_Abort');
    expect(abort.type).toBe('EVENT_SUB_PROCESS');
    expect(abort.startEventId).toBe('Start_Abort');
    expect(node('Start_Abort')).toMatchObject({
      interrupting: false,
      eventDefinition: {
        kind: 'message',
        messageName: { raw: 'order-aborted', feel: null },
        correlationKey: { raw: '=order.id', feel: 'order.id' },
      },
    });
    expect(node('Start_AnyError')).toMatchObject({ interrupting: true, eventDefinition: { kind: 'error' } });
    expect(node('Start_AnyError').eventDefinition).toEqual({ kind: 'error' });
  });
});

describe('events', () => {
  it('maps message and timer start events (no correlation key on process start)', () => {
    expect(node('Start_Message').eventDefinition).toEqual({ kind: 'message', messageName: { raw: 'order-received', feel: null } });
    expect(node('Start_Timer').eventDefinition).toEqual({
      kind: 'timer',
      timerType: 'cycle',
      expression: { raw: '0 0 6 * * MON-FRI', feel: null },
    });
  });

  it('maps boundary events with attachment and interruption', () => {
    expect(node('SubProcess_Fulfil').boundaryEvents).toEqual(['Boundary_Timeout', 'Boundary_Reminder']);
    expect(node('Boundary_Timeout')).toMatchObject({
      attachedToRef: 'SubProcess_Fulfil',
      interrupting: true,
      eventDefinition: { kind: 'timer', timerType: 'duration', expression: { raw: 'PT2H', feel: null } },
    });
    expect(node('Boundary_Reminder')).toMatchObject({
      interrupting: false,
      eventDefinition: { kind: 'timer', timerType: 'cycle', expression: { raw: 'R3/PT1H', feel: null } },
    });
    expect(node('Boundary_Cancel').eventDefinition).toMatchObject({ kind: 'message', correlationKey: { feel: 'order.id' } });
    expect(node('Boundary_Signal')).toMatchObject({
      interrupting: false,
      eventDefinition: { kind: 'signal', signalName: { raw: 'stop-dunning', feel: null } },
    });
    expect(node('Boundary_Error').eventDefinition).toEqual({ kind: 'error', errorCode: { raw: 'INVOICE_FAILED', feel: null } });
  });

  it('maps end events: error, terminate, job-based message and none', () => {
    expect(node('EndEvent_Rejected').eventDefinition).toEqual({ kind: 'error', errorCode: { raw: 'CREDIT_REJECTED', feel: null } });
    expect(node('EndEvent_Timeout').eventDefinition).toEqual({ kind: 'terminate' });
    expect(node('EndEvent_Escalated')).toMatchObject({
      eventDefinition: { kind: 'message', messageName: { raw: '', feel: null } },
      taskDefinition: { type: { raw: 'notify', feel: null }, retries: { raw: '3', feel: null } },
    });
    expect(node('EndEvent_Done').eventDefinition).toEqual({ kind: 'none' });
  });

  it('maps intermediate catch events and link/none throw events', () => {
    expect(node('Catch_Delivered').eventDefinition).toMatchObject({ kind: 'message', messageName: { raw: 'delivered' } });
    expect(node('Catch_Deadline').eventDefinition).toEqual({
      kind: 'timer',
      timerType: 'date',
      expression: { raw: '2030-01-01T00:00:00Z', feel: null },
    });
    expect(node('Throw_Link').eventDefinition).toEqual({ kind: 'link', linkName: 'escalate' });
    expect(node('Catch_Link').eventDefinition).toEqual({ kind: 'link', linkName: 'escalate' });
    expect(node('Throw_Notify')).toMatchObject({ type: 'INTERMEDIATE_THROW_EVENT', eventDefinition: { kind: 'none' } });
  });

  it('maps gateways to their element types', () => {
    expect(node('Gateway_Split').type).toBe('PARALLEL_GATEWAY');
    expect(node('Gateway_Docs').type).toBe('INCLUSIVE_GATEWAY');
    expect(node('EventGateway_Wait').type).toBe('EVENT_BASED_GATEWAY');
    expect(node('Gateway_Score').type).toBe('EXCLUSIVE_GATEWAY');
  });
});

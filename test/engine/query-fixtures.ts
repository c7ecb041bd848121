/**
 * Hand-made engine records for tests of the read models, written the way the engine's store
 * writes them: kind, key, process_instance_key (the record's processInstanceKey) and data.
 */
import type { Knex } from 'knex';
import {
  DEFAULT_TENANT,
  type DecisionRecord,
  type DecisionRequirementsRecord,
  type ElementInstanceRecord,
  type FormRecord,
  type IncidentRecord,
  type JobRecord,
  type ProcessDefinitionRecord,
  type ProcessInstanceRecord,
  type RecordKind,
  type RecordTypes,
  type UserTaskRecord,
  type VariableRecord,
} from '../../engine/state/records';

export async function insertRecords<K extends RecordKind>(db: Knex, kind: K, records: RecordTypes[K][]): Promise<void> {
  if (records.length === 0) return;
  await db('engine_record').insert(
    records.map((r) => ({
      kind,
      key: r.key,
      process_instance_key: (r as { processInstanceKey?: string }).processInstanceKey ?? null,
      data: JSON.stringify(r),
    })),
  );
}

export function bpmnXml(
  processId: string,
  opts: { name?: string; elements?: { tag: string; id: string; name?: string; inner?: string }[]; startFormId?: string } = {},
): string {
  const start = opts.startFormId
    ? `<bpmn:startEvent id="start" name="Start"><bpmn:extensionElements><zeebe:formDefinition formId="${opts.startFormId}" /></bpmn:extensionElements></bpmn:startEvent>`
    : '<bpmn:startEvent id="start" name="Start" />';
  const elements = (opts.elements ?? [])
    .map((e) => `<bpmn:${e.tag} id="${e.id}"${e.name ? ` name="${e.name}"` : ''}>${e.inner ?? ''}</bpmn:${e.tag}>`)
    .join('\n    ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs">
  <!-- <bpmn:task id="commented" name="not an element" /> -->
  <bpmn:process id="${processId}"${opts.name ? ` name="${opts.name}"` : ''} isExecutable="true">
    ${start}
    ${elements}
  </bpmn:process>
</bpmn:definitions>`;
}

export function processDefinition(p: Partial<ProcessDefinitionRecord> & { key: string; bpmnProcessId: string }): ProcessDefinitionRecord {
  return {
    version: 1,
    resourceName: `${p.bpmnProcessId}.bpmn`,
    checksum: 'x',
    deploymentKey: '1',
    tenantId: DEFAULT_TENANT,
    xml: bpmnXml(p.bpmnProcessId, { name: p.name }),
    ...p,
  };
}

export function processInstance(p: Partial<ProcessInstanceRecord> & { key: string; processDefinitionKey: string }): ProcessInstanceRecord {
  return {
    bpmnProcessId: 'order',
    version: 1,
    tenantId: DEFAULT_TENANT,
    state: 'ACTIVE',
    startDate: '2025-01-01T10:00:00.000Z',
    hasIncident: false,
    ...p,
  };
}

export function elementInstance(
  p: Partial<ElementInstanceRecord> & { key: string; processInstanceKey: string; elementId: string },
): ElementInstanceRecord {
  return {
    processDefinitionKey: '100',
    bpmnProcessId: 'order',
    tenantId: DEFAULT_TENANT,
    type: 'SERVICE_TASK',
    flowScopeKey: p.processInstanceKey,
    state: 'ACTIVE',
    startDate: '2025-01-01T10:00:01.000Z',
    runtime: {},
    ...p,
  };
}

export function variable(
  p: Partial<VariableRecord> & { key: string; name: string; value: string; processInstanceKey: string },
): VariableRecord {
  return { scopeKey: p.processInstanceKey, tenantId: DEFAULT_TENANT, ...p };
}

export function incident(
  p: Partial<IncidentRecord> & { key: string; processInstanceKey: string; elementInstanceKey: string },
): IncidentRecord {
  return {
    errorType: 'JOB_NO_RETRIES',
    errorMessage: 'boom',
    state: 'ACTIVE',
    processDefinitionKey: '100',
    bpmnProcessId: 'order',
    elementId: 'charge',
    tenantId: DEFAULT_TENANT,
    creationTime: '2025-01-01T10:05:00.000Z',
    retry: 'job',
    ...p,
  };
}

export function userTask(
  p: Partial<UserTaskRecord> & { key: string; processInstanceKey: string; elementInstanceKey: string },
): UserTaskRecord {
  return {
    state: 'CREATED',
    elementId: 'approve',
    processDefinitionKey: '100',
    bpmnProcessId: 'order',
    processDefinitionVersion: 1,
    tenantId: DEFAULT_TENANT,
    candidateGroups: [],
    candidateUsers: [],
    priority: 50,
    creationDate: '2025-01-01T10:00:02.000Z',
    customHeaders: {},
    ...p,
  };
}

export function job(p: Partial<JobRecord> & { key: string; processInstanceKey: string; elementInstanceKey: string }): JobRecord {
  return {
    type: 'charge-card',
    state: 'CREATED',
    elementId: 'charge',
    bpmnProcessId: 'order',
    processDefinitionKey: '100',
    processDefinitionVersion: 1,
    tenantId: DEFAULT_TENANT,
    customHeaders: {},
    retries: 3,
    creationTime: '2025-01-01T10:00:01.000Z',
    ...p,
  };
}

export function form(p: Partial<FormRecord> & { key: string; formId: string }): FormRecord {
  return {
    version: 1,
    resourceName: `${p.formId}.form`,
    checksum: 'x',
    deploymentKey: '1',
    tenantId: DEFAULT_TENANT,
    schema: JSON.stringify({ id: p.formId, components: [] }),
    ...p,
  };
}

export function decisionRequirements(
  p: Partial<DecisionRequirementsRecord> & { key: string; decisionRequirementsId: string },
): DecisionRequirementsRecord {
  return {
    name: p.decisionRequirementsId,
    version: 1,
    resourceName: `${p.decisionRequirementsId}.dmn`,
    checksum: 'x',
    deploymentKey: '1',
    tenantId: DEFAULT_TENANT,
    xml: `<definitions id="${p.decisionRequirementsId}" />`,
    ...p,
  };
}

export function decision(
  p: Partial<DecisionRecord> & { key: string; decisionId: string; decisionRequirementsKey: string },
): DecisionRecord {
  return { name: p.decisionId, version: 1, decisionRequirementsId: 'drg', tenantId: DEFAULT_TENANT, ...p };
}

export const sampleOrderXml = bpmnXml('order', {
  name: 'Order to cash',
  startFormId: 'order-start',
  elements: [
    { tag: 'serviceTask', id: 'charge', name: 'Charge &amp; book' },
    { tag: 'userTask', id: 'approve', name: 'Approve order' },
    { tag: 'endEvent', id: 'end' },
  ],
});
export const sampleBigValue = JSON.stringify('x'.repeat(9000));

/** A small, connected sample: definitions, instances in every state, tasks, incidents, variables, jobs. */
export async function seedSample(db: Knex): Promise<void> {
  await insertRecords(db, 'process-definition', [
    processDefinition({ key: '100', bpmnProcessId: 'order', name: 'Order to cash', version: 1, versionTag: 'v1', xml: sampleOrderXml }),
    processDefinition({ key: '101', bpmnProcessId: 'order', name: 'Order to cash', version: 2, deploymentKey: '2' }),
    processDefinition({ key: '102', bpmnProcessId: 'order', version: 3, deleted: true }),
    processDefinition({ key: '200', bpmnProcessId: 'invoice', version: 1 }),
  ]);
  await insertRecords(db, 'process-instance', [
    processInstance({ key: '1000', processDefinitionKey: '100', hasIncident: true, startDate: '2025-01-01T10:00:00.000Z' }),
    processInstance({
      key: '1001',
      processDefinitionKey: '101',
      version: 2,
      state: 'COMPLETED',
      startDate: '2025-01-02T10:00:00.000Z',
      endDate: '2025-01-02T11:00:00.000Z',
    }),
    processInstance({
      key: '1002',
      processDefinitionKey: '200',
      bpmnProcessId: 'invoice',
      startDate: '2025-01-03T10:00:00.000Z',
      parentProcessInstanceKey: '1000',
      parentElementInstanceKey: '1005',
    }),
    processInstance({
      key: '1003',
      processDefinitionKey: '101',
      version: 2,
      state: 'TERMINATED',
      startDate: '2025-01-04T10:00:00.000Z',
      endDate: '2025-01-04T12:00:00.000Z',
    }),
  ]);
  await insertRecords(db, 'element-instance', [
    elementInstance({ key: '1000', processInstanceKey: '1000', elementId: 'order', type: 'PROCESS', flowScopeKey: undefined }),
    elementInstance({
      key: '1004',
      processInstanceKey: '1000',
      elementId: 'start',
      type: 'START_EVENT',
      state: 'COMPLETED',
      endDate: '2025-01-01T10:00:01.000Z',
    }),
    elementInstance({ key: '1005', processInstanceKey: '1000', elementId: 'charge', incidentKey: '1100' }),
    elementInstance({ key: '1006', processInstanceKey: '1000', elementId: 'approve', type: 'USER_TASK', state: 'ACTIVATING' }),
    elementInstance({
      key: '1008',
      processInstanceKey: '1001',
      processDefinitionKey: '101',
      elementId: 'end',
      type: 'END_EVENT',
      state: 'COMPLETED',
    }),
  ]);
  await insertRecords(db, 'variable', [
    variable({ key: '1200', name: 'orderId', value: '"A-1"', processInstanceKey: '1000' }),
    variable({ key: '1201', name: 'customer', value: '{"name":"Müller GmbH"}', processInstanceKey: '1000' }),
    variable({ key: '1202', name: 'orderId', value: '"B-2"', processInstanceKey: '1001' }),
    variable({ key: '1203', name: 'comment', value: '"please check"', processInstanceKey: '1000', scopeKey: '1006' }),
    variable({ key: '1204', name: 'big', value: sampleBigValue, processInstanceKey: '1000' }),
  ]);
  await insertRecords(db, 'incident', [
    incident({ key: '1100', processInstanceKey: '1000', elementInstanceKey: '1005', jobKey: '1300', errorMessage: 'card declined' }),
    incident({
      key: '1101',
      processInstanceKey: '1001',
      elementInstanceKey: '1008',
      state: 'RESOLVED',
      errorType: 'IO_MAPPING_ERROR',
      elementId: 'end',
      processDefinitionKey: '101',
    }),
  ]);
  await insertRecords(db, 'user-task', [
    userTask({
      key: '1400',
      processInstanceKey: '1000',
      elementInstanceKey: '1006',
      candidateGroups: ['sales', 'finance'],
      assignee: 'anna',
      formKey: '1500',
      dueDate: '2025-02-01T00:00:00.000Z',
      priority: 70,
      name: 'Approve order',
    }),
    userTask({
      key: '1401',
      processInstanceKey: '1001',
      elementInstanceKey: '1009',
      processDefinitionKey: '101',
      state: 'COMPLETED',
      candidateGroups: ['sales'],
      completionDate: '2025-01-02T10:30:00.000Z',
      priority: 20,
    }),
    userTask({ key: '1402', processInstanceKey: '1003', elementInstanceKey: '1010', processDefinitionKey: '101', candidateUsers: ['bob'] }),
  ]);
  await insertRecords(db, 'form', [
    form({ key: '1500', formId: 'approve-form' }),
    form({ key: '1501', formId: 'order-start', deploymentKey: '1' }),
    form({ key: '1502', formId: 'order-start', version: 2, deploymentKey: '9' }),
  ]);
  await insertRecords(db, 'decision-requirements', [
    decisionRequirements({ key: '1600', decisionRequirementsId: 'drg', name: 'Risk rules' }),
  ]);
  await insertRecords(db, 'decision', [
    decision({ key: '1601', decisionId: 'risk', decisionRequirementsKey: '1600', name: 'Risk' }),
    decision({ key: '1602', decisionId: 'limit', decisionRequirementsKey: '1600', name: 'Limit' }),
  ]);
  await insertRecords(db, 'job', [
    job({
      key: '1300',
      processInstanceKey: '1000',
      elementInstanceKey: '1005',
      state: 'FAILED',
      retries: 0,
      errorMessage: 'card declined',
    }),
    job({
      key: '1301',
      processInstanceKey: '1000',
      elementInstanceKey: '1011',
      state: 'ACTIVATED',
      worker: 'w1',
      deadline: Date.parse('2025-01-01T10:10:00.000Z'),
    }),
    job({ key: '1302', processInstanceKey: '1000', elementInstanceKey: '1012', state: 'FAILED', retries: 2 }),
  ]);
}

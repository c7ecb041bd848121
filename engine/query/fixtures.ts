/**
 * Hand-made engine records for tests of the read models, written the way the engine's store
 * writes them: kind, key, process_instance_key (the record's processInstanceKey) and data.
 */
import type { Knex } from 'knex';
import {
  DEFAULT_TENANT,
  type DecisionRecord, type DecisionRequirementsRecord, type ElementInstanceRecord, type FormRecord, type IncidentRecord,
  type JobRecord, type ProcessDefinitionRecord, type ProcessInstanceRecord, type RecordKind, type RecordTypes,
  type UserTaskRecord, type VariableRecord,
} from '../state/records';

export async function insertRecords<K extends RecordKind>(db: Knex, kind: K, records: RecordTypes[K][]): Promise<void> {
  if (records.length === 0) return;
  await db('engine_record').insert(records.map((r) => ({
    kind,
    key: r.key,
    process_instance_key: (r as { processInstanceKey?: string }).processInstanceKey ?? null,
    data: JSON.stringify(r),
  })));
}

export function bpmnXml(processId: string, opts: { name?: string; elements?: { tag: string; id: string; name?: string; inner?: string }[]; startFormId?: string } = {}): string {
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
    version: 1, resourceName: `${p.bpmnProcessId}.bpmn`, checksum: 'x', deploymentKey: '1', tenantId: DEFAULT_TENANT,
    xml: bpmnXml(p.bpmnProcessId, { name: p.name }), ...p,
  };
}

export function processInstance(p: Partial<ProcessInstanceRecord> & { key: string; processDefinitionKey: string }): ProcessInstanceRecord {
  return { bpmnProcessId: 'order', version: 1, tenantId: DEFAULT_TENANT, state: 'ACTIVE', startDate: '2025-01-01T10:00:00.000Z', hasIncident: false, ...p };
}

export function elementInstance(p: Partial<ElementInstanceRecord> & { key: string; processInstanceKey: string; elementId: string }): ElementInstanceRecord {
  return {
    processDefinitionKey: '100', bpmnProcessId: 'order', tenantId: DEFAULT_TENANT, type: 'SERVICE_TASK', flowScopeKey: p.processInstanceKey,
    state: 'ACTIVE', startDate: '2025-01-01T10:00:01.000Z', runtime: {}, ...p,
  };
}

export function variable(p: Partial<VariableRecord> & { key: string; name: string; value: string; processInstanceKey: string }): VariableRecord {
  return { scopeKey: p.processInstanceKey, tenantId: DEFAULT_TENANT, ...p };
}

export function incident(p: Partial<IncidentRecord> & { key: string; processInstanceKey: string; elementInstanceKey: string }): IncidentRecord {
  return {
    errorType: 'JOB_NO_RETRIES', errorMessage: 'boom', state: 'ACTIVE', processDefinitionKey: '100', bpmnProcessId: 'order',
    elementId: 'charge', tenantId: DEFAULT_TENANT, creationTime: '2025-01-01T10:05:00.000Z', retry: 'job', ...p,
  };
}

export function userTask(p: Partial<UserTaskRecord> & { key: string; processInstanceKey: string; elementInstanceKey: string }): UserTaskRecord {
  return {
    state: 'CREATED', elementId: 'approve', processDefinitionKey: '100', bpmnProcessId: 'order', processDefinitionVersion: 1,
    tenantId: DEFAULT_TENANT, candidateGroups: [], candidateUsers: [], priority: 50, creationDate: '2025-01-01T10:00:02.000Z',
    customHeaders: {}, ...p,
  };
}

export function job(p: Partial<JobRecord> & { key: string; processInstanceKey: string; elementInstanceKey: string }): JobRecord {
  return {
    type: 'charge-card', state: 'CREATED', elementId: 'charge', bpmnProcessId: 'order', processDefinitionKey: '100',
    processDefinitionVersion: 1, tenantId: DEFAULT_TENANT, customHeaders: {}, retries: 3, creationTime: '2025-01-01T10:00:01.000Z', ...p,
  };
}

export function form(p: Partial<FormRecord> & { key: string; formId: string }): FormRecord {
  return {
    version: 1, resourceName: `${p.formId}.form`, checksum: 'x', deploymentKey: '1', tenantId: DEFAULT_TENANT,
    schema: JSON.stringify({ id: p.formId, components: [] }), ...p,
  };
}

export function decisionRequirements(p: Partial<DecisionRequirementsRecord> & { key: string; decisionRequirementsId: string }): DecisionRequirementsRecord {
  return {
    name: p.decisionRequirementsId, version: 1, resourceName: `${p.decisionRequirementsId}.dmn`, checksum: 'x', deploymentKey: '1',
    tenantId: DEFAULT_TENANT, xml: `<definitions id="${p.decisionRequirementsId}" />`, ...p,
  };
}

export function decision(p: Partial<DecisionRecord> & { key: string; decisionId: string; decisionRequirementsKey: string }): DecisionRecord {
  return { name: p.decisionId, version: 1, decisionRequirementsId: 'drg', tenantId: DEFAULT_TENANT, ...p };
}

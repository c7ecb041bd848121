import type { ElementInstanceRecord, IncidentErrorType, IncidentRecord } from '../state/records';
import type { Runtime } from './runtime';

/** Raises an incident on an element instance; the element stays where it is until resolved. */
export function raiseIncident(
  rt: Runtime,
  ei: ElementInstanceRecord,
  errorType: IncidentErrorType,
  errorMessage: string,
  retry: IncidentRecord['retry'],
  extra: Partial<IncidentRecord> = {},
): IncidentRecord {
  const incident: IncidentRecord = {
    key: rt.store.nextKey(),
    errorType,
    errorMessage,
    state: 'ACTIVE',
    processInstanceKey: ei.processInstanceKey,
    processDefinitionKey: ei.processDefinitionKey,
    bpmnProcessId: ei.bpmnProcessId,
    elementId: ei.elementId,
    elementInstanceKey: ei.key,
    tenantId: ei.tenantId,
    creationTime: rt.nowIso(),
    retry,
    ...extra,
  };
  rt.store.put('incident', incident);
  rt.store.put('element-instance', { ...rt.mustEi(ei.key), incidentKey: incident.key });
  refreshHasIncident(rt, ei.processInstanceKey);
  return incident;
}

/** Marks an incident resolved (kept as history) and clears the flags it set. */
export function closeIncident(rt: Runtime, incident: IncidentRecord): void {
  rt.store.archive('incident', { ...incident, state: 'RESOLVED' });
  const ei = rt.ei(incident.elementInstanceKey);
  if (ei && ei.incidentKey === incident.key) rt.store.put('element-instance', { ...ei, incidentKey: undefined });
  refreshHasIncident(rt, incident.processInstanceKey);
}

/** Incidents of a finished or terminated element go away with it. */
export function closeIncidentsOf(rt: Runtime, elementInstanceKey: string): void {
  for (const key of [...rt.idx.incidentsByElement.get(elementInstanceKey)]) closeIncident(rt, rt.store.get('incident', key)!);
}

export function refreshHasIncident(rt: Runtime, processInstanceKey: string): void {
  const pi = rt.store.get('process-instance', processInstanceKey);
  if (!pi) return;
  const has = rt.idx.incidentsByProcessInstance.get(processInstanceKey).size > 0;
  if (pi.hasIncident !== has) rt.store.put('process-instance', { ...pi, hasIncident: has });
}

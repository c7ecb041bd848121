/** Read model of incidents, active and resolved. */
import type { Knex } from 'knex';
import type { IncidentRecord } from '../state/records';
import type { QueryContext } from './context';
import { date, instanceKey, keyProp, ownKey, sortDate, sortKey, sortText, text } from './fields';
import { getByKey, recordData, recordsOf, runSearch, type SearchDefinition } from './search';
import type { FilterProperty, SearchQuery, SearchResult } from './types';

/** Camunda 8.8's incident error types; the engine raises a subset of them. */
export const INCIDENT_ERROR_TYPES = [
  'UNSPECIFIED',
  'UNKNOWN',
  'IO_MAPPING_ERROR',
  'JOB_NO_RETRIES',
  'EXECUTION_LISTENER_NO_RETRIES',
  'TASK_LISTENER_NO_RETRIES',
  'AD_HOC_SUB_PROCESS_NO_RETRIES',
  'CONDITION_ERROR',
  'EXTRACT_VALUE_ERROR',
  'CALLED_ELEMENT_ERROR',
  'UNHANDLED_ERROR_EVENT',
  'MESSAGE_SIZE_EXCEEDED',
  'CALLED_DECISION_ERROR',
  'DECISION_EVALUATION_ERROR',
  'FORM_NOT_FOUND',
  'RESOURCE_NOT_FOUND',
] as const;
export const INCIDENT_STATES = ['ACTIVE', 'MIGRATED', 'RESOLVED', 'PENDING'] as const;

export interface IncidentResult {
  processDefinitionId: string;
  errorType: (typeof INCIDENT_ERROR_TYPES)[number];
  errorMessage: string;
  elementId: string;
  creationTime: string;
  state: (typeof INCIDENT_STATES)[number];
  tenantId: string;
  incidentKey: string;
  processDefinitionKey: string;
  processInstanceKey: string;
  elementInstanceKey: string;
  jobKey?: string;
}

export interface IncidentFilter {
  processDefinitionId?: FilterProperty<string>;
  errorType?: FilterProperty<string>;
  errorMessage?: FilterProperty<string>;
  elementId?: FilterProperty<string>;
  creationTime?: FilterProperty<string>;
  state?: FilterProperty<string>;
  tenantId?: FilterProperty<string>;
  incidentKey?: FilterProperty<string>;
  processDefinitionKey?: FilterProperty<string>;
  processInstanceKey?: FilterProperty<string>;
  elementInstanceKey?: FilterProperty<string>;
  jobKey?: FilterProperty<string>;
}

export type IncidentSortField =
  | 'incidentKey'
  | 'processDefinitionKey'
  | 'processDefinitionId'
  | 'processInstanceKey'
  | 'errorType'
  | 'errorMessage'
  | 'elementId'
  | 'elementInstanceKey'
  | 'creationTime'
  | 'state'
  | 'jobKey'
  | 'tenantId';

export const incidentSearch: SearchDefinition<IncidentResult> = {
  base: (db: Knex) => recordsOf(db, 'incident').select('r.data'),
  filters: {
    processDefinitionId: text('bpmnProcessId'),
    errorType: text('errorType', INCIDENT_ERROR_TYPES),
    errorMessage: text('errorMessage'),
    elementId: text('elementId'),
    creationTime: date('creationTime'),
    state: text('state', INCIDENT_STATES),
    tenantId: text('tenantId'),
    incidentKey: ownKey,
    processDefinitionKey: keyProp('processDefinitionKey'),
    processInstanceKey: instanceKey,
    elementInstanceKey: keyProp('elementInstanceKey'),
    jobKey: keyProp('jobKey'),
  },
  sorts: {
    incidentKey: 'r.key',
    processDefinitionKey: sortKey('processDefinitionKey'),
    processDefinitionId: sortText('bpmnProcessId'),
    processInstanceKey: 'r.process_instance_key',
    errorType: sortText('errorType'),
    errorMessage: sortText('errorMessage'),
    elementId: sortText('elementId'),
    elementInstanceKey: sortKey('elementInstanceKey'),
    creationTime: sortDate('creationTime'),
    state: sortText('state'),
    jobKey: sortKey('jobKey'),
    tenantId: sortText('tenantId'),
  },
  toItems: (_ctx, rows) =>
    rows.map((row) => {
      const r = recordData<IncidentRecord>(row.data);
      const item: IncidentResult = {
        processDefinitionId: r.bpmnProcessId,
        errorType: r.errorType,
        errorMessage: r.errorMessage,
        elementId: r.elementId,
        creationTime: r.creationTime,
        state: r.state,
        tenantId: r.tenantId,
        incidentKey: r.key,
        processDefinitionKey: r.processDefinitionKey,
        processInstanceKey: r.processInstanceKey,
        elementInstanceKey: r.elementInstanceKey,
      };
      if (r.jobKey) item.jobKey = r.jobKey;
      return item;
    }),
};

export interface IncidentQueries {
  search(query?: SearchQuery<IncidentFilter, IncidentSortField>): Promise<SearchResult<IncidentResult>>;
  get(incidentKey: string): Promise<IncidentResult>;
}

export function incidentQueries(ctx: QueryContext): IncidentQueries {
  return {
    search: (query) => runSearch(ctx, incidentSearch, query),
    get: (key) => getByKey(ctx, incidentSearch, key, 'Incident'),
  };
}

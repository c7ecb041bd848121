/** Read model of jobs, as far as the engine keeps them. */
import type { Knex } from 'knex';
import type { JobRecord } from '../state/records';
import type { QueryContext } from './context';
import { C, instanceKey, int, keyProp, ownKey, sortInt, sortKey, sortText, text } from './fields';
import { invalid, type CustomField } from './filters';
import { recordData, recordsOf, runSearch, type SearchDefinition } from './search';
import type { FilterProperty, SearchQuery, SearchResult } from './types';

export const JOB_STATES = [
  'CANCELED',
  'COMPLETED',
  'CREATED',
  'ERROR_THROWN',
  'FAILED',
  'MIGRATED',
  'RETRIES_UPDATED',
  'TIMED_OUT',
] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface JobSearchResult {
  customHeaders: Record<string, string>;
  deadline: string | null;
  /** Task listener jobs: whether the listener denied the transition, and why. */
  deniedReason: string | null;
  isDenied: boolean | null;
  elementId: string;
  elementInstanceKey: string;
  endTime: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  hasFailedWithRetriesLeft: boolean;
  jobKey: string;
  kind: string;
  listenerEventType: string;
  processDefinitionId: string;
  processDefinitionKey: string;
  processInstanceKey: string;
  retries: number;
  state: JobState;
  tenantId: string;
  type: string;
  worker: string;
}

export interface JobFilter {
  deadline?: FilterProperty<string>;
  deniedReason?: FilterProperty<string>;
  isDenied?: boolean;
  elementId?: FilterProperty<string>;
  elementInstanceKey?: FilterProperty<string>;
  errorCode?: FilterProperty<string>;
  errorMessage?: FilterProperty<string>;
  hasFailedWithRetriesLeft?: boolean;
  jobKey?: FilterProperty<string>;
  kind?: FilterProperty<string>;
  listenerEventType?: FilterProperty<string>;
  processDefinitionId?: FilterProperty<string>;
  processDefinitionKey?: FilterProperty<string>;
  processInstanceKey?: FilterProperty<string>;
  retries?: FilterProperty<number>;
  state?: FilterProperty<JobState>;
  tenantId?: FilterProperty<string>;
  type?: FilterProperty<string>;
  worker?: FilterProperty<string>;
}

export type JobSortField =
  | 'deadline'
  | 'deniedReason'
  | 'isDenied'
  | 'elementId'
  | 'elementInstanceKey'
  | 'errorCode'
  | 'errorMessage'
  | 'jobKey'
  | 'kind'
  | 'listenerEventType'
  | 'processDefinitionId'
  | 'processDefinitionKey'
  | 'processInstanceKey'
  | 'retries'
  | 'state'
  | 'tenantId'
  | 'type'
  | 'worker';

// Activation is no state of its own in Camunda's search: an activated job is still CREATED.
const STATE_SQL = "case when r.data->>'state' = 'ACTIVATED' then 'CREATED' else r.data->>'state' end";
const KIND_SQL = "coalesce(r.data->>'kind', 'BPMN_ELEMENT')";
const LISTENER_SQL = "coalesce(r.data->>'listenerEventType', 'UNSPECIFIED')";
const DEADLINE_SQL = "to_timestamp((r.data->>'deadline')::numeric / 1000)";
const FAILED_WITH_RETRIES = "(r.data->>'state' = 'FAILED' and coalesce((r.data->>'retries')::int, 0) > 0)";

const isDenied: CustomField = {
  schema: { type: 'boolean' },
  apply(qb, value, path) {
    if (typeof value !== 'boolean') throw invalid(path, 'must be true or false');
    qb.whereRaw(value ? "r.data->>'denied' = 'true'" : "coalesce(r.data->>'denied', 'false') <> 'true'");
  },
};

const hasFailedWithRetriesLeft: CustomField = {
  schema: { type: 'boolean' },
  apply(qb, value, path) {
    if (typeof value !== 'boolean') throw invalid(path, 'must be true or false');
    qb.whereRaw(value ? FAILED_WITH_RETRIES : `not ${FAILED_WITH_RETRIES}`);
  },
};

export const jobSearch: SearchDefinition<JobSearchResult> = {
  base: (db: Knex) => recordsOf(db, 'job').select('r.data'),
  filters: {
    deadline: { sql: DEADLINE_SQL, type: 'date', param: '?::timestamptz' },
    deniedReason: text('deniedReason'),
    isDenied,
    elementId: text('elementId'),
    elementInstanceKey: keyProp('elementInstanceKey'),
    errorCode: text('errorCode'),
    errorMessage: text('errorMessage'),
    hasFailedWithRetriesLeft,
    jobKey: ownKey,
    kind: { sql: KIND_SQL, type: 'text', values: ['BPMN_ELEMENT', 'EXECUTION_LISTENER', 'TASK_LISTENER', 'AD_HOC_SUB_PROCESS'] },
    listenerEventType: {
      sql: LISTENER_SQL,
      type: 'text',
      values: ['ASSIGNING', 'CANCELING', 'COMPLETING', 'CREATING', 'END', 'START', 'UNSPECIFIED', 'UPDATING'],
    },
    processDefinitionId: text('bpmnProcessId'),
    processDefinitionKey: keyProp('processDefinitionKey'),
    processInstanceKey: instanceKey,
    retries: int('retries'),
    state: { sql: STATE_SQL, type: 'text', values: JOB_STATES },
    tenantId: text('tenantId'),
    type: text('type'),
    worker: text('worker'),
  },
  sorts: {
    deadline: DEADLINE_SQL,
    deniedReason: sortText('deniedReason'),
    isDenied: "coalesce(r.data->>'denied', 'false')",
    elementId: sortText('elementId'),
    elementInstanceKey: sortKey('elementInstanceKey'),
    errorCode: sortText('errorCode'),
    errorMessage: sortText('errorMessage'),
    jobKey: 'r.key',
    kind: KIND_SQL,
    listenerEventType: LISTENER_SQL,
    processDefinitionId: sortText('bpmnProcessId'),
    processDefinitionKey: sortKey('processDefinitionKey'),
    processInstanceKey: 'r.process_instance_key',
    retries: sortInt('retries'),
    state: `${STATE_SQL} ${C}`,
    tenantId: sortText('tenantId'),
    type: sortText('type'),
    worker: sortText('worker'),
  },
  toItems: (_ctx, rows) =>
    rows.map((row) => {
      const r = recordData<JobRecord>(row.data);
      return {
        customHeaders: r.customHeaders ?? {},
        deadline: r.deadline !== undefined && r.state === 'ACTIVATED' ? new Date(r.deadline).toISOString() : null,
        deniedReason: r.deniedReason ?? null,
        isDenied: r.denied ?? null,
        elementId: r.elementId,
        elementInstanceKey: r.elementInstanceKey,
        endTime: r.endTime ?? null,
        errorCode: r.errorCode ?? null,
        errorMessage: r.errorMessage ?? null,
        hasFailedWithRetriesLeft: r.state === 'FAILED' && r.retries > 0,
        jobKey: r.key,
        kind: r.kind ?? 'BPMN_ELEMENT',
        listenerEventType: r.listenerEventType ?? 'UNSPECIFIED',
        processDefinitionId: r.bpmnProcessId,
        processDefinitionKey: r.processDefinitionKey,
        processInstanceKey: r.processInstanceKey,
        retries: r.retries,
        state: r.state === 'ACTIVATED' ? 'CREATED' : r.state,
        tenantId: r.tenantId,
        type: r.type,
        worker: r.worker ?? '',
      };
    }),
};

export interface JobQueries {
  search(query?: SearchQuery<JobFilter, JobSortField>): Promise<SearchResult<JobSearchResult>>;
}

export function jobQueries(ctx: QueryContext): JobQueries {
  return { search: (query) => runSearch(ctx, jobSearch, query) };
}

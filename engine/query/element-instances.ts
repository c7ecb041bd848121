/** Read model of element instances: which elements of an instance are active, completed, failed. */
import type { Knex } from 'knex';
import type { BpmnElementType } from '../model/types';
import type { ElementInstanceRecord } from '../state/records';
import { C, date, keyProp, ownKey, sortDate, sortKey, sortText, text } from './fields';
import type { ColumnField } from './filters';
import { ELEMENT_STATE_SQL, FAILING_CALL_SQL } from './process-instances';
import { getByKey, recordData, recordsOf, runSearch, type SearchDefinition } from './search';
import type { FilterProperty, SearchQuery, SearchResult } from './types';
import type { QueryContext } from './context';

export type ElementInstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

export interface ElementInstanceResult {
  processDefinitionId: string;
  startDate: string;
  endDate?: string;
  elementId: string;
  elementName: string;
  type: BpmnElementType;
  state: ElementInstanceState;
  hasIncident: boolean;
  tenantId: string;
  elementInstanceKey: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  incidentKey?: string;
}

export interface ElementInstanceFilter {
  processDefinitionId?: FilterProperty<string>;
  state?: FilterProperty<ElementInstanceState>;
  type?: FilterProperty<BpmnElementType>;
  elementId?: FilterProperty<string>;
  hasIncident?: boolean;
  tenantId?: FilterProperty<string>;
  elementInstanceKey?: FilterProperty<string>;
  processInstanceKey?: FilterProperty<string>;
  processDefinitionKey?: FilterProperty<string>;
  incidentKey?: FilterProperty<string>;
  startDate?: FilterProperty<string>;
  endDate?: FilterProperty<string>;
  /** Direct children of this element instance (or of the process instance, given its key). */
  elementInstanceScopeKey?: string;
}

export type ElementInstanceSortField =
  | 'elementInstanceKey'
  | 'processInstanceKey'
  | 'processDefinitionKey'
  | 'processDefinitionId'
  | 'startDate'
  | 'endDate'
  | 'elementId'
  | 'type'
  | 'state'
  | 'incidentKey'
  | 'tenantId';

export const ELEMENT_TYPES = [
  'UNSPECIFIED',
  'PROCESS',
  'SUB_PROCESS',
  'EVENT_SUB_PROCESS',
  'AD_HOC_SUB_PROCESS',
  'AD_HOC_SUB_PROCESS_INNER_INSTANCE',
  'START_EVENT',
  'INTERMEDIATE_CATCH_EVENT',
  'INTERMEDIATE_THROW_EVENT',
  'BOUNDARY_EVENT',
  'END_EVENT',
  'SERVICE_TASK',
  'RECEIVE_TASK',
  'USER_TASK',
  'MANUAL_TASK',
  'TASK',
  'EXCLUSIVE_GATEWAY',
  'INCLUSIVE_GATEWAY',
  'PARALLEL_GATEWAY',
  'EVENT_BASED_GATEWAY',
  'SEQUENCE_FLOW',
  'MULTI_INSTANCE_BODY',
  'CALL_ACTIVITY',
  'BUSINESS_RULE_TASK',
  'SCRIPT_TASK',
  'SEND_TASK',
  'UNKNOWN',
] as const;

const STATES = ['ACTIVE', 'COMPLETED', 'TERMINATED'] as const;
const incidentKey: ColumnField = { sql: 'inc.incident_key', type: 'key' };
/** Its own incident, or (a call activity) one in the instance it called, as Camunda propagates them. */
const HAS_INCIDENT_SQL = `(inc.incident_key is not null or (r.data->>'type' = 'CALL_ACTIVITY' and r.key in (${FAILING_CALL_SQL})))`;

export const elementInstanceSearch: SearchDefinition<ElementInstanceResult> = {
  // Like Camunda, the process itself is not an element instance here; it is the process instance.
  base: (db: Knex) =>
    recordsOf(db, 'element-instance')
      .whereRaw("r.data->>'type' <> 'PROCESS'")
      .joinRaw(
        `left join lateral (
        select i.data->>'key' as incident_key from engine_record i
        where i.kind = 'incident' and i.process_instance_key = r.process_instance_key
          and i.data->>'elementInstanceKey' = r.data->>'key' and i.data->>'state' = 'ACTIVE'
        order by i.key limit 1) inc on true`,
      )
      .select('r.data', 'inc.incident_key', db.raw(`${HAS_INCIDENT_SQL} as has_incident`)),
  filters: {
    processDefinitionId: text('bpmnProcessId'),
    state: { sql: ELEMENT_STATE_SQL('r'), type: 'text', values: STATES },
    type: text('type', ELEMENT_TYPES),
    elementId: text('elementId'),
    hasIncident: { sql: HAS_INCIDENT_SQL, type: 'bool' },
    tenantId: text('tenantId'),
    elementInstanceKey: ownKey,
    processInstanceKey: { sql: 'r.process_instance_key', type: 'key', param: '?::bigint' },
    processDefinitionKey: keyProp('processDefinitionKey'),
    incidentKey,
    startDate: date('startDate'),
    endDate: date('endDate'),
    elementInstanceScopeKey: { ...keyProp('flowScopeKey'), ops: [] },
  },
  sorts: {
    elementInstanceKey: 'r.key',
    processInstanceKey: 'r.process_instance_key',
    processDefinitionKey: sortKey('processDefinitionKey'),
    processDefinitionId: sortText('bpmnProcessId'),
    startDate: sortDate('startDate'),
    endDate: sortDate('endDate'),
    elementId: sortText('elementId'),
    type: sortText('type'),
    state: `${ELEMENT_STATE_SQL('r')} ${C}`,
    incidentKey: '(inc.incident_key)::numeric',
    tenantId: sortText('tenantId'),
  },
  async toItems(ctx, rows) {
    const records = rows.map((row) => recordData<ElementInstanceRecord>(row.data));
    const facts = await ctx.processFacts.get(records.map((r) => r.processDefinitionKey));
    return records.map((r, i) => {
      const incident = rows[i].incident_key as string | null;
      const item: ElementInstanceResult = {
        processDefinitionId: r.bpmnProcessId,
        startDate: r.startDate,
        elementId: r.elementId,
        // Camunda falls back to the id for unnamed elements.
        elementName: facts.get(r.processDefinitionKey)?.names.get(r.elementId) ?? r.elementId,
        type: r.type,
        state: r.state === 'COMPLETED' || r.state === 'TERMINATED' ? r.state : 'ACTIVE',
        hasIncident: incident !== null || rows[i].has_incident === true || rows[i].has_incident === 't',
        tenantId: r.tenantId,
        elementInstanceKey: r.key,
        processInstanceKey: r.processInstanceKey,
        processDefinitionKey: r.processDefinitionKey,
      };
      if (r.endDate) item.endDate = r.endDate;
      if (incident) item.incidentKey = incident;
      return item;
    });
  },
};

export interface ElementInstanceQueries {
  search(query?: SearchQuery<ElementInstanceFilter, ElementInstanceSortField>): Promise<SearchResult<ElementInstanceResult>>;
  get(elementInstanceKey: string): Promise<ElementInstanceResult>;
}

export function elementInstanceQueries(ctx: QueryContext): ElementInstanceQueries {
  return {
    search: (query) => runSearch(ctx, elementInstanceSearch, query),
    get: (key) => getByKey(ctx, elementInstanceSearch, key, 'Element instance'),
  };
}

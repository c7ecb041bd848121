/** Read model of process instances (runtime and history): search, get, element statistics. */
import type { Knex } from 'knex';
import type { ProcessInstanceRecord } from '../state/records';
import type { QueryContext } from './context';
import { applyColumnFilter, checkKey, type CustomField } from './filters';
import {
  C,
  date,
  enumFilterSchema,
  int,
  keyProp,
  ownKey,
  sortDate,
  sortInt,
  sortKey,
  sortText,
  stringFilterSchema,
  text,
  variableFilter,
} from './fields';
import { getByKey, recordData, recordsOf, runSearch, type SearchDefinition } from './search';
import type { FilterProperty, SearchQuery, SearchResult, VariableValueFilter } from './types';

export interface ProcessInstanceResult {
  processDefinitionId: string;
  processDefinitionName: string;
  processDefinitionVersion: number;
  processDefinitionVersionTag?: string;
  startDate: string;
  endDate?: string;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  hasIncident: boolean;
  tenantId: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  parentProcessInstanceKey?: string;
  parentElementInstanceKey?: string;
}

export interface ProcessInstanceFilterFields {
  processInstanceKey?: FilterProperty<string>;
  processDefinitionId?: FilterProperty<string>;
  processDefinitionName?: FilterProperty<string>;
  processDefinitionVersion?: FilterProperty<number>;
  processDefinitionVersionTag?: FilterProperty<string>;
  processDefinitionKey?: FilterProperty<string>;
  parentProcessInstanceKey?: FilterProperty<string>;
  parentElementInstanceKey?: FilterProperty<string>;
  startDate?: FilterProperty<string>;
  endDate?: FilterProperty<string>;
  state?: FilterProperty<ProcessInstanceResult['state']>;
  hasIncident?: boolean;
  tenantId?: FilterProperty<string>;
  /** Instances with a variable of this name whose JSON text matches, e.g. `{name: 'orderId', value: '"A-1"'}`. */
  variables?: VariableValueFilter[];
  /** Instances with an active incident whose message matches. */
  errorMessage?: FilterProperty<string>;
  /** Instances with an element instance of this element (in `elementInstanceState`, if given). */
  elementId?: FilterProperty<string>;
  elementInstanceState?: FilterProperty<'ACTIVE' | 'COMPLETED' | 'TERMINATED'>;
}

export interface ProcessInstanceFilter extends ProcessInstanceFilterFields {
  $or?: ProcessInstanceFilterFields[];
}

export type ProcessInstanceSortField =
  | 'processInstanceKey'
  | 'processDefinitionId'
  | 'processDefinitionName'
  | 'processDefinitionVersion'
  | 'processDefinitionVersionTag'
  | 'processDefinitionKey'
  | 'parentProcessInstanceKey'
  | 'parentElementInstanceKey'
  | 'startDate'
  | 'endDate'
  | 'state'
  | 'hasIncident'
  | 'tenantId';

export interface ElementStatistics {
  elementId: string;
  active: number;
  canceled: number;
  incidents: number;
  completed: number;
}

const STATES = ['ACTIVE', 'COMPLETED', 'TERMINATED'] as const;
/** The REST state of an element instance: everything not finished counts as ACTIVE. */
export const ELEMENT_STATE_SQL = (alias: string) =>
  `case when ${alias}.data->>'state' in ('COMPLETED', 'TERMINATED') then ${alias}.data->>'state' else 'ACTIVE' end`;

/**
 * Keys of process instances with an active incident of their own or in an instance they called, at
 * any depth: Camunda 8.8 propagates incidents up the call tree, so a parent whose called process
 * failed reports `hasIncident` too. Walks up from the (few) active incidents, evaluated once per query.
 */
export const INCIDENT_TREE_SQL = `with recursive incident_tree(key) as (
    select i.process_instance_key from engine_record i where i.kind = 'incident' and i.data->>'state' = 'ACTIVE'
    union
    select (p.data->>'parentProcessInstanceKey')::bigint from incident_tree
      join engine_record p on p.kind = 'process-instance' and p.key = incident_tree.key
    where p.data->>'parentProcessInstanceKey' is not null)
  select key from incident_tree where key is not null`;

/** Keys of call activity instances whose called instance has an incident in its tree. */
export const FAILING_CALL_SQL = `select (c.data->>'parentElementInstanceKey')::bigint from engine_record c
  where c.kind = 'process-instance' and c.data->>'parentElementInstanceKey' is not null and c.key in (${INCIDENT_TREE_SQL})`;

const HAS_INCIDENT_SQL = `(r.key in (${INCIDENT_TREE_SQL}))`;

const errorMessage: CustomField = {
  schema: stringFilterSchema,
  apply(qb, value, path) {
    qb.whereExists(function (this: Knex.QueryBuilder) {
      this.select('i.key')
        .from('engine_record as i')
        .where('i.kind', 'incident')
        .whereRaw('i.process_instance_key = r.key')
        .whereRaw("i.data->>'state' = 'ACTIVE'");
      applyColumnFilter(this, { sql: "i.data->>'errorMessage'", type: 'text' }, value, path);
    });
  },
};

// elementId and elementInstanceState describe the same element instance, so they are applied together.
function elementInstanceExists(qb: Knex.QueryBuilder, filter: Record<string, unknown>, path: string): void {
  qb.whereExists(function (this: Knex.QueryBuilder) {
    this.select('e.key').from('engine_record as e').where('e.kind', 'element-instance').whereRaw('e.process_instance_key = r.key');
    if (filter.elementId !== undefined)
      applyColumnFilter(this, { sql: "e.data->>'elementId'", type: 'text' }, filter.elementId, `${path}.elementId`);
    if (filter.elementInstanceState !== undefined) {
      applyColumnFilter(
        this,
        { sql: ELEMENT_STATE_SQL('e'), type: 'text', values: STATES },
        filter.elementInstanceState,
        `${path}.elementInstanceState`,
      );
    }
  });
}

const elementId: CustomField = {
  schema: stringFilterSchema,
  apply: (qb, _value, path, filter) => elementInstanceExists(qb, filter, path.slice(0, path.lastIndexOf('.'))),
};

const elementInstanceState: CustomField = {
  schema: enumFilterSchema(STATES),
  apply(qb, _value, path, filter) {
    if (filter.elementId === undefined) elementInstanceExists(qb, filter, path.slice(0, path.lastIndexOf('.')));
  },
};

export const processInstanceSearch: SearchDefinition<ProcessInstanceResult> = {
  base: (db: Knex) =>
    recordsOf(db, 'process-instance')
      .joinRaw("left join engine_record pd on pd.kind = 'process-definition' and pd.key = (r.data->>'processDefinitionKey')::bigint")
      .select(
        'r.data',
        db.raw("pd.data->>'name' as pd_name"),
        db.raw("pd.data->>'versionTag' as pd_version_tag"),
        db.raw(`${HAS_INCIDENT_SQL} as has_incident`),
      ),
  filters: {
    processInstanceKey: ownKey,
    processDefinitionId: text('bpmnProcessId'),
    processDefinitionName: { sql: "coalesce(pd.data->>'name', r.data->>'bpmnProcessId')", type: 'text' },
    processDefinitionVersion: int('version'),
    processDefinitionVersionTag: { sql: "pd.data->>'versionTag'", type: 'text' },
    processDefinitionKey: keyProp('processDefinitionKey'),
    parentProcessInstanceKey: keyProp('parentProcessInstanceKey'),
    parentElementInstanceKey: keyProp('parentElementInstanceKey'),
    startDate: date('startDate'),
    endDate: date('endDate'),
    state: text('state', STATES),
    hasIncident: { sql: HAS_INCIDENT_SQL, type: 'bool' },
    tenantId: text('tenantId'),
    variables: variableFilter((v) => v.whereRaw('v.process_instance_key = r.key')),
    errorMessage,
    elementId,
    elementInstanceState,
  },
  allowOr: true,
  sorts: {
    processInstanceKey: 'r.key',
    processDefinitionId: sortText('bpmnProcessId'),
    processDefinitionName: `coalesce(pd.data->>'name', r.data->>'bpmnProcessId') ${C}`,
    processDefinitionVersion: sortInt('version'),
    processDefinitionVersionTag: `pd.data->>'versionTag' ${C}`,
    processDefinitionKey: sortKey('processDefinitionKey'),
    parentProcessInstanceKey: sortKey('parentProcessInstanceKey'),
    parentElementInstanceKey: sortKey('parentElementInstanceKey'),
    startDate: sortDate('startDate'),
    endDate: sortDate('endDate'),
    state: sortText('state'),
    hasIncident: HAS_INCIDENT_SQL,
    tenantId: sortText('tenantId'),
  },
  toItems: (_ctx, rows) =>
    rows.map((row) =>
      toProcessInstance(
        recordData<ProcessInstanceRecord>(row.data),
        row.pd_name as string | null,
        row.pd_version_tag as string | null,
        row.has_incident,
      ),
    ),
};

function toProcessInstance(
  r: ProcessInstanceRecord,
  name: string | null,
  versionTag: string | null,
  hasIncident: unknown,
): ProcessInstanceResult {
  const item: ProcessInstanceResult = {
    processDefinitionId: r.bpmnProcessId,
    processDefinitionName: name ?? r.bpmnProcessId,
    processDefinitionVersion: r.version,
    startDate: r.startDate,
    state: r.state,
    // Own or in a called instance; the record's flag only knows its own incidents.
    hasIncident: hasIncident === undefined ? r.hasIncident === true : hasIncident === true || hasIncident === 't',
    tenantId: r.tenantId,
    processInstanceKey: r.key,
    processDefinitionKey: r.processDefinitionKey,
  };
  if (versionTag) item.processDefinitionVersionTag = versionTag;
  if (r.endDate) item.endDate = r.endDate;
  if (r.parentProcessInstanceKey) item.parentProcessInstanceKey = r.parentProcessInstanceKey;
  if (r.parentElementInstanceKey) item.parentElementInstanceKey = r.parentElementInstanceKey;
  return item;
}

export interface ProcessInstanceQueries {
  search(query?: SearchQuery<ProcessInstanceFilter, ProcessInstanceSortField>): Promise<SearchResult<ProcessInstanceResult>>;
  get(processInstanceKey: string): Promise<ProcessInstanceResult>;
  /** Per element: active (without incident), canceled, completed instances and active incidents. */
  elementStatistics(processInstanceKey: string): Promise<ElementStatistics[]>;
}

async function elementStatistics(ctx: QueryContext, key: string): Promise<ElementStatistics[]> {
  await getByKey(ctx, processInstanceSearch, key, 'Process instance');
  const k = checkKey(key, 'processInstanceKey');
  const rows = (await ctx
    .db('engine_record as r')
    .select(
      ctx.db.raw("r.data->>'elementId' as element_id"),
      ctx.db.raw(`${ELEMENT_STATE_SQL('r')} as state`),
      // A call activity whose called instance failed counts as an incident, as in Camunda's statistics.
      ctx.db.raw(`(exists (select 1 from engine_record i where i.kind = 'incident' and i.process_instance_key = r.process_instance_key
        and i.data->>'elementInstanceKey' = r.data->>'key' and i.data->>'state' = 'ACTIVE')
        or (r.data->>'type' = 'CALL_ACTIVITY' and r.key in (${FAILING_CALL_SQL}))) as has_incident`),
    )
    .where('r.kind', 'element-instance')
    .whereRaw('r.process_instance_key = ?::bigint', [k])
    .whereRaw("r.data->>'type' <> 'PROCESS'")
    .orderByRaw('r.key')) as { element_id: string; state: string; has_incident: boolean }[];
  const stats = new Map<string, ElementStatistics>();
  for (const row of rows) {
    let s = stats.get(row.element_id);
    if (!s) stats.set(row.element_id, (s = { elementId: row.element_id, active: 0, canceled: 0, incidents: 0, completed: 0 }));
    if (row.state === 'COMPLETED') s.completed++;
    else if (row.state === 'TERMINATED') s.canceled++;
    else if (row.has_incident) s.incidents++;
    else s.active++;
  }
  return [...stats.values()];
}

export function processInstanceQueries(ctx: QueryContext): ProcessInstanceQueries {
  return {
    search: (query) => runSearch(ctx, processInstanceSearch, query),
    get: (key) => getByKey(ctx, processInstanceSearch, key, 'Process instance'),
    elementStatistics: (key) => elementStatistics(ctx, key),
  };
}

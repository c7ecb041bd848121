/** Read model of deployed processes: search, get, BPMN XML and start form. */
import type { Knex } from 'knex';
import { NotFoundError } from '../errors';
import type { ProcessDefinitionRecord } from '../state/records';
import type { QueryContext } from './context';
import { checkKey, invalid, type CustomField } from './filters';
import { C, int, ownKey, sortInt, sortText, text } from './fields';
import { findForm, type FormResult } from './forms';
import { getByKey, recordData, recordsOf, runSearch, type SearchDefinition } from './search';
import type { FilterProperty, SearchQuery, SearchResult } from './types';

export interface ProcessDefinitionResult {
  name: string;
  resourceName: string;
  version: number;
  versionTag?: string;
  processDefinitionId: string;
  tenantId: string;
  processDefinitionKey: string;
  hasStartForm: boolean;
}

export interface ProcessDefinitionFilter {
  name?: FilterProperty<string>;
  isLatestVersion?: boolean;
  resourceName?: FilterProperty<string>;
  version?: FilterProperty<number>;
  versionTag?: FilterProperty<string>;
  processDefinitionId?: FilterProperty<string>;
  tenantId?: FilterProperty<string>;
  processDefinitionKey?: FilterProperty<string>;
}

export type ProcessDefinitionSortField =
  'processDefinitionKey' | 'name' | 'resourceName' | 'version' | 'versionTag' | 'processDefinitionId' | 'tenantId';

const notDeleted = "coalesce((r.data->>'deleted')::boolean, false) = false";

// No newer, undeleted version of the same process in the same tenant.
const isLatestVersion: CustomField = {
  schema: { type: 'boolean' },
  apply(qb, value, path) {
    if (typeof value !== 'boolean') throw invalid(path, 'must be true or false');
    qb.whereRaw(`${value ? 'not ' : ''}exists (
      select 1 from engine_record n where n.kind = 'process-definition'
        and n.data->>'bpmnProcessId' = r.data->>'bpmnProcessId' and n.data->>'tenantId' = r.data->>'tenantId'
        and (n.data->>'version')::int > (r.data->>'version')::int
        and coalesce((n.data->>'deleted')::boolean, false) = false)`);
  },
};

export const processDefinitionSearch: SearchDefinition<ProcessDefinitionResult> = {
  // The XML is left out of the rows: facts derived from it come from the cache.
  base: (db: Knex) => recordsOf(db, 'process-definition').whereRaw(notDeleted).select(db.raw("r.data - 'xml' as data")),
  filters: {
    name: text('name'),
    isLatestVersion,
    resourceName: text('resourceName'),
    version: int('version'),
    versionTag: text('versionTag'),
    processDefinitionId: text('bpmnProcessId'),
    tenantId: text('tenantId'),
    processDefinitionKey: ownKey,
  },
  sorts: {
    processDefinitionKey: 'r.key',
    name: `coalesce(r.data->>'name', r.data->>'bpmnProcessId') ${C}`,
    resourceName: sortText('resourceName'),
    version: sortInt('version'),
    versionTag: sortText('versionTag'),
    processDefinitionId: sortText('bpmnProcessId'),
    tenantId: sortText('tenantId'),
  },
  async toItems(ctx, rows) {
    const records = rows.map((row) => recordData<Omit<ProcessDefinitionRecord, 'xml'>>(row.data));
    const facts = await ctx.processFacts.get(records.map((r) => r.key));
    return records.map((r) => toProcessDefinition(r, facts.get(r.key)?.startForm !== undefined));
  },
};

export function toProcessDefinition(r: Omit<ProcessDefinitionRecord, 'xml'>, hasStartForm: boolean): ProcessDefinitionResult {
  const item: ProcessDefinitionResult = {
    // Camunda shows the id where a process has no name.
    name: r.name ?? r.bpmnProcessId,
    resourceName: r.resourceName,
    version: r.version,
    processDefinitionId: r.bpmnProcessId,
    tenantId: r.tenantId,
    processDefinitionKey: r.key,
    hasStartForm,
  };
  if (r.versionTag !== undefined) item.versionTag = r.versionTag;
  return item;
}

export interface ProcessDefinitionQueries {
  search(query?: SearchQuery<ProcessDefinitionFilter, ProcessDefinitionSortField>): Promise<SearchResult<ProcessDefinitionResult>>;
  get(processDefinitionKey: string): Promise<ProcessDefinitionResult>;
  getXml(processDefinitionKey: string): Promise<string>;
  /** The linked form of the none start event; undefined when the process has none. */
  getStartForm(processDefinitionKey: string): Promise<FormResult | undefined>;
}

async function record(ctx: QueryContext, key: string): Promise<ProcessDefinitionRecord> {
  const k = checkKey(key, 'processDefinitionKey');
  const row = await recordsOf(ctx.db, 'process-definition').whereRaw(notDeleted).whereRaw('r.key = ?::bigint', [k]).first('r.data');
  if (!row) throw new NotFoundError(`Process definition with key '${k}' not found`);
  return recordData<ProcessDefinitionRecord>(row.data);
}

export function processDefinitionQueries(ctx: QueryContext): ProcessDefinitionQueries {
  return {
    search: (query) => runSearch(ctx, processDefinitionSearch, query),
    get: (key) => getByKey(ctx, processDefinitionSearch, key, 'Process definition'),
    getXml: async (key) => (await record(ctx, key)).xml,
    async getStartForm(key) {
      const def = await record(ctx, key);
      const form = (await ctx.processFacts.get([def.key])).get(def.key)?.startForm;
      if (!form?.formId) return undefined;
      return findForm(ctx, form.formId, def.tenantId, def.deploymentKey);
    },
  };
}

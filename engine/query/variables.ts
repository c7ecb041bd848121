/** Read model of variables. Values are JSON text, as Camunda's REST API returns them. */
import type { Knex } from 'knex';
import type { VariableRecord } from '../state/records';
import type { QueryContext } from './context';
import { instanceKey, keyProp, ownKey, sortKey, sortText, text } from './fields';
import { getByKey, recordData, recordsOf, runSearch, type SearchDefinition } from './search';
import type { FilterProperty, SearchQuery, SearchResult } from './types';

/** Search results cut values longer than this, like Camunda's default variable size threshold. */
export const TRUNCATE_AT = 8191;

export interface VariableResult {
  name: string;
  tenantId: string;
  variableKey: string;
  scopeKey: string;
  processInstanceKey: string;
  /** The whole value as JSON text. */
  value: string;
}

export interface VariableSearchResult extends VariableResult {
  isTruncated: boolean;
}

export interface VariableFilter {
  name?: FilterProperty<string>;
  /** Compared with the JSON text: a string variable `A-1` has the value `"A-1"`. */
  value?: FilterProperty<string>;
  tenantId?: FilterProperty<string>;
  isTruncated?: boolean;
  variableKey?: FilterProperty<string>;
  scopeKey?: FilterProperty<string>;
  processInstanceKey?: FilterProperty<string>;
}

export type VariableSortField = 'value' | 'name' | 'tenantId' | 'variableKey' | 'scopeKey' | 'processInstanceKey';

function toVariable(r: VariableRecord): VariableResult {
  return {
    name: r.name,
    tenantId: r.tenantId,
    variableKey: r.key,
    scopeKey: r.scopeKey,
    processInstanceKey: r.processInstanceKey,
    value: r.value,
  };
}

export function variableSearch(truncateValues: boolean): SearchDefinition<VariableSearchResult> {
  return {
    base: (db: Knex) => recordsOf(db, 'variable').select('r.data'),
    filters: {
      name: text('name'),
      value: text('value'),
      tenantId: text('tenantId'),
      isTruncated: { sql: `(length(r.data->>'value') > ${TRUNCATE_AT})`, type: 'bool' },
      variableKey: ownKey,
      scopeKey: keyProp('scopeKey'),
      processInstanceKey: instanceKey,
    },
    sorts: {
      value: sortText('value'),
      name: sortText('name'),
      tenantId: sortText('tenantId'),
      variableKey: 'r.key',
      scopeKey: sortKey('scopeKey'),
      processInstanceKey: 'r.process_instance_key',
    },
    toItems: (_ctx, rows) =>
      rows.map((row) => {
        const v = toVariable(recordData<VariableRecord>(row.data));
        const isTruncated = truncateValues && v.value.length > TRUNCATE_AT;
        return { ...v, value: isTruncated ? v.value.slice(0, TRUNCATE_AT) : v.value, isTruncated };
      }),
  };
}

export const variableSearchDefinition = variableSearch(true);
const fullValues = variableSearch(false);

export interface VariableQueries {
  search(
    query?: SearchQuery<VariableFilter, VariableSortField>,
    options?: { truncateValues?: boolean },
  ): Promise<SearchResult<VariableSearchResult>>;
  /** One variable with its full value. */
  get(variableKey: string): Promise<VariableResult>;
}

export function variableQueries(ctx: QueryContext): VariableQueries {
  return {
    search: (query, options) => runSearch(ctx, options?.truncateValues === false ? fullValues : variableSearchDefinition, query),
    async get(key) {
      const { isTruncated: _, ...variable } = await getByKey(ctx, fullValues, key, 'Variable');
      return variable;
    },
  };
}

/** Read models of deployed decisions and decision requirements graphs (DRGs). */
import type { Knex } from 'knex';
import { NotFoundError } from '../errors';
import type { DecisionRecord, DecisionRequirementsRecord } from '../state/records';
import type { QueryContext } from './context';
import { checkKey } from './filters';
import { int, keyProp, ownKey, sortInt, sortKey, sortText, text } from './fields';
import { getByKey, recordData, recordsOf, runSearch, type SearchDefinition } from './search';
import type { FilterProperty, SearchQuery, SearchResult } from './types';

const notDeleted = "coalesce((r.data->>'deleted')::boolean, false) = false";

export interface DecisionDefinitionResult {
  decisionDefinitionId: string;
  name: string;
  version: number;
  decisionRequirementsId: string;
  tenantId: string;
  decisionDefinitionKey: string;
  decisionRequirementsKey: string;
}

export interface DecisionDefinitionFilter {
  decisionDefinitionId?: FilterProperty<string>;
  name?: FilterProperty<string>;
  version?: FilterProperty<number>;
  decisionRequirementsId?: FilterProperty<string>;
  tenantId?: FilterProperty<string>;
  decisionDefinitionKey?: FilterProperty<string>;
  decisionRequirementsKey?: FilterProperty<string>;
}

export type DecisionDefinitionSortField =
  'decisionDefinitionKey' | 'decisionDefinitionId' | 'name' | 'version' | 'decisionRequirementsId' | 'decisionRequirementsKey' | 'tenantId';

export const decisionDefinitionSearch: SearchDefinition<DecisionDefinitionResult> = {
  base: (db: Knex) => recordsOf(db, 'decision').whereRaw(notDeleted).select('r.data'),
  filters: {
    decisionDefinitionId: text('decisionId'),
    name: text('name'),
    version: int('version'),
    decisionRequirementsId: text('decisionRequirementsId'),
    tenantId: text('tenantId'),
    decisionDefinitionKey: ownKey,
    decisionRequirementsKey: keyProp('decisionRequirementsKey'),
  },
  sorts: {
    decisionDefinitionKey: 'r.key',
    decisionDefinitionId: sortText('decisionId'),
    name: sortText('name'),
    version: sortInt('version'),
    decisionRequirementsId: sortText('decisionRequirementsId'),
    decisionRequirementsKey: sortKey('decisionRequirementsKey'),
    tenantId: sortText('tenantId'),
  },
  toItems: (_ctx, rows) =>
    rows.map((row) => {
      const r = recordData<DecisionRecord>(row.data);
      return {
        decisionDefinitionId: r.decisionId,
        name: r.name,
        version: r.version,
        decisionRequirementsId: r.decisionRequirementsId,
        tenantId: r.tenantId,
        decisionDefinitionKey: r.key,
        decisionRequirementsKey: r.decisionRequirementsKey,
      };
    }),
};

export interface DecisionRequirementsResult {
  decisionRequirementsName: string;
  version: number;
  decisionRequirementsId: string;
  resourceName: string;
  tenantId: string;
  decisionRequirementsKey: string;
}

export interface DecisionRequirementsFilter {
  decisionRequirementsName?: FilterProperty<string>;
  version?: FilterProperty<number>;
  decisionRequirementsId?: FilterProperty<string>;
  tenantId?: FilterProperty<string>;
  decisionRequirementsKey?: FilterProperty<string>;
  resourceName?: FilterProperty<string>;
}

export type DecisionRequirementsSortField =
  'decisionRequirementsKey' | 'decisionRequirementsName' | 'version' | 'decisionRequirementsId' | 'tenantId';

export const decisionRequirementsSearch: SearchDefinition<DecisionRequirementsResult> = {
  base: (db: Knex) => recordsOf(db, 'decision-requirements').whereRaw(notDeleted).select(db.raw("r.data - 'xml' as data")),
  filters: {
    decisionRequirementsName: text('name'),
    version: int('version'),
    decisionRequirementsId: text('decisionRequirementsId'),
    tenantId: text('tenantId'),
    decisionRequirementsKey: ownKey,
    resourceName: text('resourceName'),
  },
  sorts: {
    decisionRequirementsKey: 'r.key',
    decisionRequirementsName: sortText('name'),
    version: sortInt('version'),
    decisionRequirementsId: sortText('decisionRequirementsId'),
    tenantId: sortText('tenantId'),
  },
  toItems: (_ctx, rows) =>
    rows.map((row) => {
      const r = recordData<DecisionRequirementsRecord>(row.data);
      return {
        decisionRequirementsName: r.name,
        version: r.version,
        decisionRequirementsId: r.decisionRequirementsId,
        resourceName: r.resourceName,
        tenantId: r.tenantId,
        decisionRequirementsKey: r.key,
      };
    }),
};

async function drgXml(ctx: QueryContext, key: string, what: string): Promise<string> {
  const row = await recordsOf(ctx.db, 'decision-requirements')
    .whereRaw(notDeleted)
    .whereRaw('r.key = ?::bigint', [key])
    .first(ctx.db.raw("r.data->>'xml' as xml"));
  if (!row) throw new NotFoundError(`${what} with key '${key}' not found`);
  return row.xml as string;
}

export interface DecisionDefinitionQueries {
  search(query?: SearchQuery<DecisionDefinitionFilter, DecisionDefinitionSortField>): Promise<SearchResult<DecisionDefinitionResult>>;
  get(decisionDefinitionKey: string): Promise<DecisionDefinitionResult>;
  /** The DMN XML of the DRG the decision belongs to. */
  getXml(decisionDefinitionKey: string): Promise<string>;
}

export interface DecisionRequirementsQueries {
  search(query?: SearchQuery<DecisionRequirementsFilter, DecisionRequirementsSortField>): Promise<SearchResult<DecisionRequirementsResult>>;
  get(decisionRequirementsKey: string): Promise<DecisionRequirementsResult>;
  getXml(decisionRequirementsKey: string): Promise<string>;
}

export function decisionDefinitionQueries(ctx: QueryContext): DecisionDefinitionQueries {
  const get = (key: string) => getByKey(ctx, decisionDefinitionSearch, key, 'Decision definition');
  return {
    search: (query) => runSearch(ctx, decisionDefinitionSearch, query),
    get,
    getXml: async (key) => drgXml(ctx, (await get(key)).decisionRequirementsKey, 'Decision requirements'),
  };
}

export function decisionRequirementsQueries(ctx: QueryContext): DecisionRequirementsQueries {
  return {
    search: (query) => runSearch(ctx, decisionRequirementsSearch, query),
    get: (key) => getByKey(ctx, decisionRequirementsSearch, key, 'Decision requirements'),
    getXml: (key) => drgXml(ctx, checkKey(key, 'decisionRequirementsKey'), 'Decision requirements'),
  };
}

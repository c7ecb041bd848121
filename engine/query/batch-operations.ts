/** Read model of batch operations and their items, in Camunda 8.8's REST shapes. */
import type { BatchOperationItemRecord, BatchOperationRecord } from '../state/records';
import type { QueryContext } from './context';
import { keyProp, ownKey, sortDate, sortKey, sortText, text } from './fields';
import { getByKey, recordData, recordsOf, runSearch, type SearchDefinition } from './search';
import type { FilterProperty, SearchQuery, SearchResult } from './types';

const TYPES = ['CANCEL_PROCESS_INSTANCE', 'RESOLVE_INCIDENT', 'MIGRATE_PROCESS_INSTANCE', 'MODIFY_PROCESS_INSTANCE'] as const;
const STATES = ['CREATED', 'ACTIVE', 'SUSPENDED', 'COMPLETED', 'PARTIALLY_COMPLETED', 'CANCELED', 'FAILED'] as const;
const ITEM_STATES = ['ACTIVE', 'COMPLETED', 'SKIPPED', 'CANCELED', 'FAILED'] as const;

export interface BatchOperationResult {
  batchOperationKey: string;
  state: BatchOperationRecord['state'];
  batchOperationType: BatchOperationRecord['batchOperationType'];
  startDate: string;
  endDate?: string;
  operationsTotalCount: number;
  operationsFailedCount: number;
  operationsCompletedCount: number;
  errors: BatchOperationRecord['errors'];
}

export interface BatchOperationItemResult {
  operationType: BatchOperationItemRecord['batchOperationType'];
  batchOperationKey: string;
  itemKey: string;
  processInstanceKey: string;
  state: BatchOperationItemRecord['state'];
  processedDate?: string;
  errorMessage?: string;
}

export interface BatchOperationFilter {
  batchOperationKey?: FilterProperty<string>;
  operationType?: FilterProperty<string>;
  state?: FilterProperty<string>;
}

export interface BatchOperationItemFilter {
  batchOperationKey?: FilterProperty<string>;
  itemKey?: FilterProperty<string>;
  processInstanceKey?: FilterProperty<string>;
  state?: FilterProperty<string>;
}

function toBatchOperation(r: BatchOperationRecord): BatchOperationResult {
  const out: BatchOperationResult = {
    batchOperationKey: r.key,
    state: r.state,
    batchOperationType: r.batchOperationType,
    startDate: r.startDate,
    operationsTotalCount: r.operationsTotalCount,
    operationsFailedCount: r.operationsFailedCount,
    operationsCompletedCount: r.operationsCompletedCount,
    errors: r.errors,
  };
  if (r.endDate) out.endDate = r.endDate;
  return out;
}

function toItem(r: BatchOperationItemRecord): BatchOperationItemResult {
  const out: BatchOperationItemResult = {
    operationType: r.batchOperationType,
    batchOperationKey: r.batchOperationKey,
    itemKey: r.itemKey,
    processInstanceKey: r.processInstanceKey,
    state: r.state,
  };
  if (r.processedDate) out.processedDate = r.processedDate;
  if (r.errorMessage !== undefined) out.errorMessage = r.errorMessage;
  return out;
}

export const batchOperationSearch: SearchDefinition<BatchOperationResult> = {
  base: (db) => recordsOf(db, 'batch-operation').select('r.data'),
  filters: {
    batchOperationKey: ownKey,
    operationType: text('batchOperationType', TYPES),
    state: text('state', STATES),
  },
  sorts: {
    batchOperationKey: 'r.key',
    operationType: sortText('batchOperationType'),
    state: sortText('state'),
    startDate: sortDate('startDate'),
    endDate: sortDate('endDate'),
  },
  toItems: (_ctx, rows) => rows.map((row) => toBatchOperation(recordData<BatchOperationRecord>(row.data))),
};

export const batchOperationItemSearch: SearchDefinition<BatchOperationItemResult> = {
  base: (db) => recordsOf(db, 'batch-operation-item').select('r.data'),
  filters: {
    batchOperationKey: keyProp('batchOperationKey'),
    itemKey: keyProp('itemKey'),
    processInstanceKey: keyProp('processInstanceKey'),
    state: text('state', ITEM_STATES),
  },
  sorts: {
    batchOperationKey: sortKey('batchOperationKey'),
    itemKey: sortKey('itemKey'),
    processInstanceKey: sortKey('processInstanceKey'),
    state: sortText('state'),
  },
  toItems: (_ctx, rows) => rows.map((row) => toItem(recordData<BatchOperationItemRecord>(row.data))),
};

export interface BatchOperationQueries {
  get(batchOperationKey: string): Promise<BatchOperationResult>;
  search(query?: SearchQuery<BatchOperationFilter, string>): Promise<SearchResult<BatchOperationResult>>;
  searchItems(query?: SearchQuery<BatchOperationItemFilter, string>): Promise<SearchResult<BatchOperationItemResult>>;
}

export function batchOperationQueries(ctx: QueryContext): BatchOperationQueries {
  return {
    get: (key) => getByKey(ctx, batchOperationSearch, key, 'Batch operation'),
    search: (query) => runSearch(ctx, batchOperationSearch, query),
    searchItems: (query) => runSearch(ctx, batchOperationItemSearch, query),
  };
}

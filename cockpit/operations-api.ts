/**
 * The admin's operations over Camunda 8.8's `/v2`: modify and migrate one instance, batch operations
 * over a process instance filter, and the batch operations' progress.
 */
import { api } from '../web/api';
import type { Page, ProcessDefinition } from './api';

export interface ActivateInstruction {
  elementId: string;
  ancestorElementInstanceKey?: string;
  variableInstructions?: { variables: Record<string, unknown>; scopeId?: string }[];
}
export interface Modification {
  activateInstructions: ActivateInstruction[];
  terminateInstructions: { elementInstanceKey: string }[];
}

export const modifyInstance = (key: string, m: Modification): Promise<void> => api.post(`/v2/process-instances/${key}/modification`, m);

export interface MigrationPlan {
  targetProcessDefinitionKey: string;
  mappingInstructions: { sourceElementId: string; targetElementId: string }[];
}

export const migrateInstance = (key: string, plan: MigrationPlan): Promise<void> =>
  api.post(`/v2/process-instances/${key}/migration`, plan);

export type BatchType = 'CANCEL_PROCESS_INSTANCE' | 'RESOLVE_INCIDENT' | 'MIGRATE_PROCESS_INSTANCE' | string;
export interface BatchCreated {
  batchOperationKey: string;
  batchOperationType: BatchType;
}

/** Batch operations over every instance the filter matches (8.8: the engine resolves the filter, asynchronously). */
export const batchCancel = (filter: object): Promise<BatchCreated> => api.post('/v2/process-instances/cancellation', { filter });
export const batchResolveIncidents = (filter: object): Promise<BatchCreated> =>
  api.post('/v2/process-instances/incident-resolution', { filter });
export const batchMigrate = (filter: object, migrationPlan: MigrationPlan): Promise<BatchCreated> =>
  api.post('/v2/process-instances/migration', { filter, migrationPlan });

export interface BatchOperation {
  batchOperationKey: string;
  batchOperationType: BatchType;
  state: string;
  startDate?: string;
  endDate?: string;
  operationsTotalCount?: number;
  operationsFailedCount?: number;
  operationsCompletedCount?: number;
  errors?: { partitionId?: number; type?: string; message?: string }[];
}
export interface BatchItem {
  batchOperationKey: string;
  itemKey: string;
  processInstanceKey: string;
  state: string;
  processedDate?: string;
  errorMessage?: string;
}

export const searchBatches = (): Promise<Page<BatchOperation>> =>
  api.post('/v2/batch-operations/search', { sort: [{ field: 'startDate', order: 'DESC' }], page: { limit: 100 } });

export const getBatch = (key: string): Promise<BatchOperation> => api.get(`/v2/batch-operations/${key}`);

export const batchItems = (key: string): Promise<Page<BatchItem>> =>
  api.post('/v2/batch-operation-items/search', { filter: { batchOperationKey: key }, page: { limit: 1000 } });

/** Every version of one process, newest first: the targets of a migration. */
export const processVersions = (processDefinitionId: string): Promise<Page<ProcessDefinition>> =>
  api.post('/v2/process-definitions/search', {
    filter: { processDefinitionId },
    sort: [{ field: 'version', order: 'DESC' }],
    page: { limit: 100 },
  });

/** Lifecycle of a batch (8.8): suspend and cancel while it runs, resume a suspended one. */
export type BatchAction = 'suspension' | 'resumption' | 'cancellation';
export const batchAction = (key: string, action: BatchAction): Promise<void> => api.post(`/v2/batch-operations/${key}/${action}`, {});

/** Batch modification (8.8): in every matching instance, the tokens of each source element move to its target. */
export const batchMove = (
  filter: object,
  moveInstructions: { sourceElementId: string; targetElementId: string }[],
): Promise<BatchCreated> => api.post('/v2/process-instances/modification', { filter, moveInstructions });

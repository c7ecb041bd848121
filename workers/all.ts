/**
 * All job workers of the product (order-to-contract and accounting) for the task types
 * WORKER_TASK_TYPES selects, under WORKER_NAME. The selection is checked against both tables at
 * once before either starts: a pattern of one table is fine, one no table knows stops the start.
 * The server (WORKERS_ENABLED) and `npm run workers` (workers/main.ts) both start them here.
 */
import { accountingTable, type StartAccountingWorkersOptions } from './billing';
import { orderToContractTable } from './order-to-contract';
import { startJobTables, workerNameOf, type RunningJobWorkers } from './runtime';

export type StartAllWorkersOptions = Omit<StartAccountingWorkersOptions, 'taskTypes'>;

export function startAllWorkers(opts: StartAllWorkersOptions): Promise<RunningJobWorkers> {
  return startJobTables([() => orderToContractTable(opts), () => accountingTable(opts)], {
    zbc: opts.zbc,
    taskTypes: opts.settings.workerTaskTypes,
    workerName: workerNameOf(opts.settings),
    retryBackOffMs: opts.retryBackOffMs,
    log: opts.log,
  });
}

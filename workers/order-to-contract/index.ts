/**
 * The job workers of order-to-contract and credit-check, as @camunda8/sdk workers, so they run
 * the same against the embedded engine and a Camunda 8 cluster.
 *
 *   const workers = await startWorkers({ zbc, db, settings, mailer? });  …  await workers.close();
 *
 * With the accounting workers, through workers/all.ts startAllWorkers: WORKER_TASK_TYPES selects
 * out of both tables.
 */
import type { Settings } from '../../config/settings';
import type { Database } from '../../db';
import type { ZeebeClient } from '../../server/zeebe-client';
import { bureauNames, createBureauAdapters, type BureauName } from '../bureaus';
import { createDocumentStore, documentFilesDir, createPdfRenderer, createTemplateRenderer, type PdfRenderer } from '../documents';
import { createMailer, type Mailer } from '../mail';
import { startJobTables, workerNameOf, type JobHandler, type JobTable } from '../runtime';
import { createHandlers, type HandlerDeps } from './handlers';
import { createStandaloneCreditCheckHandlers, isStandaloneCreditCheck } from '../claims/credit-check';

export { createHandlers, BpmnError, type HandlerDeps, type CreditSummary, type BureauOutcome } from './handlers';
export {
  loadOrder,
  updateOrder,
  orderNumber,
  monthlyPrepaymentCents,
  OrderNotFoundError,
  type OrderRow,
  type OrderStatus,
} from '../../domain/orders';

export interface StartWorkersOptions {
  zbc: ZeebeClient;
  db: Database;
  settings: Settings;
  /** Defaults to nodemailer on settings.smtpHost/smtpPort. */
  mailer?: Mailer;
  /** Back-off of a failed job before its retry. */
  retryBackOffMs?: number;
  /** Task types of this table to serve, in WORKER_TASK_TYPES syntax; empty or absent: all. */
  taskTypes?: string;
  log?: (message: string) => void;
}

export interface RunningWorkers {
  taskTypes: string[];
  close(): Promise<void>;
}

export async function startWorkers(opts: StartWorkersOptions): Promise<RunningWorkers> {
  return startJobTables([() => orderToContractTable(opts)], {
    zbc: opts.zbc,
    taskTypes: opts.taskTypes,
    workerName: workerNameOf(opts.settings),
    retryBackOffMs: opts.retryBackOffMs,
    log: opts.log,
  });
}

/** The handlers of order-to-contract and credit-check by task type, not started yet. */
export function orderToContractTable(opts: Omit<StartWorkersOptions, 'zbc'>): JobTable {
  const { db, settings } = opts;
  const mailer = opts.mailer ?? createMailer({ smtpHost: settings.smtpHost, smtpPort: settings.smtpPort, from: settings.mailFrom });
  let pdf: Promise<PdfRenderer> | undefined;
  const deps: HandlerDeps = {
    db,
    settings,
    adapters: createBureauAdapters(settings),
    templates: createTemplateRenderer(),
    documents: createDocumentStore(db, { directory: documentFilesDir(settings) }),
    pdf: () => (pdf ??= createPdfRenderer({ chromiumPath: settings.chromiumPath, poolSize: settings.pdfPagePoolSize })),
    mailer,
  };
  const handlers = createHandlers(deps);
  const table: Record<string, JobHandler> = {};
  for (const [type, fn] of Object.entries(handlers)) if (type !== 'bureau') table[type] = fn as JobHandler;
  // The credit-check process also runs on its own for the phone app (a creditCheckId, no order).
  const standalone = createStandaloneCreditCheckHandlers({ db, adapters: deps.adapters });
  for (const b of bureauNames)
    table[`credit-check.${b}`] = (vars) =>
      isStandaloneCreditCheck(vars) ? standalone.bureau(b, vars) : handlers.bureau(b as BureauName, vars);
  const orderAggregate = table['credit-check.aggregate'];
  table['credit-check.aggregate'] = (vars) => (isStandaloneCreditCheck(vars) ? standalone.aggregate(vars) : orderAggregate(vars));
  return {
    table,
    release: async () => {
      if (pdf) await (await pdf).close().catch(() => {});
      if (!opts.mailer) mailer.close();
    },
  };
}

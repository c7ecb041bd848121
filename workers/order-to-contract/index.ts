/**
 * The job workers of order-to-contract and credit-check, as @camunda8/sdk workers, so they run
 * the same against the embedded engine and a Camunda 8 cluster.
 *
 *   const workers = await startWorkers({ zbc, db, settings, mailer? });  …  await workers.close();
 */
import type { Settings } from '../../config/settings';
import type { Database } from '../../db';
import type { ZeebeClient } from '../../server/zeebe-client';
import { bureauNames, createBureauAdapters, type BureauName } from '../bureaus';
import { createDocumentStore, createPdfRenderer, createTemplateRenderer, type PdfRenderer } from '../documents';
import { createMailer, type Mailer } from '../mail';
import { BpmnError, createHandlers, type HandlerDeps } from './handlers';

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
  log?: (message: string) => void;
}

export interface RunningWorkers {
  taskTypes: string[];
  close(): Promise<void>;
}

type Vars = Record<string, unknown>;

export async function startWorkers(opts: StartWorkersOptions): Promise<RunningWorkers> {
  const { zbc, db, settings } = opts;
  const log = opts.log ?? (() => {});
  const mailer = opts.mailer ?? createMailer({ smtpHost: settings.smtpHost, smtpPort: settings.smtpPort, from: settings.mailFrom });
  let pdf: Promise<PdfRenderer> | undefined;
  const deps: HandlerDeps = {
    db,
    settings,
    adapters: createBureauAdapters(settings),
    templates: createTemplateRenderer(),
    documents: createDocumentStore(db),
    pdf: () => (pdf ??= createPdfRenderer({ chromiumPath: settings.chromiumPath, poolSize: settings.pdfPagePoolSize })),
    mailer,
  };
  const handlers = createHandlers(deps);
  const table: Record<string, (vars: Vars) => Promise<Vars>> = {};
  for (const [type, fn] of Object.entries(handlers)) if (type !== 'bureau') table[type] = fn as (vars: Vars) => Promise<Vars>;
  for (const b of bureauNames) table[`credit-check.${b}`] = (vars) => handlers.bureau(b as BureauName, vars);

  const retryBackOff = opts.retryBackOffMs ?? 1000;
  const workers = Object.entries(table).map(([taskType, fn]) =>
    zbc.createWorker({
      taskType,
      timeout: 60_000,
      maxJobsToActivate: 16,
      // The worker long-polls; this is only the pause before it opens the next poll after jobs
      // arrived. At 300 ms every step of an order waited for it (p50 3.7 s POST → decision).
      pollInterval: 20,
      taskHandler: async (job) => {
        let out: Vars;
        try {
          out = await fn(job.variables as Vars);
        } catch (err) {
          if (err instanceof BpmnError) return job.error({ errorCode: err.code, errorMessage: err.message, variables: {} });
          const message = err instanceof Error ? err.message : String(err);
          log(`${taskType} failed (retries left ${job.retries - 1}): ${message}`);
          return job.fail({ errorMessage: message, retries: job.retries - 1, retryBackOff });
        }
        // Outside the try: a completion the engine refuses (the job was cancelled meanwhile) is not a failed job.
        return job.complete(out as never);
      },
    }),
  );
  return {
    taskTypes: Object.keys(table),
    close: async () => {
      for (const w of workers) await w.close().catch(() => {});
      if (pdf) await (await pdf).close().catch(() => {});
      if (!opts.mailer) mailer.close();
    },
  };
}

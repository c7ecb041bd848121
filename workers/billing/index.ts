/**
 * The contract-accounting workers (contract start, runs, bills, readings, installments and, from
 * workers/payments, the payment tasks), as @camunda8/sdk workers like order-to-contract's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Settings } from '../../config/settings';
import type { Database } from '../../db';
import { todayInGermany } from '../../domain/orders';
import { clusterProcessInstanceSearch } from '../../server/cluster/search';
import { camundaRestClient, type ZeebeClient } from '../../server/zeebe-client';
import {
  createDocumentStore,
  documentFilesDir,
  createPdfRenderer,
  createTemplateRenderer,
  defaultTemplatesDir,
  type PdfRenderer,
} from '../documents';
import { createMailer, type Mailer } from '../mail';
import { createBureauReportingHandlers } from '../bureau-reporting';
import { createDunningHandlers } from '../dunning/handlers';
import { createPaymentHandlers } from '../payments/handlers';
import { startJobTables, workerNameOf, type JobTable, type RunningJobWorkers } from '../runtime';
import type { AccountingDeps } from './context';
import { createAccountingHandlers } from './handlers';
import { createCollectionHandlers } from '../collection/handlers';
import { createPaymentPageHandlers } from '../payment-page/handlers';
import { createCareHandlers } from '../care';
import { createClaimHandlers } from '../claims';
import company from '../../templates/company.json';

export interface StartAccountingWorkersOptions {
  zbc: ZeebeClient;
  db: Database;
  settings: Settings;
  mailer?: Mailer;
  /** Epoch ms now; the embedded engine's clock, so a pinned test clock moves "today". */
  now?: () => number;
  retryBackOffMs?: number;
  /** Task types of this table to serve, in WORKER_TASK_TYPES syntax; empty or absent: all. */
  taskTypes?: string;
  log?: (message: string) => void;
}

export function accountingDeps(opts: StartAccountingWorkersOptions, mailer: Mailer, pdf: () => Promise<PdfRenderer>): AccountingDeps {
  const { zbc, db, settings } = opts;
  return {
    db,
    templates: createTemplateRenderer({ dir: defaultTemplatesDir }),
    documents: createDocumentStore(db, { directory: documentFilesDir(settings) }),
    pdf,
    mailer,
    zeebe: {
      publishMessage: (msg) => zbc.publishMessage({ ...msg, variables: (msg.variables ?? {}) as never }),
      createProcessInstance: async (req) => {
        const res = await zbc.createProcessInstance({ bpmnProcessId: req.bpmnProcessId, variables: req.variables as never });
        return { processInstanceKey: String(res.processInstanceKey) };
      },
      cancelProcessInstance: (processInstanceKey) => zbc.cancelProcessInstance(processInstanceKey),
    },
    // Without the embedded engine its read models are not in `db`: the cluster's search instead.
    ...(settings.engineEmbedded ? {} : { instances: clusterProcessInstanceSearch(() => camundaRestClient(settings)) }),
    today: () => todayInGermany(new Date(opts.now ? opts.now() : Date.now())),
    company: company as Record<string, string>,
    installmentTolerancePercent: settings.installmentTolerancePercent,
    statementMatchBatchSize: settings.statementMatchBatchSize,
    // An in-memory database (tests) keeps its print runs and bank files in the temp folder.
    printDirectory: settings.dataDir.startsWith('memory://')
      ? path.join(os.tmpdir(), `energy-print-${process.pid}`)
      : path.resolve(settings.dataDir, 'print'),
    ...(settings.billSigningP12Path ? { billSigning: billSigningOf(settings) } : {}),
  };
}

/** The signing certificate, read once at start: a wrong path stops the workers' start naming the setting. */
function billSigningOf(settings: Settings): NonNullable<AccountingDeps['billSigning']> {
  let p12: Buffer;
  try {
    p12 = fs.readFileSync(path.resolve(settings.billSigningP12Path));
  } catch (err) {
    throw new Error(`BILL_SIGNING_P12_PATH: cannot read ${settings.billSigningP12Path}: ${(err as Error).message}`);
  }
  return { p12, passphrase: settings.billSigningP12Password, name: settings.billSigningName || (company as Record<string, string>).name };
}

export async function startAccountingWorkers(opts: StartAccountingWorkersOptions): Promise<RunningJobWorkers> {
  return startJobTables([() => accountingTable(opts)], {
    zbc: opts.zbc,
    taskTypes: opts.taskTypes,
    workerName: workerNameOf(opts.settings),
    retryBackOffMs: opts.retryBackOffMs,
    log: opts.log,
  });
}

/** The accounting handlers by task type, not started yet. */
export function accountingTable(opts: StartAccountingWorkersOptions): JobTable {
  const mailer =
    opts.mailer ?? createMailer({ smtpHost: opts.settings.smtpHost, smtpPort: opts.settings.smtpPort, from: opts.settings.mailFrom });
  let pdf: Promise<PdfRenderer> | undefined;
  const deps = accountingDeps(
    opts,
    mailer,
    () => (pdf ??= createPdfRenderer({ chromiumPath: opts.settings.chromiumPath, poolSize: opts.settings.pdfPagePoolSize })),
  );
  const table = {
    ...createAccountingHandlers(deps),
    ...createPaymentHandlers(deps),
    ...createDunningHandlers(deps, opts.settings),
    ...createBureauReportingHandlers(deps, opts.settings),
    ...createCollectionHandlers(deps, opts.settings),
    ...createPaymentPageHandlers(deps),
    ...createCareHandlers(deps, opts.settings),
    ...createClaimHandlers(deps, opts.settings),
  };
  return {
    table,
    release: async () => {
      if (pdf) await (await pdf).close().catch(() => {});
      if (!opts.mailer) mailer.close();
    },
  };
}

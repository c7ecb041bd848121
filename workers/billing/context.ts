/** What the billing and payment workers need besides the job: the database, documents, mail, the clock. */
import type { Database } from '../../db';
import type { ProcessInstanceSearch } from '../../server/cluster/search';
import type { DocumentStore, PdfRenderer, TemplateRenderer } from '../documents';
import type { Mailer } from '../mail';

export interface MessagePublisher {
  publishMessage(msg: {
    name: string;
    correlationKey: string;
    messageId?: string;
    timeToLive?: number;
    variables?: Record<string, unknown>;
  }): Promise<unknown>;
  createProcessInstance(req: { bpmnProcessId: string; variables: Record<string, unknown> }): Promise<{ processInstanceKey: string }>;
  /** Ends a waiting instance (e.g. the supply start of a withdrawn contract). */
  cancelProcessInstance?(processInstanceKey: string): Promise<void>;
}

export interface AccountingDeps {
  db: Database;
  templates: TemplateRenderer;
  documents: DocumentStore;
  pdf: () => Promise<PdfRenderer>;
  mailer: Mailer;
  zeebe: MessagePublisher;
  /** Finding waiting instances on a Camunda 8.8 cluster; absent: the embedded engine's read models in `db`. */
  instances?: ProcessInstanceSearch;
  /** Today in Germany, from the engine clock (a test's pinned clock moves it). */
  today: () => string;
  company: Record<string, string>;
  /** ±% within which a customer's installment wish applies without approval. */
  installmentTolerancePercent: number;
  /** Bank statement entries matched and booked per transaction. */
  statementMatchBatchSize: number;
  /** Folder of the print runs for paper bills. */
  printDirectory: string;
  /** With a certificate (BILL_SIGNING_P12_PATH) every bill PDF is PAdES-signed once, before it is stored and sent. */
  billSigning?: { p12: Buffer; passphrase: string; name: string };
}

export function str(vars: Record<string, unknown>, name: string): string {
  const v = vars[name];
  if (typeof v !== 'string' || v === '') throw new Error(`job variable ${name} is missing`);
  return v;
}

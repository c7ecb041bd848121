/** What was sent to the customer: letters and PDFs (documents) and mails (the outbound mail log). */
import type { Database } from '../../../db';

export interface LetterSummary {
  id: string;
  kind: string;
  fileName: string;
  size: number;
  createdAt: string;
  /** GET /api/documents/{id}: the stored PDF. */
  url: string;
}

export interface MailSummary {
  id: string;
  subject: string;
  toAddress: string;
  status: string;
  sentAt: string | null;
  createdAt: string;
}

const LIMIT = 200;
const stamp = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

/** Letters of the customer's contracts and orders; newest first. */
export async function lettersOf(db: Database, ids: { contractIds: string[]; orderIds: string[] }): Promise<LetterSummary[]> {
  const rows = (await db('documents')
    // Dunning notices, bills and confirmations carry their contract; order letters their order.
    .where((w) => w.whereIn('contract_id', ids.contractIds).orWhereIn('order_id', ids.orderIds))
    .orderBy('created_at', 'desc')
    .limit(LIMIT)
    .select('id', 'kind', 'file_name', 'size', 'created_at')) as Array<Record<string, any>>;
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    fileName: r.file_name,
    size: Number(r.size),
    createdAt: stamp(r.created_at)!,
    url: `/api/documents/${r.id}`,
  }));
}

/** Mails to the customer's address (the log keeps no customer id), newest first. */
export async function mailsTo(db: Database, email: string): Promise<MailSummary[]> {
  const rows = (await db('outbound_mails')
    .whereRaw('lower(to_address) = ?', [email.toLowerCase()])
    .orderBy('created_at', 'desc')
    .limit(LIMIT)
    .select('id', 'subject', 'to_address', 'status', 'sent_at', 'created_at')) as Array<Record<string, any>>;
  return rows.map((r) => ({
    id: r.id,
    subject: r.subject,
    toAddress: r.to_address,
    status: r.status,
    sentAt: stamp(r.sent_at),
    createdAt: stamp(r.created_at)!,
  }));
}

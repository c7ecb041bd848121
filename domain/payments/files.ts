/** Stored outgoing SEPA files (payment_files) and helpers the runs share. */
import { createHash } from 'node:crypto';
import type { Database } from '../../db';
import type { Cents } from '../money';
import { isoDate } from '../shared/dates';
import { toCents } from '../shared/db';
import { toSepaText } from './sepa';

export type PaymentFileKind = 'pain.008' | 'pain.001';

export interface PaymentFile {
  id: string;
  kind: PaymentFileKind;
  messageId: string;
  businessKey: string;
  executionDate: string;
  transactionCount: number;
  controlSumCents: Cents;
  xml: string;
  sha256: string;
  createdAt: string;
}

export interface PaymentFileRow {
  id: string;
  kind: PaymentFileKind;
  message_id: string;
  business_key: string;
  execution_date: Date | string;
  transaction_count: number;
  control_sum_cents: string | number;
  xml: string;
  sha256: string;
  created_at: Date | string;
}

export function toPaymentFile(r: PaymentFileRow): PaymentFile {
  return {
    id: r.id,
    kind: r.kind,
    messageId: r.message_id,
    businessKey: r.business_key,
    executionDate: isoDate(r.execution_date),
    transactionCount: Number(r.transaction_count),
    controlSumCents: toCents(r.control_sum_cents),
    xml: r.xml,
    sha256: r.sha256,
    createdAt: r.created_at instanceof Date ? r.created_at.toISOString() : String(r.created_at),
  };
}

export async function loadPaymentFile(db: Database, id: string): Promise<PaymentFile | null> {
  const row = (await db('payment_files').where({ id }).first()) as PaymentFileRow | undefined;
  return row ? toPaymentFile(row) : null;
}

export async function paymentFileByKey(db: Database, businessKey: string): Promise<PaymentFile | null> {
  const row = (await db('payment_files').where({ business_key: businessKey }).first()) as PaymentFileRow | undefined;
  return row ? toPaymentFile(row) : null;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * A message id from the run key: deterministic, so a retried run names its file the same, ASCII
 * and well under the 35 characters SEPA allows.
 */
export function messageIdFor(prefix: string, runKey: string): string {
  return `${prefix}${sha256(runKey).slice(0, 24).toUpperCase()}`;
}

/** End-to-end id of an order for a ledger line: prefix + the line's uuid without dashes (34 chars). */
export function endToEndIdFor(prefix: 'DD' | 'CT', lineId: string): string {
  return `${prefix}${lineId.replace(/-/g, '').toUpperCase()}`;
}

/** ISO date-time without milliseconds, as pain files carry CreDtTm. */
export function fileTimestamp(now: Date): string {
  return `${now.toISOString().slice(0, 19)}Z`;
}

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Free text for a SEPA field: converted, characters outside the set dropped, cut to `max`. */
export function sepaField(text: string, max: number): string {
  return toSepaText(text)
    .replace(/[^A-Za-z0-9/\-?:().,'+ ]/g, '')
    .slice(0, max)
    .trim();
}

/** A payment order as the runs claim it: one per item and kind (the table's unique key). */
export interface OrderClaim {
  kind: 'debit' | 'credit';
  line_id: string;
  contract_account_id: string;
  mandate_id?: string;
  amount_cents: Cents;
  end_to_end_id: string;
  sequence_type?: string;
  execution_date: string;
  counterparty_name: string;
  counterparty_iban: string;
  remittance: string;
}

/**
 * Claims the items for a run: an item another run claimed meanwhile is skipped, not paid or
 * collected twice. Returns the order id per claimed line.
 */
export async function claimOrders(trx: Database, claims: OrderClaim[]): Promise<Map<string, string>> {
  const claimed = new Map<string, string>();
  for (const part of chunks(claims, 1000)) {
    const inserted = (await trx('payment_orders')
      .insert(part.map((c) => ({ ...c, status: 'pending' })))
      .onConflict(['kind', 'line_id'])
      .ignore()
      .returning(['id', 'line_id'])) as Array<{ id: string; line_id: string }>;
    for (const r of inserted) claimed.set(r.line_id, r.id);
  }
  return claimed;
}

/** The file of a run already made (a retry), with the number of its orders. */
export async function existingRun(db: Database, runKey: string): Promise<{ file: PaymentFile; orders: number } | null> {
  const file = await paymentFileByKey(db, runKey);
  if (!file) return null;
  const row = (await db('payment_orders').where({ file_id: file.id }).count({ n: '*' }).first()) as { n: string | number };
  return { file, orders: Number(row.n) };
}

/** Stores a run's file under its run key and puts its orders into it. */
export async function storeFile(
  trx: Database,
  input: {
    kind: PaymentFileKind;
    messageId: string;
    runKey: string;
    executionDate: string;
    xml: string;
    orders: Array<{ id: string; amountCents: Cents }>;
  },
): Promise<PaymentFile> {
  const [fileRow] = (await trx('payment_files')
    .insert({
      kind: input.kind,
      message_id: input.messageId,
      business_key: input.runKey,
      execution_date: input.executionDate,
      transaction_count: input.orders.length,
      control_sum_cents: input.orders.reduce((s, o) => s + o.amountCents, 0),
      xml: input.xml,
      sha256: sha256(input.xml),
    })
    .returning('*')) as PaymentFileRow[];
  for (const part of chunks(input.orders, 1000))
    await trx('payment_orders')
      .whereIn(
        'id',
        part.map((o) => o.id),
      )
      .update({ file_id: fileRow.id, status: 'in_file' });
  return toPaymentFile(fileRow);
}

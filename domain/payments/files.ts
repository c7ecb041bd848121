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

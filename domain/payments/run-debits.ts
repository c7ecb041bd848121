/**
 * The direct-debit run: every open customer item of a direct-debit account with an active mandate
 * that is due by the collection date goes into one pain.008 file, once. The unique (kind, line_id)
 * of payment_orders keeps an item out of a second file even when runs overlap or are retried.
 */
import type { Database } from '../../db';
import { blockedItemSql } from '../dunning/blocks';
import type { Cents } from '../money';
import { isoDate } from '../shared/dates';
import { toCents } from '../shared/db';
import { nextTarget2BusinessDay } from './calendar';
import type { PaymentsConfig } from './config';
import {
  chunks,
  claimOrders,
  endToEndIdFor,
  existingRun,
  fileTimestamp,
  messageIdFor,
  sepaField,
  storeFile,
  type PaymentFile,
} from './files';
import { checkAgainstSchema, buildPain008, SCHEMAS, type DirectDebitBatch, type SequenceType } from './sepa';

export interface DebitRunInput {
  /** The run's business key, e.g. `debit-run:2026-03-02`: a retry returns the file made first. */
  runKey: string;
  today: string;
  config: PaymentsConfig;
  /** File creation time (CreDtTm); defaults to now. */
  now?: Date;
}

export interface RunResult {
  file: PaymentFile | null;
  /** Orders in the file (also for a retried run). */
  orders: number;
}

/** Items a direct debit collects. Credits, payments and refunds are never debited. */
export const DEBIT_ITEM_TYPES = ['installment', 'bill', 'fee', 'return'] as const;

interface DueRow {
  line_id: string;
  contract_account_id: string;
  open_cents: string;
  due_date: Date | string | null;
  text: string;
  document_number: string;
  reference: string | null;
  account_number: string;
  mandate_id: string;
  mandate_reference: string;
  iban: string;
  bic: string | null;
  account_holder: string;
  signed_date: Date | string;
  last_collection_date: Date | string | null;
}

interface OrderDraft {
  lineId: string;
  accountId: string;
  mandateId: string;
  mandateReference: string;
  mandateSignedDate: string;
  amountCents: Cents;
  endToEndId: string;
  sequenceType: SequenceType;
  collectionDate: string;
  name: string;
  iban: string;
  bic?: string;
  remittance: string;
}

export async function createDirectDebitFile(db: Database, input: DebitRunInput): Promise<RunResult> {
  const { runKey, today, config } = input;
  return db.transaction(async (trx) => {
    const existing = await existingRun(trx, runKey);
    if (existing) return existing;

    // The earliest day the bank can collect; an item due later waits for a later run.
    const earliest = nextTarget2BusinessDay(today, config.debitLeadDays);
    const rows = await dueItems(trx, earliest);
    const drafts = rows.map((r) => toDraft(r, earliest));
    if (drafts.length === 0) return { file: null, orders: 0 };

    const claimed = await claimOrders(
      trx,
      drafts.map((d) => ({
        kind: 'debit',
        line_id: d.lineId,
        contract_account_id: d.accountId,
        mandate_id: d.mandateId,
        amount_cents: d.amountCents,
        end_to_end_id: d.endToEndId,
        sequence_type: d.sequenceType,
        execution_date: d.collectionDate,
        counterparty_name: d.name,
        counterparty_iban: d.iban,
        remittance: d.remittance,
      })),
    );
    const orders = drafts.filter((d) => claimed.has(d.lineId));
    if (orders.length === 0) return { file: null, orders: 0 };

    const messageId = messageIdFor('DD', runKey);
    const batches = toBatches(messageId, orders);
    const xml = buildPain008({
      messageId,
      createdAt: fileTimestamp(input.now ?? new Date()),
      creditor: config.creditor,
      batches,
    });
    // The German banks take the DK's restricted schema: a file they would reject is never stored
    // (where this installation has the official schema).
    checkAgainstSchema(xml, SCHEMAS.pain008Gbic);

    const file = await storeFile(trx, {
      kind: 'pain.008',
      messageId,
      runKey,
      executionDate: batches.map((b) => b.collectionDate).sort()[0],
      xml,
      orders: orders.map((o) => ({ id: claimed.get(o.lineId)!, amountCents: o.amountCents })),
    });

    // The next collection under these mandates is recurrent (RCUR); the 36-month lapse counts from here.
    const lastByMandate = new Map<string, string>();
    for (const o of orders) {
      const prev = lastByMandate.get(o.mandateId);
      if (!prev || prev < o.collectionDate) lastByMandate.set(o.mandateId, o.collectionDate);
    }
    const byDate = new Map<string, string[]>();
    for (const [mandateId, date] of lastByMandate) {
      const ids = byDate.get(date);
      if (ids) ids.push(mandateId);
      else byDate.set(date, [mandateId]);
    }
    for (const [date, ids] of byDate)
      for (const part of chunks(ids, 1000)) await trx('sepa_mandates').whereIn('id', part).update({ last_collection_date: date });

    return { file, orders: orders.length };
  });
}

async function dueItems(db: Database, collectionDate: string): Promise<DueRow[]> {
  const result = (await db.raw(
    `SELECT o.line_id, o.contract_account_id, o.open_cents, o.due_date, l.text, d.document_number, d.reference,
            a.account_number, m.id AS mandate_id, m.mandate_reference, m.iban, m.bic, m.account_holder, m.signed_date,
            m.last_collection_date
       FROM open_items o
       JOIN contract_accounts a ON a.id = o.contract_account_id AND a.payment_method = 'sepa_direct_debit'
       JOIN LATERAL (
         SELECT * FROM sepa_mandates sm
          WHERE sm.contract_account_id = a.id AND sm.status = 'active'
          ORDER BY sm.created_at DESC, sm.id LIMIT 1
       ) m ON m.signed_date <= ?
       JOIN ledger_lines l ON l.id = o.line_id
       JOIN ledger_documents d ON d.id = l.document_id
      WHERE o.open_cents > 0
        AND o.item_type IN (${DEBIT_ITEM_TYPES.map(() => '?').join(', ')})
        AND (o.due_date IS NULL OR o.due_date <= ?)
        AND NOT EXISTS (SELECT 1 FROM payment_orders p WHERE p.kind = 'debit' AND p.line_id = o.line_id)
        -- A disputed item (dunning block) is not collected either.
        AND NOT ${blockedItemSql('o')}
      ORDER BY a.account_number, o.due_date NULLS FIRST, d.document_number, l.line_no`,
    [collectionDate, ...DEBIT_ITEM_TYPES, collectionDate],
  )) as { rows: DueRow[] };
  return result.rows;
}

function toDraft(r: DueRow, earliest: string): OrderDraft {
  const due = r.due_date ? isoDate(r.due_date) : earliest;
  const reference = r.reference ?? r.document_number;
  const text = r.text.includes(reference) ? r.text : `${r.text} ${reference}`;
  return {
    lineId: r.line_id,
    accountId: r.contract_account_id,
    mandateId: r.mandate_id,
    mandateReference: r.mandate_reference,
    mandateSignedDate: isoDate(r.signed_date),
    amountCents: toCents(r.open_cents),
    endToEndId: endToEndIdFor('DD', r.line_id),
    // First collection under a mandate is FRST, every later one RCUR.
    sequenceType: r.last_collection_date ? 'RCUR' : 'FRST',
    collectionDate: due > earliest ? due : earliest,
    name: sepaField(r.account_holder, 70),
    iban: r.iban.replace(/\s+/g, '').toUpperCase(),
    bic: r.bic ?? undefined,
    remittance: sepaField(`${text} Vertragskonto ${r.account_number}`, 140),
  };
}

function toBatches(messageId: string, orders: OrderDraft[]): DirectDebitBatch[] {
  const groups = new Map<string, OrderDraft[]>();
  for (const o of orders) {
    const key = `${o.sequenceType}|${o.collectionDate}`;
    const list = groups.get(key);
    if (list) list.push(o);
    else groups.set(key, [o]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, list], i) => ({
      paymentInfoId: `${messageId}-${i + 1}`,
      sequenceType: list[0].sequenceType,
      collectionDate: list[0].collectionDate,
      scheme: 'CORE' as const,
      transactions: list.map((o) => ({
        endToEndId: o.endToEndId,
        amountCents: o.amountCents,
        mandateId: o.mandateReference,
        mandateSignedDate: o.mandateSignedDate,
        debtor: { name: o.name, iban: o.iban, ...(o.bic ? { bic: o.bic } : {}) },
        remittance: o.remittance,
      })),
    }));
}

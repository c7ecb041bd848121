/**
 * Return debits (Rücklastschriften): the bank takes back a collected amount, often with a fee. The
 * clearing that settled the item with the payment is reset, a return document takes the money out
 * of the bank again and is cleared against the reopened payment, so the ORIGINAL item is open
 * again; the bank's fee becomes an item of its own. Whether the account switches to bank transfer
 * is decided here but done by `switchAccountToTransfer`, so the process shows that step.
 */
import { ReturnReason } from '@taprsvp/iso20022_external_codes';
import type { Database } from '../../db';
import { switchToBankTransfer } from '../contracts/repository';
import { clear, clearingsOf, postDocument, resetClearing } from '../ledger';
import type { Cents } from '../money';
import { isoDate } from '../shared/dates';
import { toCents } from '../shared/db';
import type { PaymentsConfig } from './config';
import { PaymentsError } from './errors';
import type { EntryRow } from './match-statement';

export interface ReturnResult {
  contractAccountId: string;
  accountNumber: string;
  reason: string;
  /** German, for letters and tasks. */
  reasonText: string;
  amountCents: Cents;
  /** What the customer is charged (the bank's fee, capped by returnFeeMaxCents). */
  feeCents: Cents;
  /** Return debits of the account so far, this one included. */
  returnCount: number;
  /** The account should pay by transfer from now on (call switchAccountToTransfer). */
  switchToTransfer: boolean;
}

/** German texts of the common return reasons (DK/EPC); others fall back to the code. */
export const RETURN_REASON_TEXTS: Readonly<Record<string, string>> = {
  AC01: 'IBAN fehlerhaft',
  AC04: 'Konto erloschen',
  AC06: 'Konto gesperrt',
  AC13: 'Konto eines Verbrauchers (Firmenlastschrift nicht zulässig)',
  AG01: 'Lastschrift auf diesem Konto nicht zulässig',
  AG02: 'Ungültiger Zahlungsvorgang',
  AM04: 'Deckung unzureichend',
  AM05: 'Doppelte Einreichung',
  BE05: 'Zahlungsempfänger unbekannt',
  CNOR: 'Bank des Zahlungsempfängers nicht erreichbar',
  DNOR: 'Bank des Zahlungspflichtigen nicht erreichbar',
  FF01: 'Ungültiges Dateiformat',
  MD01: 'Kein gültiges Mandat',
  MD02: 'Mandatsdaten fehlen oder sind fehlerhaft',
  MD06: 'Erstattung auf Verlangen des Zahlungspflichtigen',
  MD07: 'Kontoinhaber verstorben',
  MS02: 'Widerspruch durch den Zahlungspflichtigen',
  MS03: 'Keine Angabe von Gründen',
  RC01: 'BIC fehlerhaft',
  RR01: 'Angaben zum Zahlungspflichtigen fehlen',
  RR02: 'Name oder Anschrift des Zahlungspflichtigen fehlen',
  RR03: 'Name oder Anschrift des Zahlungsempfängers fehlen',
  RR04: 'Regulatorische Gründe',
  SL01: 'Besondere Leistung der Bank des Zahlungspflichtigen',
};

export function returnReasonText(code: string | null | undefined): string {
  if (!code) return 'Rücklastschrift ohne Angabe eines Grundes';
  const text = RETURN_REASON_TEXTS[code];
  if (text) return text;
  const known = (Object.values(ReturnReason) as string[]).includes(code);
  return known ? `Rücklastschrift (ISO-Grund ${code})` : `Rücklastschrift (Grund ${code})`;
}

export interface ReturnOptions {
  today: string;
  config: PaymentsConfig;
}

export async function processReturn(db: Database, entryId: string, opts: ReturnOptions): Promise<ReturnResult> {
  const { today, config } = opts;
  return db.transaction(async (trx) => {
    const entry = (await trx('bank_entries').where({ id: entryId }).forUpdate().first()) as EntryRow | undefined;
    if (!entry) throw new PaymentsError('not_found', `bank entry ${entryId} not found`);
    if (!entry.is_return) throw new PaymentsError('invalid_state', `bank entry ${entryId} is not a return debit`);
    const order = entry.end_to_end_id
      ? ((await trx('payment_orders').where({ kind: 'debit', end_to_end_id: entry.end_to_end_id }).first()) as
          { id: string; line_id: string; contract_account_id: string; amount_cents: string } | undefined)
      : undefined;
    if (!order)
      throw new PaymentsError('unknown_return', `no direct debit of ours has the end-to-end id ${entry.end_to_end_id ?? '(none)'}`);
    const account = (await trx('contract_accounts').where({ id: order.contract_account_id }).first()) as {
      id: string;
      account_number: string;
    };
    const date = entry.booking_date ? isoDate(entry.booking_date) : today;
    const amountCents = toCents(entry.amount_cents);
    const reason = entry.return_reason ?? 'NARR';

    const returnDoc = await postDocument(trx, {
      businessKey: `return:${entryId}`,
      kind: 'return',
      contractAccountId: account.id,
      postingDate: date,
      reference: entry.end_to_end_id!,
      text: `Rücklastschrift ${reason}: ${returnReasonText(entry.return_reason)}`,
      lines: [
        { glAccount: 'receivable', itemType: 'return', amountCents, dueDate: date, text: `Rücklastschrift ${reason}` },
        { glAccount: 'bank', amountCents: -amountCents, text: 'Rücklastschrift' },
      ],
    });
    if (returnDoc.created) {
      // The collection's payment: the bank entry that credited this end-to-end id.
      const paymentLine = await collectionPaymentLine(trx, entry.end_to_end_id!);
      if (!paymentLine)
        throw new PaymentsError('not_settled', `the collection ${entry.end_to_end_id} was never booked; match its statement first`);
      const clearings = await clearingsOf(trx, order.line_id);
      const settling = await clearingWithLine(trx, clearings, paymentLine);
      if (settling) await resetClearing(trx, settling, `return:${entryId}:reset`, date, `Rücklastschrift ${reason}`);
      const open = (await trx('open_items').where({ line_id: paymentLine }).first()) as { open_cents: string };
      const take = Math.min(amountCents, -toCents(open.open_cents));
      const returnLine = returnDoc.lines.find((l) => l.glAccount === 'receivable')!;
      if (take > 0)
        await clear(trx, {
          businessKey: `return:${entryId}:clearing`,
          contractAccountId: account.id,
          clearingDate: date,
          reason: `Rücklastschrift ${reason}`,
          allocations: [
            { lineId: returnLine.id, amountCents: take },
            { lineId: paymentLine, amountCents: -take },
          ],
        });
    }

    // The bank deducted its fee with the return; the customer pays it (up to the configured limit).
    const chargesCents = toCents(entry.charges_cents);
    const feeCents = config.returnFeeMaxCents === undefined ? chargesCents : Math.min(chargesCents, config.returnFeeMaxCents);
    if (chargesCents > 0)
      await postDocument(trx, {
        businessKey: `fee:${entryId}`,
        kind: 'fee',
        contractAccountId: account.id,
        postingDate: date,
        reference: entry.end_to_end_id!,
        text: `Bankgebühr Rücklastschrift ${reason}`,
        lines: [
          ...(feeCents > 0
            ? [
                {
                  glAccount: 'receivable' as const,
                  itemType: 'fee' as const,
                  amountCents: feeCents,
                  dueDate: date,
                  text: 'Gebühr Rücklastschrift',
                },
              ]
            : []),
          ...(chargesCents > feeCents
            ? [{ glAccount: 'bank_charges' as const, amountCents: chargesCents - feeCents, text: 'Bankgebühr' }]
            : []),
          { glAccount: 'bank', amountCents: -chargesCents, text: 'Bankgebühr Rücklastschrift' },
        ],
      });

    await trx('payment_orders').where({ id: order.id }).update({ status: 'returned' });
    await trx('bank_entries')
      .where({ id: entryId })
      .update({ status: 'returned', contract_account_id: account.id, match_method: 'end_to_end', match_score: 100 });
    const countRow = (await trx('payment_orders')
      .where({ kind: 'debit', contract_account_id: account.id, status: 'returned' })
      .count({ n: '*' })
      .first()) as { n: string | number };
    const returnCount = Number(countRow.n);
    return {
      contractAccountId: account.id,
      accountNumber: account.account_number,
      reason,
      reasonText: returnReasonText(entry.return_reason),
      amountCents,
      feeCents,
      returnCount,
      switchToTransfer: returnCount >= config.returnsBeforeTransfer || config.immediateTransferReasons.includes(reason),
    };
  });
}

/** The receivable line of the payment booked for the collection credited with this end-to-end id. */
async function collectionPaymentLine(db: Database, endToEndId: string): Promise<string | null> {
  const result = (await db.raw(
    `SELECT l.id FROM bank_entries e
       JOIN ledger_documents d ON d.business_key = 'bank-entry:' || e.id::text
       JOIN ledger_lines l ON l.document_id = d.id AND l.gl_account = 'receivable'
      WHERE e.end_to_end_id = ? AND e.credit_debit = 'CRDT' AND NOT e.is_return
      ORDER BY d.posting_date DESC, d.document_number DESC LIMIT 1`,
    [endToEndId],
  )) as { rows: Array<{ id: string }> };
  return result.rows[0]?.id ?? null;
}

/** Of the clearings of the original item, the one that also allocated the payment line. */
async function clearingWithLine(db: Database, clearingIds: string[], lineId: string): Promise<string | null> {
  if (clearingIds.length === 0) return null;
  const row = (await db('clearing_allocations')
    .whereIn('clearing_id', clearingIds)
    .where({ line_id: lineId })
    .select('clearing_id')
    .first()) as { clearing_id: string } | undefined;
  return row?.clearing_id ?? null;
}

/** Ends direct debit for the account (its mandate is revoked); true when it changed. */
export async function switchAccountToTransfer(db: Database, contractAccountId: string): Promise<boolean> {
  return switchToBankTransfer(db, contractAccountId);
}

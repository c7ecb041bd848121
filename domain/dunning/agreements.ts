/**
 * Installment agreements (Ratenzahlungsvereinbarungen): the customer's open, undisputed items are
 * replaced by rates. One 'agreement' document credits the old items (and is cleared against them)
 * and debits the rates with their due dates, so the ledger shows both and stays balanced. While
 * the agreement is active the dunning waits; the daily run watches the rates (`watchAgreements`):
 * all paid → kept, a rate overdue → broken, and the dunning revives on the rates still open.
 */
import type { Database } from '../../db';
import { clear, postDocument } from '../ledger';
import type { Cents } from '../money';
import { addDays, addMonths, isValidIsoDate, isoDate } from '../shared/dates';
import { toCents } from '../shared/db';
import { blockedItemSql } from './blocks';
import { DunningError } from './errors';

export type AgreementOrigin = 'payment_page' | 'caseworker' | 'supply_avoidance';

export interface AgreementInput {
  contractAccountId: string;
  rateCount: number;
  firstDueDate: string;
  origin: AgreementOrigin;
  today: string;
}

export interface Agreement {
  agreementId: string;
  totalCents: Cents;
  rates: Array<{ dueDate: string; amountCents: Cents }>;
}

/** The most rates any agreement may have; the DMN of the payment page sets tighter limits. */
export const MAX_RATES = 36;

/** Splits a total into `n` rates of whole cents, the remainder on the first rate. */
export function splitRates(totalCents: Cents, n: number, firstDueDate: string): Array<{ dueDate: string; amountCents: Cents }> {
  const base = Math.floor(totalCents / n);
  return Array.from({ length: n }, (_, i) => ({
    dueDate: addMonths(firstDueDate, i),
    amountCents: base + (i === 0 ? totalCents - base * n : 0),
  }));
}

export async function createInstallmentAgreement(db: Database, input: AgreementInput): Promise<Agreement> {
  if (!Number.isInteger(input.rateCount) || input.rateCount < 2 || input.rateCount > MAX_RATES)
    throw new DunningError('invalid', `rateCount must be a whole number from 2 to ${MAX_RATES}`, 'rateCount');
  if (!isValidIsoDate(input.firstDueDate)) throw new DunningError('invalid', 'firstDueDate must be a date (YYYY-MM-DD)', 'firstDueDate');
  if (input.firstDueDate < input.today || input.firstDueDate > addDays(input.today, 62))
    throw new DunningError('invalid', 'the first rate must be due within the next two months', 'firstDueDate');
  const businessKey = `agreement:${input.contractAccountId}:${input.today}`;
  return db.transaction(async (trx) => {
    const existing = (await trx('installment_agreements').where({ business_key: businessKey }).first()) as
      { id: string; document_id: string } | undefined;
    if (existing) return loadAgreement(trx, existing.id);
    const active = await trx('installment_agreements')
      .where({ contract_account_id: input.contractAccountId, status: 'active' })
      .first('id');
    if (active) throw new DunningError('conflict', 'this account already has an active installment agreement');
    const items = (await trx('open_items as o')
      .where('o.contract_account_id', input.contractAccountId)
      .where('o.open_cents', '>', 0)
      .whereRaw(`NOT ${blockedItemSql('o')}`)
      .whereNotExists(trx('payment_orders as po').whereRaw('po.line_id = o.line_id').whereIn('po.status', ['pending', 'in_file']))
      .orderByRaw('o.due_date NULLS FIRST, o.line_id')
      .forUpdate()
      .select('o.line_id', 'o.open_cents')) as Array<{ line_id: string; open_cents: string }>;
    const total = items.reduce((s, i) => s + toCents(i.open_cents), 0);
    if (total < input.rateCount * 100)
      throw new DunningError('invalid', 'the open amount is too small for an installment agreement', 'rateCount');
    const rates = splitRates(total, input.rateCount, input.firstDueDate);
    const doc = await postDocument(trx, {
      businessKey,
      kind: 'agreement',
      contractAccountId: input.contractAccountId,
      postingDate: input.today,
      text: `Ratenvereinbarung über ${input.rateCount} Raten`,
      lines: [
        { glAccount: 'receivable', itemType: 'agreement', amountCents: -total, dueDate: input.today, text: 'In Raten umgewandelt' },
        ...rates.map((r, i) => ({
          glAccount: 'receivable' as const,
          itemType: 'agreement_rate' as const,
          amountCents: r.amountCents,
          dueDate: r.dueDate,
          text: `Rate ${i + 1} von ${input.rateCount}`,
        })),
      ],
    });
    const credit = doc.lines.find((l) => l.itemType === 'agreement')!;
    await clear(trx, {
      businessKey: `${businessKey}:replace`,
      contractAccountId: input.contractAccountId,
      clearingDate: input.today,
      reason: 'Ratenvereinbarung',
      allocations: [
        { lineId: credit.id, amountCents: -total },
        ...items.map((i) => ({ lineId: i.line_id, amountCents: toCents(i.open_cents) })),
      ],
    });
    const openCase = (await trx('dunning_cases')
      .where({ contract_account_id: input.contractAccountId })
      .whereNot('status', 'closed')
      .first('id')) as { id: string } | undefined;
    const [row] = (await trx('installment_agreements')
      .insert({
        business_key: businessKey,
        contract_account_id: input.contractAccountId,
        case_id: openCase?.id ?? null,
        total_cents: total,
        rate_count: input.rateCount,
        first_due_date: input.firstDueDate,
        document_id: doc.id,
        origin: input.origin,
        created_on: input.today,
      })
      .returning('id')) as Array<{ id: string }>;
    return { agreementId: row.id, totalCents: total, rates };
  });
}

export async function loadAgreement(db: Database, id: string): Promise<Agreement> {
  const row = (await db('installment_agreements').where({ id }).first()) as
    { id: string; total_cents: string; document_id: string } | undefined;
  if (!row) throw new DunningError('not_found', `installment agreement ${id} not found`);
  const lines = (await db('ledger_lines')
    .where({ document_id: row.document_id, item_type: 'agreement_rate' })
    .orderBy('line_no')
    .select('due_date', 'amount_cents')) as Array<{ due_date: Date | string; amount_cents: string }>;
  return {
    agreementId: row.id,
    totalCents: toCents(row.total_cents),
    rates: lines.map((l) => ({ dueDate: isoDate(l.due_date), amountCents: toCents(l.amount_cents) })),
  };
}

export interface AgreementOutcome {
  agreementId: string;
  contractAccountId: string;
  accountNumber: string;
  status: 'kept' | 'broken';
}

/**
 * The daily watch, set-based: an agreement whose rates are all paid is kept; one with a rate open
 * more than `graceDays` after its due date is broken. Returns the agreements that changed, so the
 * caller tells their dunning processes.
 */
export async function watchAgreements(db: Database, today: string, graceDays: number): Promise<AgreementOutcome[]> {
  const cutoff = addDays(today, -graceDays);
  const result = (await db.raw(
    `WITH state AS (
       SELECT a.id,
              coalesce(sum(o.open_cents), 0) AS open_cents,
              coalesce(sum(o.open_cents) FILTER (WHERE o.due_date <= ?), 0) AS overdue_cents
         FROM installment_agreements a
         JOIN ledger_lines l ON l.document_id = a.document_id AND l.item_type = 'agreement_rate'
         JOIN open_items o ON o.line_id = l.id
        WHERE a.status = 'active'
        GROUP BY a.id)
     UPDATE installment_agreements a
        SET status = CASE WHEN s.open_cents <= 0 THEN 'kept' ELSE 'broken' END, ended_on = ?
       FROM state s, contract_accounts ca
      WHERE s.id = a.id AND ca.id = a.contract_account_id AND (s.open_cents <= 0 OR s.overdue_cents > 0)
      RETURNING a.id, a.contract_account_id, ca.account_number, a.status`,
    [cutoff, today],
  )) as { rows: Array<{ id: string; contract_account_id: string; account_number: string; status: 'kept' | 'broken' }> };
  return result.rows.map((r) => ({
    agreementId: r.id,
    contractAccountId: r.contract_account_id,
    accountNumber: r.account_number,
    status: r.status,
  }));
}

export interface AgreementSummary {
  id: string;
  status: 'active' | 'kept' | 'broken';
  totalCents: number;
  rateCount: number;
  firstDueDate: string;
  origin: string;
  createdOn: string;
  endedOn: string | null;
}

/** An account's installment agreements, newest first. */
export async function agreementsOfAccount(db: Database, contractAccountId: string): Promise<AgreementSummary[]> {
  const rows = (await db('installment_agreements')
    .where({ contract_account_id: contractAccountId })
    .orderBy('created_at', 'desc')) as Array<Record<string, any>>;
  return rows.map((a) => ({
    id: a.id,
    status: a.status,
    totalCents: toCents(a.total_cents),
    rateCount: Number(a.rate_count),
    firstDueDate: isoDate(a.first_due_date),
    origin: a.origin,
    createdOn: isoDate(a.created_on),
    endedOn: a.ended_on ? isoDate(a.ended_on) : null,
  }));
}

/**
 * Clearing links items that settle each other: a payment and the installments it pays, a credit
 * and the bill it offsets. Allocations carry the sign of their line and sum to zero per clearing.
 * Lines are locked FOR UPDATE so two clearings of one item cannot both take its open amount; the
 * database checks the limits again (trigger on clearing_allocations).
 */
import type { Database } from '../../db';
import type { Cents } from '../money';
import { toCents } from '../shared/db';
import { LedgerError, type Allocation } from './types';

export interface ClearingInput {
  businessKey: string;
  contractAccountId: string;
  clearingDate: string;
  reason: string;
  allocations: Allocation[];
}

export interface Clearing {
  id: string;
  businessKey: string;
  created: boolean;
}

export async function clear(db: Database, input: ClearingInput): Promise<Clearing> {
  const allocations = input.allocations.filter((a) => a.amountCents !== 0);
  if (allocations.reduce((s, a) => s + a.amountCents, 0) !== 0)
    throw new LedgerError('unbalanced', `clearing ${input.businessKey}: allocations must sum to zero`);
  return db.transaction(async (trx) => {
    const existing = (await trx('clearings').where({ business_key: input.businessKey }).first()) as { id: string } | undefined;
    if (existing) return { id: existing.id, businessKey: input.businessKey, created: false };
    const open = await lockOpen(
      trx,
      allocations.map((a) => a.lineId),
    );
    for (const a of allocations) {
      const o = open.get(a.lineId);
      if (o === undefined) throw new LedgerError('not_found', `item ${a.lineId} is not a customer item`);
      const fits = o >= 0 ? a.amountCents > 0 && a.amountCents <= o : a.amountCents < 0 && a.amountCents >= o;
      if (!fits) throw new LedgerError('over_cleared', `item ${a.lineId}: ${a.amountCents} cents do not fit its open ${o} cents`);
    }
    const [row] = (await trx('clearings')
      .insert({
        business_key: input.businessKey,
        contract_account_id: input.contractAccountId,
        clearing_date: input.clearingDate,
        reason: input.reason,
      })
      .returning('id')) as Array<{ id: string }>;
    if (allocations.length)
      await trx('clearing_allocations').insert(
        allocations.map((a) => ({ clearing_id: row.id, line_id: a.lineId, amount_cents: a.amountCents })),
      );
    return { id: row.id, businessKey: input.businessKey, created: true };
  });
}

/** Reopens what a clearing settled (a return debit, a cancelled bill): a new clearing with negated allocations. */
export async function resetClearing(
  db: Database,
  clearingId: string,
  businessKey: string,
  clearingDate: string,
  reason: string,
): Promise<Clearing> {
  return db.transaction(async (trx) => {
    const existing = (await trx('clearings').where({ business_key: businessKey }).first()) as { id: string } | undefined;
    if (existing) return { id: existing.id, businessKey, created: false };
    const original = (await trx('clearings').where({ id: clearingId }).first()) as { contract_account_id: string } | undefined;
    if (!original) throw new LedgerError('not_found', `clearing ${clearingId} not found`);
    const allocations = (await trx('clearing_allocations').where({ clearing_id: clearingId })) as Array<{
      line_id: string;
      amount_cents: string;
    }>;
    await lockOpen(
      trx,
      allocations.map((a) => a.line_id),
    );
    const [row] = (await trx('clearings')
      .insert({
        business_key: businessKey,
        contract_account_id: original.contract_account_id,
        clearing_date: clearingDate,
        resets_clearing_id: clearingId,
        reason,
      })
      .returning('id')) as Array<{ id: string }>;
    await trx('clearing_allocations').insert(
      allocations.map((a) => ({ clearing_id: row.id, line_id: a.line_id, amount_cents: -toCents(a.amount_cents) })),
    );
    return { id: row.id, businessKey, created: true };
  });
}

/** The clearings that settled a line and have not been reset. */
export async function clearingsOf(db: Database, lineId: string): Promise<string[]> {
  const rows = (await db('clearing_allocations as a')
    .join('clearings as c', 'c.id', 'a.clearing_id')
    .where('a.line_id', lineId)
    .whereNull('c.resets_clearing_id')
    .whereNotExists(db('clearings as r').whereRaw('r.resets_clearing_id = c.id'))
    .select('c.id')) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

/**
 * Settles the account's open debits with its open credits, oldest due first (a payment that came
 * before the bill, a credit from an annual bill against the next installments). Items in a payment
 * order under way are left to it.
 */
export async function clearAccount(
  db: Database,
  contractAccountId: string,
  businessKey: string,
  clearingDate: string,
): Promise<Clearing | null> {
  return db.transaction(async (trx) => {
    const rows = (await trx('open_items')
      .where({ contract_account_id: contractAccountId })
      .whereNot('open_cents', 0)
      // An item the bank is collecting (in a debit file) or paying out is settled by that payment, not offset here.
      .whereNotExists(trx('payment_orders as po').whereRaw('po.line_id = open_items.line_id').whereIn('po.status', ['pending', 'in_file']))
      .orderByRaw('due_date NULLS FIRST, line_id')
      .forUpdate()
      .select('line_id', 'open_cents')) as Array<{ line_id: string; open_cents: string }>;
    const debits = rows.filter((r) => toCents(r.open_cents) > 0).map((r) => ({ lineId: r.line_id, open: toCents(r.open_cents) }));
    const credits = rows.filter((r) => toCents(r.open_cents) < 0).map((r) => ({ lineId: r.line_id, open: -toCents(r.open_cents) }));
    const allocations = settle(debits, credits);
    if (allocations.length === 0) return null;
    return clear(trx, { businessKey, contractAccountId, clearingDate, reason: 'Ausgleich offener Posten', allocations });
  });
}

/** Pairs debits and credits (both as positive open amounts) in order; returns signed allocations. */
export function settle(debits: Array<{ lineId: string; open: Cents }>, credits: Array<{ lineId: string; open: Cents }>): Allocation[] {
  const out = new Map<string, Cents>();
  let c = 0;
  const credit = credits.map((x) => ({ ...x }));
  for (const d of debits) {
    let need = d.open;
    while (need > 0 && c < credit.length) {
      const take = Math.min(need, credit[c].open);
      out.set(d.lineId, (out.get(d.lineId) ?? 0) + take);
      out.set(credit[c].lineId, (out.get(credit[c].lineId) ?? 0) - take);
      need -= take;
      credit[c].open -= take;
      if (credit[c].open === 0) c++;
    }
  }
  return [...out.entries()].map(([lineId, amountCents]) => ({ lineId, amountCents }));
}

async function lockOpen(db: Database, lineIds: string[]): Promise<Map<string, Cents>> {
  const rows = (await db('open_items').whereIn('line_id', lineIds).forUpdate().select('line_id', 'open_cents')) as Array<{
    line_id: string;
    open_cents: string;
  }>;
  return new Map(rows.map((r) => [r.line_id, toCents(r.open_cents)]));
}

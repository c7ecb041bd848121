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

/**
 * Many clearings in a few statements, for runs that settle thousands of items (statement matching):
 * every involved item is locked in one `SELECT … FOR UPDATE` (ordered by line id, so two runs lock
 * in the same order), every allocation checked in memory in input order (two clearings of one item
 * in the batch see each other), then one INSERT of the clearings and one of their allocations — the
 * trigger checks balance and limits once for the batch. All or nothing: one clearing that does not
 * fit refuses the whole batch. Clearings whose business key exists (a retry) are returned with
 * `created: false` and not checked again; a key given twice in one batch counts once (the first).
 */
export async function clearMany(db: Database, inputs: ClearingInput[]): Promise<Clearing[]> {
  if (inputs.length === 0) return [];
  const clearings = inputs.map((input) => {
    const allocations = input.allocations.filter((a) => a.amountCents !== 0);
    if (allocations.reduce((s, a) => s + a.amountCents, 0) !== 0)
      throw new LedgerError('unbalanced', `clearing ${input.businessKey}: allocations must sum to zero`);
    return { ...input, allocations };
  });
  return db.transaction(async (trx) => {
    const keys = [...new Set(clearings.map((c) => c.businessKey))];
    const existing = new Map(
      (
        (await trx.raw(`SELECT business_key, id FROM clearings WHERE business_key = ANY(?::text[])`, [keys])) as {
          rows: Array<{ business_key: string; id: string }>;
        }
      ).rows.map((r) => [r.business_key, r.id]),
    );
    const fresh: typeof clearings = [];
    const taken = new Set<string>();
    for (const c of clearings) {
      if (existing.has(c.businessKey) || taken.has(c.businessKey)) continue;
      taken.add(c.businessKey);
      fresh.push(c);
    }

    if (fresh.length) {
      const lineIds = [...new Set(fresh.flatMap((c) => c.allocations.map((a) => a.lineId)))];
      const open = lineIds.length
        ? new Map(
            (
              (await trx.raw(`SELECT line_id, open_cents FROM open_items WHERE line_id = ANY(?::uuid[]) ORDER BY line_id FOR UPDATE`, [
                lineIds,
              ])) as { rows: Array<{ line_id: string; open_cents: string | number }> }
            ).rows.map((r) => [r.line_id, toCents(r.open_cents)]),
          )
        : new Map<string, Cents>();
      for (const c of fresh)
        for (const a of c.allocations) {
          const o = open.get(a.lineId);
          if (o === undefined) throw new LedgerError('not_found', `clearing ${c.businessKey}: item ${a.lineId} is not a customer item`);
          const fits = o >= 0 ? a.amountCents > 0 && a.amountCents <= o : a.amountCents < 0 && a.amountCents >= o;
          if (!fits)
            throw new LedgerError(
              'over_cleared',
              `clearing ${c.businessKey}: item ${a.lineId}: ${a.amountCents} cents do not fit its open ${o} cents`,
            );
          open.set(a.lineId, o - a.amountCents);
        }

      // Arrays as parameters: three or four bind values whatever the batch size (no 65,535 limit).
      const inserted = (await trx.raw(
        `INSERT INTO clearings (business_key, contract_account_id, clearing_date, reason)
         SELECT * FROM unnest(?::text[], ?::uuid[], ?::date[], ?::text[])
         ON CONFLICT (business_key) DO NOTHING
         RETURNING business_key, id`,
        [
          fresh.map((c) => c.businessKey),
          fresh.map((c) => c.contractAccountId),
          fresh.map((c) => c.clearingDate),
          fresh.map((c) => c.reason),
        ],
      )) as { rows: Array<{ business_key: string; id: string }> };
      const created = new Map(inserted.rows.map((r) => [r.business_key, r.id]));
      const clearingIds: string[] = [];
      const allocLines: string[] = [];
      const allocCents: Cents[] = [];
      for (const c of fresh) {
        const id = created.get(c.businessKey);
        if (!id) continue;
        for (const a of c.allocations) {
          clearingIds.push(id);
          allocLines.push(a.lineId);
          allocCents.push(a.amountCents);
        }
      }
      if (clearingIds.length)
        await trx.raw(
          `INSERT INTO clearing_allocations (clearing_id, line_id, amount_cents) SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::bigint[])`,
          [clearingIds, allocLines, allocCents],
        );
      // A concurrent run stored a key between our look-up and our insert: it is that run's clearing.
      const lost = fresh.filter((c) => !created.has(c.businessKey)).map((c) => c.businessKey);
      if (lost.length) {
        const rows = (await trx.raw(`SELECT business_key, id FROM clearings WHERE business_key = ANY(?::text[])`, [lost])) as {
          rows: Array<{ business_key: string; id: string }>;
        };
        for (const r of rows.rows) existing.set(r.business_key, r.id);
      }
      const seen = new Set<string>();
      return clearings.map((c) => {
        const id = created.get(c.businessKey);
        if (id && !seen.has(c.businessKey)) {
          seen.add(c.businessKey);
          return { id, businessKey: c.businessKey, created: true };
        }
        return { id: id ?? existing.get(c.businessKey)!, businessKey: c.businessKey, created: false };
      });
    }
    return clearings.map((c) => ({ id: existing.get(c.businessKey)!, businessKey: c.businessKey, created: false }));
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

/**
 * Storing a page of calculated bills: numbers, ledger documents, bills rows and the next billing
 * periods in a few statements, then the accounts whose open debits and credits now meet are settled.
 */
import type { Database } from '../../db';
import { postDocuments, settle, type DocumentInput, type PostingLine } from '../ledger';
import { addDays } from '../shared/dates';
import { toCents } from '../shared/db';
import type { BillPageOptions, BillRequest, BillRunOutcome } from './bill-run';
import { existingBills, withValues } from './bill-run-queries';
import type { Calculated } from './bill-run-types';
import { BillingError } from './calculate';
import type { BillCalculation, BillKind } from './types';

const kindText: Record<BillKind, string> = { annual: 'Jahresabrechnung', final: 'Schlussrechnung', interim: 'Zwischenabrechnung' };

export async function store(trx: Database, bills: Calculated[], opts: BillPageOptions): Promise<Map<BillRequest, BillRunOutcome>> {
  const dueDate = addDays(opts.billDate, opts.paymentTermDays ?? 14);
  const numbers = (await trx.raw(`SELECT nextval('bill_number_seq') AS n FROM generate_series(1, ?)`, [bills.length])) as {
    rows: Array<{ n: string | number }>;
  };
  const billNumbers = bills.map((_, i) => `R${opts.billDate.slice(0, 4)}${String(numbers.rows[i].n).padStart(8, '0')}`);
  const docs: DocumentInput[] = bills.map((b, i) => ({
    businessKey: b.businessKey,
    kind: 'bill',
    contractAccountId: b.contract.contractAccountId,
    postingDate: opts.billDate,
    reference: billNumbers[i],
    text: `${kindText[opts.kind]} ${billNumbers[i]}`,
    lines: billLines(b.contract.id, b.calculation, billNumbers[i], dueDate),
  }));
  const posted = await postDocuments(trx, docs);

  const outcomes = new Map<BillRequest, BillRunOutcome>();
  // A document that was there already belongs to a bill a concurrent run has just issued.
  const raced = bills.filter((_, i) => !posted[i].created);
  const fresh = bills.map((b, i) => ({ b, number: billNumbers[i], doc: posted[i] })).filter((x) => x.doc.created);
  if (raced.length) {
    const found = await existingBills(
      trx,
      raced.map((b) => b.businessKey),
    );
    for (const b of raced) {
      const bill = found.get(b.businessKey);
      if (!bill) throw new BillingError('businessKey', `Beleg ${b.businessKey} ist gebucht, die Rechnung dazu fehlt`);
      outcomes.set(b.request, { contractId: b.contract.id, status: 'existing', ...bill });
    }
  }
  if (fresh.length === 0) return outcomes;

  const ids: Array<{ id: string; business_key: string }> = [];
  for (let i = 0; i < fresh.length; i += 1000) {
    const rows = fresh.slice(i, i + 1000).map(({ b, number, doc }) => ({
      bill_number: number,
      business_key: b.businessKey,
      contract_id: b.contract.id,
      contract_account_id: b.contract.contractAccountId,
      kind: opts.kind,
      period_start: b.calculation.periodStart,
      period_end: b.calculation.periodEnd,
      bill_date: opts.billDate,
      net_cents: b.calculation.netCents,
      vat_cents: b.calculation.vatCents,
      gross_cents: b.calculation.grossCents,
      installments_cents: b.calculation.installmentsCents,
      amount_due_cents: b.calculation.amountDueCents,
      due_date: dueDate,
      ledger_document_id: doc.id,
      corrects_bill_id: b.request.correctsBillId ?? null,
      calculation: JSON.stringify(b.calculation),
    }));
    ids.push(...((await trx('bills').insert(rows).returning(['id', 'business_key'])) as Array<{ id: string; business_key: string }>));
  }
  const idByKey = new Map(ids.map((r) => [r.business_key, r.id]));
  for (const { b, number } of fresh)
    outcomes.set(b.request, {
      contractId: b.contract.id,
      status: 'issued',
      billId: idByKey.get(b.businessKey)!,
      billNumber: number,
      amountDueCents: b.calculation.amountDueCents,
    });

  // The next period starts the day after; a final bill ends the contract's billing.
  await withValues(
    fresh.map(({ b }) => [b.contract.id, addDays(b.calculation.periodEnd, 1)]),
    ['uuid', 'date'],
    (values, bindings) =>
      trx.raw(`UPDATE contracts c SET billing_period_start = v.d FROM (VALUES ${values}) AS v(id, d) WHERE c.id = v.id`, bindings),
  );
  await settleAccounts(
    trx,
    fresh.map(({ b }) => ({ contractAccountId: b.contract.contractAccountId, businessKey: `${b.businessKey}:settle` })),
    opts.billDate,
  );
  return outcomes;
}

export function billLines(contractId: string, calc: BillCalculation, billNumber: string, dueDate: string): PostingLine[] {
  const lines: PostingLine[] = [];
  if (calc.amountDueCents !== 0)
    lines.push({
      glAccount: 'receivable',
      itemType: calc.amountDueCents > 0 ? 'bill' : 'credit',
      amountCents: calc.amountDueCents,
      contractId,
      dueDate,
      text: calc.amountDueCents > 0 ? `Rechnung ${billNumber}` : `Guthaben aus Rechnung ${billNumber}`,
    });
  for (const g of calc.vat) {
    lines.push({
      glAccount: 'revenue',
      amountCents: -g.netCents,
      contractId,
      vatRatePercent: g.ratePercent,
      text: `Erlös ${g.ratePercent} %`,
    });
    lines.push({
      glAccount: 'vat',
      amountCents: -g.vatCents,
      contractId,
      vatRatePercent: g.ratePercent,
      text: `Umsatzsteuer ${g.ratePercent} %`,
    });
  }
  if (calc.installmentsCents !== 0)
    lines.push({ glAccount: 'down_payments', amountCents: calc.installmentsCents, contractId, text: 'Verrechnung Abschläge' });
  return lines;
}

/**
 * Settles each account's open debits with its open credits, oldest due first, as clearAccount
 * does for one account (items in a payment order under way are left to it). One query finds the
 * accounts that have both and locks their items; only those get a clearing.
 */
export async function settleAccounts(
  trx: Database,
  accounts: Array<{ contractAccountId: string; businessKey: string }>,
  clearingDate: string,
): Promise<void> {
  const keyOf = new Map<string, string>();
  for (const a of accounts) if (!keyOf.has(a.contractAccountId)) keyOf.set(a.contractAccountId, a.businessKey);
  const ids = [...keyOf.keys()];
  const notInPayment = `NOT EXISTS (SELECT 1 FROM payment_orders po WHERE po.line_id = o.line_id AND po.status IN ('pending', 'in_file'))`;
  const rows = (
    (await trx.raw(
      `SELECT o.line_id, o.contract_account_id, o.open_cents FROM open_items o
       WHERE o.open_cents <> 0 AND ${notInPayment}
         AND o.contract_account_id IN (
           SELECT o.contract_account_id FROM open_items o
           WHERE o.contract_account_id IN (${ids.map(() => '?').join(', ')}) AND o.open_cents <> 0 AND ${notInPayment}
           GROUP BY o.contract_account_id HAVING bool_or(o.open_cents > 0) AND bool_or(o.open_cents < 0))
       ORDER BY o.contract_account_id, o.due_date NULLS FIRST, o.line_id
       FOR UPDATE OF o`,
      ids,
    )) as { rows: Array<{ line_id: string; contract_account_id: string; open_cents: string | number }> }
  ).rows;
  if (rows.length === 0) return;
  const byAccount = new Map<string, typeof rows>();
  for (const r of rows) {
    const list = byAccount.get(r.contract_account_id) ?? [];
    list.push(r);
    byAccount.set(r.contract_account_id, list);
  }
  const clearings: Array<{ accountId: string; allocations: ReturnType<typeof settle> }> = [];
  for (const [accountId, items] of byAccount) {
    const open = items.map((r) => ({ lineId: r.line_id, open: toCents(r.open_cents) }));
    const allocations = settle(
      open.filter((o) => o.open > 0),
      open.filter((o) => o.open < 0).map((o) => ({ lineId: o.lineId, open: -o.open })),
    ).filter((a) => a.amountCents !== 0);
    if (allocations.length) clearings.push({ accountId, allocations });
  }
  if (clearings.length === 0) return;
  const inserted = (await trx('clearings')
    .insert(
      clearings.map((c) => ({
        business_key: keyOf.get(c.accountId)!,
        contract_account_id: c.accountId,
        clearing_date: clearingDate,
        reason: 'Ausgleich offener Posten',
      })),
    )
    .onConflict('business_key')
    .ignore()
    .returning(['id', 'contract_account_id'])) as Array<{ id: string; contract_account_id: string }>;
  const clearingOf = new Map(inserted.map((r) => [r.contract_account_id, r.id]));
  const allocations = clearings.flatMap((c) => {
    const clearingId = clearingOf.get(c.accountId);
    return clearingId ? c.allocations.map((a) => ({ clearing_id: clearingId, line_id: a.lineId, amount_cents: a.amountCents })) : [];
  });
  for (let i = 0; i < allocations.length; i += 5000) await trx('clearing_allocations').insert(allocations.slice(i, i + 5000));
}

// ---- Reading what the page needs, set-based -------------------------------------------------

/** Runs `run` over chunks of rows as a VALUES list with typed placeholders. */

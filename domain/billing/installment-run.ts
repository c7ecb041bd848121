/**
 * The installment run (Abschlagslauf): posts every installment that has fallen due as an open
 * item. Set-based: plans are read in pages, each page's documents go in a few statements, and the
 * page's plans remember up to which day they are posted, all in one transaction, so a run that
 * dies halfway leaves whole pages and the next run goes on where it stopped. The direct-debit
 * items among them are what the payment run collects next.
 */
import type { Database } from '../../db';
import { postDocuments, type DocumentInput } from '../ledger';
import { addDays, isoDate, minDate } from '../shared/dates';
import { toCents } from '../shared/db';
import { installmentDueDates, type Cadence } from './installments';

interface PlanRow {
  id: string;
  contract_id: string;
  contract_account_id: string;
  contract_number: string;
  valid_from: Date | string;
  cadence: Cadence;
  amount_cents: string | number;
  posted_through: Date | string | null;
  start_date: Date | string;
  end_date: Date | string | null;
}

export interface InstallmentRunResult {
  plans: number;
  posted: number;
}

export async function postDueInstallments(db: Database, opts: { today: string; pageSize?: number }): Promise<InstallmentRunResult> {
  const pageSize = opts.pageSize ?? 1000;
  let after = '00000000-0000-0000-0000-000000000000';
  const result: InstallmentRunResult = { plans: 0, posted: 0 };
  for (;;) {
    const page = await db.transaction(async (trx) => {
      const rows = (await trx('installment_plans as p')
        .join('contracts as c', 'c.id', 'p.contract_id')
        .where('p.status', 'active')
        .whereIn('c.status', ['active', 'terminated'])
        .whereNotNull('c.start_date')
        .where('p.valid_from', '<=', opts.today)
        .where((q) => q.whereNull('p.posted_through').orWhere('p.posted_through', '<', opts.today))
        .where('p.id', '>', after)
        .orderBy('p.id')
        .limit(pageSize)
        .forUpdate('p')
        .select(
          'p.id',
          'p.contract_id',
          'c.contract_account_id',
          'c.contract_number',
          'p.valid_from',
          'p.cadence',
          'p.amount_cents',
          'p.posted_through',
          'c.start_date',
          'c.end_date',
        )) as PlanRow[];
      if (rows.length === 0) return null;
      const docs = rows.flatMap((r) => documentsFor(r, opts.today));
      await postDocuments(trx, docs);
      await trx('installment_plans')
        .whereIn(
          'id',
          rows.map((r) => r.id),
        )
        .update({ posted_through: opts.today });
      return { rows, posted: docs.length };
    });
    if (!page) return result;
    result.plans += page.rows.length;
    result.posted += page.posted;
    after = page.rows[page.rows.length - 1].id;
  }
}

function documentsFor(r: PlanRow, today: string): DocumentInput[] {
  const amount = toCents(r.amount_cents);
  if (amount === 0) return [];
  const from = r.posted_through ? addDays(isoDate(r.posted_through), 1) : isoDate(r.valid_from);
  const to = r.end_date ? minDate(today, isoDate(r.end_date)) : today;
  return installmentDueDates({ validFrom: isoDate(r.valid_from), cadence: r.cadence }, from, to, isoDate(r.start_date)).map((due) => ({
    businessKey: `installment:${r.contract_id}:${due}`,
    kind: 'installment' as const,
    contractAccountId: r.contract_account_id,
    postingDate: today,
    reference: r.contract_number,
    text: `Abschlag ${due} Vertrag ${r.contract_number}`,
    lines: [
      {
        glAccount: 'receivable' as const,
        itemType: 'installment' as const,
        amountCents: amount,
        contractId: r.contract_id,
        dueDate: due,
        text: `Abschlag ${due}`,
      },
      { glAccount: 'down_payments' as const, amountCents: -amount, contractId: r.contract_id, dueDate: due, text: `Abschlag ${due}` },
    ],
  }));
}

/**
 * The next direct debits of an account, for the pre-notification of a new mandate: its open items
 * not yet in a debit file (collected on their due date, an overdue one with the next run), then
 * the next installment of each active contract's plan. The mandate route and the bank change both use it.
 */
import type { Database } from '../../db';
import { installmentDueDates } from '../billing/installments';
import { activePlan } from '../billing/installments-repository';
import { addDays, isoDate } from '../shared/dates';

export interface PlannedDebit {
  date: string;
  amountCents: number;
  what: string;
}

export async function nextDebits(db: Database, accountId: string, day: string): Promise<PlannedDebit[]> {
  const items = (await db('open_items as o')
    .join('ledger_lines as l', 'l.id', 'o.line_id')
    .where('o.contract_account_id', accountId)
    .where('o.open_cents', '>', 0)
    .whereNotExists(db('payment_orders as p').whereRaw('p.line_id = o.line_id').where('p.kind', 'debit'))
    .orderBy('o.due_date')
    .select('o.open_cents', 'o.due_date', 'l.text')) as Array<{
    open_cents: string | number;
    due_date: Date | string | null;
    text: string;
  }>;
  const debits = items.map((i) => {
    const due = i.due_date ? isoDate(i.due_date) : day;
    return { date: due < day ? day : due, amountCents: Number(i.open_cents), what: i.text };
  });
  const contracts = (await db('contracts')
    .where({ contract_account_id: accountId, status: 'active' })
    .select('id', 'start_date')) as Array<{
    id: string;
    start_date: Date | string | null;
  }>;
  for (const c of contracts) {
    const plan = await activePlan(db, c.id);
    if (!plan) continue;
    const row = (await db('installment_plans').where({ id: plan.id }).first('posted_through')) as { posted_through: Date | string | null };
    const after = row.posted_through && isoDate(row.posted_through) >= day ? addDays(isoDate(row.posted_through), 1) : day;
    const next = installmentDueDates(plan, after, addDays(after, 370), c.start_date ? isoDate(c.start_date) : plan.validFrom)[0];
    if (next) debits.push({ date: next, amountCents: plan.amountCents, what: 'Abschlag' });
  }
  return debits.sort((a, b) => a.date.localeCompare(b.date));
}

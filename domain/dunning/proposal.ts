/**
 * The dunning run, in two steps like SAP FI-CA's: the proposal is one set-based INSERT … SELECT
 * over the open items (inspectable by a case worker before anything is sent), then the activity
 * step starts one dunning process per account or tells the running one, in batches.
 *
 * An account is proposed when its overdue, undisputed debits, less its open credits, reach the
 * minimum amount. Items in a payment order under way (a direct debit not yet booked) are not overdue.
 */
import type { Database } from '../../db';
import type { Cents } from '../money';
import { addDays, isoDate } from '../shared/dates';
import { toCents } from '../shared/db';
import { blockedItemSql } from './blocks';
import type { DunningConfig } from './config';
import { DunningError } from './errors';

export interface DunningRun {
  id: string;
  runKey: string;
  runDate: string;
  status: 'proposed' | 'started';
  proposalCount: number;
  startedCount: number;
  correlatedCount: number;
}

interface RunRow {
  id: string;
  run_key: string;
  run_date: Date | string;
  status: 'proposed' | 'started';
  proposal_count: number;
  started_count: number;
  correlated_count: number;
}

const toRun = (r: RunRow): DunningRun => ({
  id: r.id,
  runKey: r.run_key,
  runDate: isoDate(r.run_date),
  status: r.status,
  proposalCount: Number(r.proposal_count),
  startedCount: Number(r.started_count),
  correlatedCount: Number(r.correlated_count),
});

/**
 * Creates the run's proposal, once per run key: a retried job returns the proposal made first.
 */
export async function createProposal(
  db: Database,
  opts: { runKey: string; today: string; config: Pick<DunningConfig, 'graceDays' | 'minAmountCents'> },
): Promise<DunningRun> {
  return db.transaction(async (trx) => {
    const [inserted] = (await trx('dunning_runs')
      .insert({ run_key: opts.runKey, run_date: opts.today })
      .onConflict('run_key')
      .ignore()
      .returning('*')) as RunRow[];
    if (!inserted) return toRun((await trx('dunning_runs').where({ run_key: opts.runKey }).first()) as RunRow);
    const cutoff = addDays(opts.today, -opts.config.graceDays);
    const result = (await trx.raw(
      `INSERT INTO dunning_proposals (run_id, contract_account_id, cause, overdue_cents, item_count, oldest_due_date)
       SELECT ?, a.contract_account_id,
              CASE WHEN EXISTS (SELECT 1 FROM ledger_documents d WHERE d.contract_account_id = a.contract_account_id
                                  AND d.kind = 'return' AND d.posting_date >= a.oldest_due_date) THEN 'return' ELSE 'overdue' END,
              a.overdue + a.credits, a.items, a.oldest_due_date
         FROM (SELECT o.contract_account_id,
                      coalesce(sum(o.open_cents) FILTER (WHERE o.open_cents > 0 AND o.due_date <= ?), 0) AS overdue,
                      coalesce(sum(o.open_cents) FILTER (WHERE o.open_cents < 0), 0) AS credits,
                      count(*) FILTER (WHERE o.open_cents > 0 AND o.due_date <= ?) AS items,
                      min(o.due_date) FILTER (WHERE o.open_cents > 0 AND o.due_date <= ?) AS oldest_due_date
                 FROM open_items o
                WHERE o.open_cents <> 0
                  AND NOT ${blockedItemSql('o')}
                  AND NOT EXISTS (SELECT 1 FROM payment_orders po WHERE po.line_id = o.line_id AND po.status IN ('pending', 'in_file'))
                GROUP BY o.contract_account_id) a
        WHERE a.items > 0 AND a.overdue + a.credits >= ?`,
      [inserted.id, cutoff, cutoff, cutoff, opts.config.minAmountCents],
    )) as { rowCount: number };
    const [run] = (await trx('dunning_runs')
      .where({ id: inserted.id })
      .update({ proposal_count: result.rowCount })
      .returning('*')) as RunRow[];
    return toRun(run);
  });
}

export async function loadRun(db: Database, idOrKey: string): Promise<DunningRun> {
  const isUuid = /^[0-9a-f-]{36}$/i.test(idOrKey);
  const row = (await db('dunning_runs')
    .where(isUuid ? { id: idOrKey } : { run_key: idOrKey })
    .first()) as RunRow | undefined;
  if (!row) throw new DunningError('not_found', `dunning run ${idOrKey} not found`);
  return toRun(row);
}

export async function listRuns(db: Database, limit = 30): Promise<DunningRun[]> {
  const rows = (await db('dunning_runs').orderBy('created_at', 'desc').limit(limit)) as RunRow[];
  return rows.map(toRun);
}

export interface ProposalLine {
  contractAccountId: string;
  accountNumber: string;
  customerName: string;
  cause: 'overdue' | 'return';
  overdueCents: Cents;
  itemCount: number;
  oldestDueDate: string;
  action: 'started' | 'correlated' | null;
}

/** A page of the proposal, largest amounts first, for the case worker's review. */
export async function proposalPage(db: Database, runId: string, opts: { limit: number; offset: number }): Promise<ProposalLine[]> {
  const rows = (await db('dunning_proposals as p')
    .join('contract_accounts as ca', 'ca.id', 'p.contract_account_id')
    .join('customers as c', 'c.id', 'ca.customer_id')
    .where('p.run_id', runId)
    .orderBy([
      { column: 'p.overdue_cents', order: 'desc' },
      { column: 'ca.account_number', order: 'asc' },
    ])
    .limit(opts.limit)
    .offset(opts.offset)
    .select(
      'p.contract_account_id',
      'ca.account_number',
      'c.first_name',
      'c.last_name',
      'p.cause',
      'p.overdue_cents',
      'p.item_count',
      'p.oldest_due_date',
      'p.action',
    )) as Array<Record<string, any>>;
  return rows.map((r) => ({
    contractAccountId: r.contract_account_id,
    accountNumber: r.account_number,
    customerName: `${r.first_name} ${r.last_name}`,
    cause: r.cause,
    overdueCents: toCents(r.overdue_cents),
    itemCount: Number(r.item_count),
    oldestDueDate: isoDate(r.oldest_due_date),
    action: r.action,
  }));
}

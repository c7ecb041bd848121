/**
 * Dunning cases: one open case per contract account (a unique index), opened by the run's
 * activity step, carried by one `dunning` process instance, closed with a reason.
 */
import type { Database } from '../../db';
import type { Cents } from '../money';
import { addDays, isoDate } from '../shared/dates';
import { toCents } from '../shared/db';
import { blockedItemSql } from './blocks';
import type { DunningConfig } from './config';
import { DunningError } from './errors';

export type CaseStatus = 'open' | 'paused' | 'agreement' | 'collection' | 'closed';

export interface DunningCase {
  id: string;
  caseNumber: string;
  contractAccountId: string;
  accountNumber: string;
  status: CaseStatus;
  cause: 'overdue' | 'return';
  procedure: string | null;
  variant: string | null;
  level: number;
  openedCents: Cents;
  openedOn: string;
  closedOn: string | null;
  closeReason: string | null;
  processInstanceKey: string | null;
}

const caseColumns = [
  'dc.id',
  'dc.case_number',
  'dc.contract_account_id',
  'ca.account_number',
  'dc.status',
  'dc.cause',
  'dc.procedure',
  'dc.variant',
  'dc.level',
  'dc.opened_cents',
  'dc.opened_on',
  'dc.closed_on',
  'dc.close_reason',
  'dc.process_instance_key',
];

function toCase(r: Record<string, any>): DunningCase {
  return {
    id: r.id,
    caseNumber: r.case_number,
    contractAccountId: r.contract_account_id,
    accountNumber: r.account_number,
    status: r.status,
    cause: r.cause,
    procedure: r.procedure,
    variant: r.variant,
    level: Number(r.level),
    openedCents: toCents(r.opened_cents),
    openedOn: isoDate(r.opened_on),
    closedOn: r.closed_on ? isoDate(r.closed_on) : null,
    closeReason: r.close_reason,
    processInstanceKey: r.process_instance_key,
  };
}

const casesQuery = (db: Database) =>
  db('dunning_cases as dc').join('contract_accounts as ca', 'ca.id', 'dc.contract_account_id').select(caseColumns);

export async function loadCase(db: Database, id: string): Promise<DunningCase> {
  const row = await casesQuery(db).where('dc.id', id).first();
  if (!row) throw new DunningError('not_found', `dunning case ${id} not found`);
  return toCase(row);
}

export async function casesOfAccount(db: Database, contractAccountId: string): Promise<DunningCase[]> {
  const rows = await casesQuery(db).where('dc.contract_account_id', contractAccountId).orderBy('dc.created_at', 'desc');
  return rows.map(toCase);
}

export async function openCaseOfAccount(db: Database, contractAccountId: string): Promise<DunningCase | null> {
  const row = await casesQuery(db).where('dc.contract_account_id', contractAccountId).whereNot('dc.status', 'closed').first();
  return row ? toCase(row) : null;
}

/** The proposals of a run not yet acted on, a batch at a time. */
export async function pendingProposals(db: Database, runId: string, limit: number): Promise<string[]> {
  const rows = (await db('dunning_proposals')
    .where({ run_id: runId })
    .whereNull('action')
    .orderBy('contract_account_id')
    .limit(limit)
    .select('contract_account_id')) as Array<{ contract_account_id: string }>;
  return rows.map((r) => r.contract_account_id);
}

export interface ActivationBatch {
  /** New cases (or cases a crash left without a process): start their process. */
  toStart: Array<{ caseId: string; caseNumber: string; contractAccountId: string; accountNumber: string; cause: string; variant: string }>;
  /** Accounts whose case runs already: tell the process of the new overdue amount. */
  toCorrelate: Array<{ caseId: string; contractAccountId: string; accountNumber: string; overdueCents: Cents }>;
}

/**
 * Opens a case for every account of the batch that has none (set-based; the variant of a new case
 * is drawn at random: champion/challenger) and sorts the batch into starts and correlations.
 */
export async function openCases(
  db: Database,
  runId: string,
  accountIds: string[],
  today: string,
  config: Pick<DunningConfig, 'challengerPercent'>,
): Promise<ActivationBatch> {
  await db.raw(
    `INSERT INTO dunning_cases (case_number, contract_account_id, cause, variant, opened_cents, opened_on)
     SELECT 'M' || lpad(nextval('dunning_case_number_seq')::text, 9, '0'), p.contract_account_id, p.cause,
            CASE WHEN random() * 100 < ? THEN 'challenger' ELSE 'champion' END, p.overdue_cents, ?
       FROM dunning_proposals p
      WHERE p.run_id = ? AND p.contract_account_id = ANY(?::uuid[])
     ON CONFLICT (contract_account_id) WHERE status <> 'closed' DO NOTHING`,
    [config.challengerPercent, today, runId, accountIds],
  );
  const rows = (await db('dunning_cases as dc')
    .join('contract_accounts as ca', 'ca.id', 'dc.contract_account_id')
    .join('dunning_proposals as p', function () {
      this.on('p.contract_account_id', 'dc.contract_account_id').andOn('p.run_id', db.raw('?', [runId]));
    })
    .whereIn('dc.contract_account_id', accountIds)
    .whereNot('dc.status', 'closed')
    .select(
      'dc.id',
      'dc.case_number',
      'dc.contract_account_id',
      'ca.account_number',
      'dc.cause',
      'dc.variant',
      'dc.process_instance_key',
      'dc.status',
      'p.overdue_cents',
    )) as Array<Record<string, any>>;
  const batch: ActivationBatch = { toStart: [], toCorrelate: [] };
  for (const r of rows) {
    // Only an open case without its process is started (new, or a crash cut off its start); a
    // case in collection, an agreement or a pause is told, never started a second time.
    if (r.process_instance_key === null && r.status === 'open')
      batch.toStart.push({
        caseId: r.id,
        caseNumber: r.case_number,
        contractAccountId: r.contract_account_id,
        accountNumber: r.account_number,
        cause: r.cause,
        variant: r.variant,
      });
    else
      batch.toCorrelate.push({
        caseId: r.id,
        contractAccountId: r.contract_account_id,
        accountNumber: r.account_number,
        overdueCents: toCents(r.overdue_cents),
      });
  }
  return batch;
}

/** Marks a batch done: its proposals' action and the run's counters, in one transaction. */
export async function markActivated(
  db: Database,
  runId: string,
  started: Array<{ caseId: string; contractAccountId: string; processInstanceKey: string }>,
  correlated: string[],
): Promise<void> {
  await db.transaction(async (trx) => {
    for (const s of started) await trx('dunning_cases').where({ id: s.caseId }).update({ process_instance_key: s.processInstanceKey });
    if (started.length)
      await trx('dunning_proposals')
        .where({ run_id: runId })
        .whereIn(
          'contract_account_id',
          started.map((s) => s.contractAccountId),
        )
        .update({ action: 'started' });
    if (correlated.length)
      await trx('dunning_proposals').where({ run_id: runId }).whereIn('contract_account_id', correlated).update({ action: 'correlated' });
    await trx('dunning_runs').where({ id: runId }).increment({ started_count: started.length, correlated_count: correlated.length });
  });
}

export async function finishRun(db: Database, runId: string): Promise<void> {
  await db('dunning_runs').where({ id: runId }).update({ status: 'started' });
}

export interface Assessment {
  /** Overdue, undisputed debits less open credits (what the notice demands). */
  overdueCents: Cents;
  /** Every open, undisputed debit less credits, due or not. */
  openCents: Cents;
  /** Disputed (blocked) open amount. */
  disputedCents: Cents;
  /** Nothing overdue is left. */
  settled: boolean;
  /** The oldest overdue item's due date. */
  oldestDueDate: string | null;
}

/** Where the account stands today, for the process's gateways. */
export async function assessAccount(db: Database, contractAccountId: string, today: string, graceDays: number): Promise<Assessment> {
  const cutoff = addDays(today, -graceDays);
  const r = (await db.raw(
    `SELECT coalesce(sum(o.open_cents) FILTER (WHERE NOT ${blockedItemSql('o')} AND o.open_cents > 0 AND o.due_date <= ?), 0) AS overdue,
            coalesce(sum(o.open_cents) FILTER (WHERE NOT ${blockedItemSql('o')} AND o.open_cents > 0), 0) AS debits,
            coalesce(sum(o.open_cents) FILTER (WHERE o.open_cents < 0), 0) AS credits,
            coalesce(sum(o.open_cents) FILTER (WHERE ${blockedItemSql('o')} AND o.open_cents > 0), 0) AS disputed,
            min(o.due_date) FILTER (WHERE NOT ${blockedItemSql('o')} AND o.open_cents > 0 AND o.due_date <= ?) AS oldest
       FROM open_items o
      WHERE o.contract_account_id = ? AND o.open_cents <> 0`,
    [cutoff, cutoff, contractAccountId],
  )) as { rows: Array<Record<string, any>> };
  const row = r.rows[0];
  const credits = toCents(row.credits);
  const overdue = Math.max(0, toCents(row.overdue) + credits);
  return {
    overdueCents: overdue,
    openCents: Math.max(0, toCents(row.debits) + credits),
    disputedCents: toCents(row.disputed),
    settled: overdue <= 0,
    oldestDueDate: row.oldest ? isoDate(row.oldest) : null,
  };
}

export async function recordProcedure(db: Database, caseId: string, procedure: { name: string; propensity: number | null }): Promise<void> {
  await db('dunning_cases')
    .where({ id: caseId })
    .update({ procedure: procedure.name, propensity: procedure.propensity === null ? null : procedure.propensity.toFixed(4) });
}

export async function setCaseStatus(db: Database, caseId: string, status: Exclude<CaseStatus, 'closed'>): Promise<void> {
  await db('dunning_cases').where({ id: caseId }).whereNot('status', 'closed').update({ status });
}

export async function setCaseLevel(db: Database, caseId: string, level: number): Promise<void> {
  await db('dunning_cases').where({ id: caseId }).where('level', '<', level).update({ level });
}

/** Closes the case once; a retried close keeps the first reason. */
export async function closeCase(db: Database, caseId: string, reason: string, today: string): Promise<void> {
  await db('dunning_cases')
    .where({ id: caseId })
    .whereNot('status', 'closed')
    .update({ status: 'closed', close_reason: reason, closed_on: today });
}

/** Accounts with a running dunning case that a statement's matched credits paid into. */
export async function dunnedAccountsPaidBy(db: Database, statementId: string): Promise<Array<{ accountNumber: string; paidCents: Cents }>> {
  const rows = (await db('bank_entries as e')
    .join('dunning_cases as dc', 'dc.contract_account_id', 'e.contract_account_id')
    .join('contract_accounts as ca', 'ca.id', 'e.contract_account_id')
    .where('e.statement_id', statementId)
    .where('e.credit_debit', 'CRDT')
    .where('e.is_return', false)
    .whereIn('e.status', ['matched', 'clarified'])
    .whereNot('dc.status', 'closed')
    .groupBy('ca.account_number')
    .select('ca.account_number', db.raw('sum(e.amount_cents) AS paid'))) as Array<{ account_number: string; paid: string }>;
  return rows.map((r) => ({ accountNumber: r.account_number, paidCents: toCents(r.paid) }));
}

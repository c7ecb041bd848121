/**
 * Compares what the product did with a generated statement against the generator's truth: the
 * automatic match rate over the matchable payments, wrong matches (booked to another account than
 * the truth says, or foreign money booked at all), and the books (every payment document once,
 * the ledger at zero, each account's receivable lines equal to its open items).
 */
import type { Database } from '../db';
import type { TruthRow } from '../domain/payments/camt/generate';

export const MATCHABLE = new Set(['exact', 'fuzzy', 'partial', 'combined']);

export interface EntryState {
  id: string;
  entry_ref: string;
  tx_index: number;
  status: string;
  is_return: boolean;
  contract_account_id: string | null;
}

export interface TruthReport {
  entries: number;
  matchable: number;
  /** Matchable payments booked to the account the truth names. */
  matched: number;
  rate: number;
  wrong: string[];
  foreign: number;
  foreignUnmatched: number;
  returns: number;
  returned: number;
  /** Entries still 'new' that are no return (the matcher never got to them). */
  leftNew: number;
  byKind: Record<string, { n: number; matched: number }>;
}

export async function statementEntries(db: Database, statementId: string): Promise<EntryState[]> {
  return (await db('bank_entries')
    .where({ statement_id: statementId })
    .select('id', 'entry_ref', 'tx_index', 'status', 'is_return', 'contract_account_id')) as EntryState[];
}

export function compareWithTruth(entries: EntryState[], truth: TruthRow[]): TruthReport {
  const byRef = new Map(entries.map((e) => [`${e.entry_ref}|${e.tx_index}`, e]));
  const report: TruthReport = {
    entries: entries.length,
    matchable: 0,
    matched: 0,
    rate: 0,
    wrong: [],
    foreign: 0,
    foreignUnmatched: 0,
    returns: 0,
    returned: 0,
    leftNew: entries.filter((e) => e.status === 'new' && !e.is_return).length,
    byKind: {},
  };
  for (const row of truth) {
    const e = byRef.get(`${row.entryRef}|${row.txIndex}`);
    const kind = row.expected.kind;
    const k = (report.byKind[kind] ??= { n: 0, matched: 0 });
    k.n++;
    if (!e) {
      report.wrong.push(`${row.entryRef}/${row.txIndex}: no bank entry`);
      continue;
    }
    if (e.status === 'matched') k.matched++;
    if (e.status === 'matched' && e.contract_account_id !== (row.expected.accountId ?? null))
      report.wrong.push(
        `${row.entryRef}/${row.txIndex} (${kind}): booked to ${e.contract_account_id}, truth ${row.expected.accountId ?? 'none'}`,
      );
    if (MATCHABLE.has(kind)) {
      report.matchable++;
      if (e.status === 'matched' && e.contract_account_id === row.expected.accountId) report.matched++;
    }
    if (kind === 'foreign') {
      report.foreign++;
      if (e.status === 'unmatched') report.foreignUnmatched++;
    }
    if (kind === 'return') {
      report.returns++;
      if (e.status === 'returned' && e.contract_account_id === row.expected.accountId) report.returned++;
    }
  }
  report.rate = report.matchable === 0 ? 1 : report.matched / report.matchable;
  return report;
}

export function describeReport(r: TruthReport): string {
  const kinds = Object.entries(r.byKind)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k} ${v.matched}/${v.n}`)
    .join(', ');
  return (
    `automatic match rate ${(r.rate * 100).toFixed(2)} % (${r.matched} of ${r.matchable} matchable payments), ` +
    `${r.wrong.length} wrong, foreign unmatched ${r.foreignUnmatched}/${r.foreign}, returns processed ${r.returned}/${r.returns}; matched by kind: ${kinds}`
  );
}

export interface BooksCheck {
  /** Sum over all ledger lines (must be 0). */
  ledgerSum: number;
  /** Payment documents of the statement's entries (business key bank-entry:<id>). */
  paymentDocuments: number;
  /** Business keys bank-entry:<id> that occur more than once (must be none; the index forbids it). */
  duplicateKeys: number;
  /** Accounts whose receivable lines do not add up to their open items. */
  accountsOff: string[];
}

export async function checkBooks(db: Database, statementId: string): Promise<BooksCheck> {
  const sum = (await db('ledger_lines').sum({ s: 'amount_cents' }).first()) as { s: string | number | null };
  const docs = (await db.raw(
    `SELECT count(*) AS n, count(DISTINCT d.business_key) AS keys FROM ledger_documents d
       JOIN bank_entries e ON d.business_key = 'bank-entry:' || e.id::text
      WHERE e.statement_id = ? AND d.kind = 'payment'`,
    [statementId],
  )) as { rows: Array<{ n: string | number; keys: string | number }> };
  const lines = (await db.raw(
    `SELECT contract_account_id AS account, sum(amount_cents) AS cents FROM ledger_lines WHERE gl_account = 'receivable' GROUP BY 1`,
  )) as { rows: Array<{ account: string; cents: string | number }> };
  const open = (await db.raw(`SELECT contract_account_id AS account, sum(open_cents) AS cents FROM open_items GROUP BY 1`)) as {
    rows: Array<{ account: string; cents: string | number }>;
  };
  const openBy = new Map(open.rows.map((r) => [r.account, Number(r.cents)]));
  const accountsOff: string[] = [];
  for (const r of lines.rows) {
    const items = openBy.get(r.account) ?? 0;
    if (Number(r.cents) !== items) accountsOff.push(`${r.account}: lines ${r.cents}, items ${items}`);
    openBy.delete(r.account);
  }
  for (const [account, cents] of openBy) if (cents !== 0) accountsOff.push(`${account}: no lines, items ${cents}`);
  return {
    ledgerSum: Number(sum.s ?? 0),
    paymentDocuments: Number(docs.rows[0].n),
    duplicateKeys: Number(docs.rows[0].n) - Number(docs.rows[0].keys),
    accountsOff,
  };
}

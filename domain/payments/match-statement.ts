/**
 * Matching a stored statement against the open items: one in-memory matcher over all open debit
 * items (set-based loads), then the entries in batches, each batch one transaction: payment
 * documents in one postDocuments, clearings in one clearMany, entry updates in one statement. A
 * killed run resumes with the entries still 'new'; the business keys `bank-entry:<id>` (payment)
 * and `bank-entry:<id>:clearing` keep a payment from being booked or cleared twice.
 */
import type { Database } from '../../db';
import { clear, clearAccount, clearMany, LedgerError, postDocuments, type ClearingInput, type DocumentInput } from '../ledger';
import { isoDate } from '../shared/dates';
import { toCents } from '../shared/db';
import type { CreditDebit } from './camt/parse';
import { createMatcher, type Matcher, type MatchCandidate, type MatchInput, type MatchResult, type OpenItemCandidate } from './matching';
import { rfReference } from './sepa';
import { loadStatement } from './statements';

export interface MatchOptions {
  today: string;
  /** Entries per transaction (at most 6,000: a batch's payment documents go into one INSERT). */
  batchSize?: number;
}

export interface MatchCounts {
  matched: number;
  unmatched: number;
  /** Return debits left 'new' for processReturn. */
  returns: number;
  /** Debits that are not returns (bank fees, our own transfers). */
  ignored: number;
}

export interface EntryRow {
  id: string;
  statement_id: string;
  entry_ref: string;
  tx_index: number;
  credit_debit: CreditDebit;
  amount_cents: string | number;
  booking_date: Date | string | null;
  value_date: Date | string | null;
  end_to_end_id: string | null;
  creditor_reference: string | null;
  remittance: string;
  counterparty_name: string | null;
  counterparty_iban: string | null;
  is_return: boolean;
  return_reason: string | null;
  charges_cents: string | number;
  status: string;
  match_method: string | null;
  match_score: number | null;
  contract_account_id: string | null;
  candidates: unknown;
  decided_by: string | null;
}

export async function matchStatement(db: Database, statementId: string, opts: MatchOptions): Promise<MatchCounts> {
  const batchSize = opts.batchSize ?? 5000;
  await loadStatement(db, statementId);
  await db('bank_statements').where({ id: statementId }).whereIn('status', ['received', 'failed']).update({ status: 'matching' });

  // The entries and the open items load at once (two connections on PostgreSQL).
  const needsItems = (await db('bank_entries')
    .where({ statement_id: statementId, status: 'new', credit_debit: 'CRDT', is_return: false })
    .first('id')) as { id: string } | undefined;
  const [entries, items] = await Promise.all([
    db('bank_entries').where({ statement_id: statementId, status: 'new' }).orderBy(['entry_ref', 'tx_index']) as Promise<EntryRow[]>,
    needsItems ? loadOpenItemCandidates(db) : Promise.resolve([]),
  ]);
  const counts: MatchCounts = { matched: 0, unmatched: 0, returns: 0, ignored: 0 };
  const work = entries.filter((e) => {
    if (e.is_return) counts.returns++;
    return !e.is_return;
  });
  if (work.length === 0) return counts;
  const matcher = createMatcher(items);

  // Batches are planned in order (the matcher books each match, so the next entry sees less open)
  // and written while the next is planned, two in flight: on PostgreSQL the database books one batch
  // while this process matches the next, or books two at once. Every allocation fits whatever order
  // the batches commit in, since the matcher never hands out more than was open.
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  for (let i = 0; i < work.length && failure === undefined; i += batchSize) {
    const plan = planBatch(work.slice(i, i + batchSize), matcher, counts);
    const write = writeBatch(db, plan, opts.today).then(
      () => void inFlight.delete(write),
      (err: unknown) => {
        inFlight.delete(write);
        failure ??= err;
      },
    );
    inFlight.add(write);
    if (inFlight.size >= WRITES_IN_FLIGHT) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure !== undefined) throw failure;
  return counts;
}

/** Batches written at once; PGlite has one connection and takes them in turn. */
const WRITES_IN_FLIGHT = 2;

interface BatchPlan {
  updates: EntryUpdate[];
  matched: Array<{ entry: EntryRow; result: Extract<MatchResult, { status: 'matched' }> }>;
}

function planBatch(batch: EntryRow[], matcher: Matcher, counts: MatchCounts): BatchPlan {
  const updates: EntryUpdate[] = [];
  const matched: BatchPlan['matched'] = [];
  for (const entry of batch) {
    if (entry.credit_debit === 'DBIT') {
      updates.push({ id: entry.id, status: 'ignored', method: null, score: null, account: null, candidates: [] });
      counts.ignored++;
      continue;
    }
    const result = matcher.match(toMatchInput(entry));
    if (result.status === 'matched') {
      matched.push({ entry, result });
      updates.push({
        id: entry.id,
        status: 'matched',
        method: result.method,
        score: Math.round(result.score * 100),
        account: result.accountId,
        candidates: [],
      });
      counts.matched++;
    } else {
      updates.push({ id: entry.id, status: 'unmatched', method: null, score: null, account: null, candidates: result.candidates });
      counts.unmatched++;
    }
  }
  return { updates, matched };
}

/** One transaction: the payments in one postDocuments, their clearings in one clearMany, the entries in one UPDATE. */
async function writeBatch(db: Database, { updates, matched }: BatchPlan, today: string): Promise<void> {
  await db.transaction(async (trx) => {
    const docs = await postDocuments(
      trx,
      matched.map(({ entry, result }) => paymentDocument(entry, result.accountId, today)),
    );
    const clearings: ClearingInput[] = [];
    for (const [k, { entry, result }] of matched.entries()) {
      const paid = result.allocations.reduce((s, a) => s + a.cents, 0);
      if (paid <= 0) continue;
      const paymentLine = docs[k].lines.find((l) => l.glAccount === 'receivable')!;
      clearings.push({
        businessKey: `bank-entry:${entry.id}:clearing`,
        contractAccountId: result.accountId,
        clearingDate: docs[k].postingDate,
        reason: 'Zahlungseingang',
        allocations: [
          ...result.allocations.map((a) => ({ lineId: a.lineId, amountCents: a.cents })),
          { lineId: paymentLine.id, amountCents: -paid },
        ],
      });
    }
    await clearAll(trx, clearings);

    const settled = matched.filter((m) => m.result.method === 'end_to_end' && m.entry.end_to_end_id).map((m) => m.entry.end_to_end_id!);
    if (settled.length)
      await trx.raw(
        `UPDATE payment_orders SET status = 'settled' WHERE kind = 'debit' AND status = 'in_file' AND end_to_end_id = ANY(?::text[])`,
        [settled],
      );
    await updateEntries(trx, updates);
  });
}

/**
 * The batch's clearings in one clearMany. When an item no longer fits (someone cleared it since the
 * matcher was built), the batch is cleared one by one instead, settling such an account oldest first.
 */
async function clearAll(db: Database, clearings: ClearingInput[]): Promise<void> {
  if (clearings.length === 0) return;
  try {
    await clearMany(db, clearings);
    return;
  } catch (err) {
    if (!(err instanceof LedgerError) || err.code !== 'over_cleared') throw err;
  }
  for (const c of clearings) {
    try {
      await clear(db, c);
    } catch (err) {
      if (!(err instanceof LedgerError) || err.code !== 'over_cleared') throw err;
      await clearAccount(db, c.contractAccountId, c.businessKey, c.clearingDate);
    }
  }
}

/** The payment booked for a bank entry: bank +amount / receivable −amount ('payment'); what no item takes stays open as credit. */
export function paymentDocument(entry: EntryRow, contractAccountId: string, today: string): DocumentInput {
  const cents = toCents(entry.amount_cents);
  const date = entry.booking_date ? isoDate(entry.booking_date) : today;
  const payer = entry.counterparty_name?.trim();
  return {
    businessKey: `bank-entry:${entry.id}`,
    kind: 'payment',
    contractAccountId,
    postingDate: date,
    reference: entry.end_to_end_id ?? entry.creditor_reference ?? entry.entry_ref,
    text: payer ? `Zahlungseingang ${payer}` : 'Zahlungseingang',
    lines: [
      { glAccount: 'bank', amountCents: cents, text: 'Bank' },
      {
        glAccount: 'receivable',
        itemType: 'payment',
        amountCents: -cents,
        text: entry.remittance ? `Zahlung: ${entry.remittance.slice(0, 200)}` : 'Zahlung',
      },
    ],
  };
}

function toMatchInput(e: EntryRow): MatchInput {
  return {
    creditDebit: e.credit_debit,
    amountCents: toCents(e.amount_cents),
    ...(e.end_to_end_id ? { endToEndId: e.end_to_end_id } : {}),
    ...(e.creditor_reference ? { creditorReference: e.creditor_reference } : {}),
    remittance: e.remittance,
    ...(e.counterparty_name ? { counterpartyName: e.counterparty_name } : {}),
    ...(e.counterparty_iban ? { counterpartyIban: e.counterparty_iban } : {}),
    ...(e.return_reason ? { returnReason: e.return_reason } : {}),
    isReturn: e.is_return,
  };
}

interface EntryUpdate {
  id: string;
  status: 'matched' | 'unmatched' | 'ignored';
  method: string | null;
  score: number | null;
  account: string | null;
  candidates: MatchCandidate[];
}

/** All rows of a batch in one UPDATE … FROM jsonb_to_recordset. */
async function updateEntries(db: Database, updates: EntryUpdate[]): Promise<void> {
  // In slices: one jsonb parameter of a whole batch can pass PostgreSQL's 256 MB limit.
  for (let i = 0; i < updates.length; i += 1000) await updateEntrySlice(db, updates.slice(i, i + 1000));
}

async function updateEntrySlice(db: Database, updates: EntryUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  await db.raw(
    `UPDATE bank_entries e
        SET status = v.status, match_method = v.method, match_score = v.score, contract_account_id = v.account, candidates = v.candidates
       FROM jsonb_to_recordset(?::jsonb) AS v(id uuid, status text, method text, score integer, account uuid, candidates jsonb)
      WHERE e.id = v.id AND e.status = 'new'`,
    [JSON.stringify(updates)],
  );
}

/**
 * Every open debit item with what a payer might quote: bill number (and its RF reference), account,
 * customer and contract numbers, holder names, and the end-to-end ids of our direct debits.
 */
export async function loadOpenItemCandidates(db: Database): Promise<OpenItemCandidate[]> {
  const items = (await db.raw(
    `SELECT o.line_id, o.contract_account_id, o.open_cents, o.due_date, d.posting_date, d.document_number, d.reference, b.bill_number,
            a.account_number, cu.customer_number, cu.first_name, cu.last_name
       FROM open_items o
       JOIN ledger_lines l ON l.id = o.line_id
       JOIN ledger_documents d ON d.id = l.document_id
       JOIN contract_accounts a ON a.id = o.contract_account_id
       JOIN customers cu ON cu.id = a.customer_id
       LEFT JOIN bills b ON b.ledger_document_id = d.id
      WHERE o.open_cents > 0`,
  )) as {
    rows: Array<{
      line_id: string;
      contract_account_id: string;
      open_cents: string;
      due_date: Date | string | null;
      posting_date: Date | string;
      document_number: string;
      reference: string | null;
      bill_number: string | null;
      account_number: string;
      customer_number: string;
      first_name: string;
      last_name: string;
    }>;
  };
  const openAccounts = `SELECT DISTINCT contract_account_id FROM open_items WHERE open_cents > 0`;
  const [contracts, holders, orders] = (await Promise.all([
    db.raw(`SELECT contract_account_id AS account, contract_number AS value FROM contracts WHERE contract_account_id IN (${openAccounts})`),
    db.raw(
      `SELECT contract_account_id AS account, account_holder AS value FROM sepa_mandates WHERE contract_account_id IN (${openAccounts})`,
    ),
    db.raw(
      `SELECT p.line_id AS account, p.end_to_end_id AS value FROM payment_orders p JOIN open_items o ON o.line_id = p.line_id
        WHERE p.kind = 'debit' AND p.status = 'in_file' AND o.open_cents > 0`,
    ),
  ])) as Array<{ rows: Array<{ account: string; value: string }> }>;
  const group = (rows: Array<{ account: string; value: string }>) => {
    const map = new Map<string, string[]>();
    for (const r of rows) {
      const list = map.get(r.account);
      if (!list) map.set(r.account, [r.value]);
      else if (!list.includes(r.value)) list.push(r.value);
    }
    return map;
  };
  const contractsBy = group(contracts.rows);
  const holdersBy = group(holders.rows);
  const e2eBy = group(orders.rows);
  return items.rows.map((r) => {
    const name = `${r.first_name} ${r.last_name}`.trim();
    const names = [name, ...(holdersBy.get(r.contract_account_id) ?? []).filter((h) => h !== name)];
    return {
      lineId: r.line_id,
      accountId: r.contract_account_id,
      accountNumber: r.account_number,
      customerNumber: r.customer_number,
      contractNumbers: contractsBy.get(r.contract_account_id) ?? [],
      documentNumber: r.bill_number ?? r.reference ?? r.document_number,
      holderNames: names,
      openCents: toCents(r.open_cents),
      dueDate: isoDate(r.due_date ?? r.posting_date),
      endToEndIds: e2eBy.get(r.line_id) ?? [],
      ...(r.bill_number ? { creditorReference: billRf(r.bill_number) } : {}),
    };
  });
}

/** The RF reference printed on a bill: built from its number (letters and digits, at most 21). */
export function billRf(billNumber: string): string | undefined {
  const base = billNumber.replace(/[^A-Za-z0-9]/g, '');
  return base && base.length <= 21 ? rfReference(base) : undefined;
}

export async function unmatchedEntryIds(db: Database, statementId: string): Promise<string[]> {
  const rows = (await db('bank_entries')
    .where({ statement_id: statementId, status: 'unmatched' })
    .orderBy(['entry_ref', 'tx_index'])
    .select('id')) as Array<{
    id: string;
  }>;
  return rows.map((r) => r.id);
}

/** Return debits still to process (one process instance each). */
export async function returnEntryIds(db: Database, statementId: string): Promise<string[]> {
  const rows = (await db('bank_entries')
    .where({ statement_id: statementId, status: 'new', is_return: true })
    .orderBy(['entry_ref', 'tx_index'])
    .select('id')) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

export async function finishStatement(db: Database, statementId: string): Promise<void> {
  await loadStatement(db, statementId);
  await db('bank_statements').where({ id: statementId }).whereNot({ status: 'done' }).update({ status: 'done', finished_at: db.fn.now() });
}

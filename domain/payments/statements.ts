/**
 * Incoming bank statements (camt.052/053/054): stored once per file, with one bank_entries row per
 * transaction. The same file twice (same bytes or same message id) books nothing the second time.
 */
import type { Knex } from 'knex';
import type { Database } from '../../db';
import type { Cents } from '../money';
import { toCents } from '../shared/db';
import { parseCamt } from './camt/parse';
import { PaymentsError } from './errors';
import { sha256 } from './files';

/** Transactions per INSERT: arrays as parameters, so the size is not bound by the 65,535 parameters. */
const ENTRY_CHUNK = 20_000;

export type StatementStatus = 'received' | 'matching' | 'done' | 'failed';
export type EntryStatus = 'new' | 'matched' | 'unmatched' | 'clarified' | 'returned' | 'ignored';
export const ENTRY_STATUSES: readonly EntryStatus[] = ['new', 'matched', 'unmatched', 'clarified', 'returned', 'ignored'];

export interface StatementInfo {
  id: string;
  messageId: string;
  format: string;
  version: string;
  fileName: string;
  entryCount: number;
  status: StatementStatus;
  uploadedBy: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface ReceiveStatementInput {
  xml: string;
  fileName: string;
  uploadedBy?: string;
}

export interface ReceivedStatement {
  statement: StatementInfo;
  /** True when the file (or its message id) was received before; nothing was stored or booked. */
  duplicate: boolean;
}

interface StatementRow {
  id: string;
  message_id: string;
  format: string;
  version: string;
  file_name: string;
  entry_count: number;
  status: StatementStatus;
  uploaded_by: string | null;
  created_at: Date | string;
  finished_at: Date | string | null;
}

const statementColumns = [
  'id',
  'message_id',
  'format',
  'version',
  'file_name',
  'entry_count',
  'status',
  'uploaded_by',
  'created_at',
  'finished_at',
];

const timestamp = (v: Date | string | null) => (v === null ? null : v instanceof Date ? v.toISOString() : String(v));

function toInfo(r: StatementRow): StatementInfo {
  return {
    id: r.id,
    messageId: r.message_id,
    format: r.format,
    version: r.version,
    fileName: r.file_name,
    entryCount: Number(r.entry_count),
    status: r.status,
    uploadedBy: r.uploaded_by,
    createdAt: timestamp(r.created_at)!,
    finishedAt: timestamp(r.finished_at),
  };
}

/** Parses and stores a statement file. A CamtError (not camt, not EUR, broken amounts) propagates: nothing is stored. */
export async function receiveStatement(db: Database, input: ReceiveStatementInput): Promise<ReceivedStatement> {
  const file = parseCamt(input.xml);
  const hash = sha256(input.xml);
  const known = await findDuplicate(db, hash, file.messageId);
  if (known) return { statement: known, duplicate: true };

  // Column arrays, one value per transaction: stored by unnest in a few large INSERTs.
  const cols = {
    entry_ref: [] as string[],
    tx_index: [] as number[],
    credit_debit: [] as string[],
    amount_cents: [] as Cents[],
    booking_date: [] as Array<string | null>,
    value_date: [] as Array<string | null>,
    end_to_end_id: [] as Array<string | null>,
    creditor_reference: [] as Array<string | null>,
    remittance: [] as string[],
    counterparty_name: [] as Array<string | null>,
    counterparty_iban: [] as Array<string | null>,
    is_return: [] as boolean[],
    return_reason: [] as Array<string | null>,
    charges_cents: [] as Cents[],
  };
  // Two reports in one file may reuse an entry reference; keep every row distinct.
  const seen = new Set<string>();
  for (const s of file.statements)
    for (const e of s.entries) {
      let ref = e.entryRef;
      for (let n = 2; seen.has(ref); n++) ref = `${e.entryRef}#${n}`;
      seen.add(ref);
      e.transactions.forEach((tx, txIndex) => {
        cols.entry_ref.push(ref);
        cols.tx_index.push(txIndex);
        cols.credit_debit.push(e.creditDebit);
        cols.amount_cents.push(tx.amountCents);
        cols.booking_date.push(e.bookingDate ?? null);
        cols.value_date.push(e.valueDate ?? null);
        // Banks write NOTPROVIDED where the payer gave no end-to-end id.
        cols.end_to_end_id.push(tx.endToEndId && tx.endToEndId !== 'NOTPROVIDED' ? tx.endToEndId : null);
        cols.creditor_reference.push(tx.creditorReference ?? null);
        cols.remittance.push(tx.remittance ?? '');
        cols.counterparty_name.push(tx.counterpartyName ?? null);
        cols.counterparty_iban.push(tx.counterpartyIban ?? null);
        cols.is_return.push(tx.isReturn);
        cols.return_reason.push(tx.returnReason ?? null);
        cols.charges_cents.push(tx.chargesCents ?? 0);
      });
    }
  const count = cols.entry_ref.length;

  try {
    return await db.transaction(async (trx) => {
      const [row] = (await trx('bank_statements')
        .insert({
          sha256: hash,
          message_id: file.messageId,
          file_name: input.fileName,
          format: file.format,
          version: file.version,
          content: input.xml,
          entry_count: count,
          status: 'received',
          uploaded_by: input.uploadedBy ?? null,
        })
        .returning(statementColumns)) as StatementRow[];
      for (let i = 0; i < count; i += ENTRY_CHUNK) {
        // Arrays with nulls are fine for the driver; knex's typing only knows arrays without them.
        const part = (values: unknown[]) => values.slice(i, i + ENTRY_CHUNK) as unknown as Knex.RawBinding;
        await trx.raw(
          `INSERT INTO bank_entries (statement_id, entry_ref, tx_index, credit_debit, amount_cents, booking_date, value_date, end_to_end_id,
                                     creditor_reference, remittance, counterparty_name, counterparty_iban, is_return, return_reason, charges_cents)
           SELECT ?::uuid, * FROM unnest(?::text[], ?::int[], ?::text[], ?::bigint[], ?::date[], ?::date[], ?::text[],
                                         ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[], ?::bigint[])`,
          [
            row.id,
            part(cols.entry_ref),
            part(cols.tx_index),
            part(cols.credit_debit),
            part(cols.amount_cents),
            part(cols.booking_date),
            part(cols.value_date),
            part(cols.end_to_end_id),
            part(cols.creditor_reference),
            part(cols.remittance),
            part(cols.counterparty_name),
            part(cols.counterparty_iban),
            part(cols.is_return),
            part(cols.return_reason),
            part(cols.charges_cents),
          ],
        );
      }
      return { statement: toInfo(row), duplicate: false };
    });
  } catch (err) {
    // A concurrent upload of the same file won the unique index: this one is the duplicate.
    const again = await findDuplicate(db, hash, file.messageId);
    if (again) return { statement: again, duplicate: true };
    throw err;
  }
}

async function findDuplicate(db: Database, hash: string, messageId: string): Promise<StatementInfo | null> {
  const row = (await db('bank_statements').where({ sha256: hash }).orWhere({ message_id: messageId }).select(statementColumns).first()) as
    StatementRow | undefined;
  return row ? toInfo(row) : null;
}

export async function loadStatement(db: Database, id: string): Promise<StatementInfo> {
  const row = (await db('bank_statements').where({ id }).select(statementColumns).first()) as StatementRow | undefined;
  if (!row) throw new PaymentsError('not_found', `bank statement ${id} not found`);
  return toInfo(row);
}

export async function listStatements(db: Database, opts: { limit?: number; offset?: number } = {}): Promise<StatementInfo[]> {
  const rows = (await db('bank_statements')
    .select(statementColumns)
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(opts.limit ?? 50)
    .offset(opts.offset ?? 0)) as StatementRow[];
  return rows.map(toInfo);
}

export interface StatementSummary {
  statement: StatementInfo;
  byStatus: Record<EntryStatus, number>;
  /** Incoming payments (credits that are not returns): the ones the matcher had to place. */
  payments: number;
  /** Share of those matched automatically, 0..1 (1 when there are none). */
  matchRate: number;
  returns: number;
  creditCents: Cents;
  debitCents: Cents;
}

export async function statementSummary(db: Database, id: string): Promise<StatementSummary> {
  const statement = await loadStatement(db, id);
  const rows = (await db('bank_entries')
    .where({ statement_id: id })
    .groupBy('status', 'credit_debit', 'is_return')
    .select('status', 'credit_debit', 'is_return')
    .count({ n: '*' })
    .sum({ cents: 'amount_cents' })) as Array<{
    status: EntryStatus;
    credit_debit: 'CRDT' | 'DBIT';
    is_return: boolean;
    n: string | number;
    cents: string | number | null;
  }>;
  const byStatus = Object.fromEntries(ENTRY_STATUSES.map((s) => [s, 0])) as Record<EntryStatus, number>;
  let payments = 0;
  let matched = 0;
  let returns = 0;
  let creditCents = 0;
  let debitCents = 0;
  for (const r of rows) {
    const n = Number(r.n);
    byStatus[r.status] += n;
    if (r.credit_debit === 'CRDT') creditCents += toCents(r.cents ?? 0);
    else debitCents += toCents(r.cents ?? 0);
    if (r.is_return) returns += n;
    else if (r.credit_debit === 'CRDT') {
      payments += n;
      if (r.status === 'matched') matched += n;
    }
  }
  return { statement, byStatus, payments, matchRate: payments === 0 ? 1 : matched / payments, returns, creditCents, debitCents };
}

/**
 * Incoming bank statements (camt.052/053/054): stored once per file, with one bank_entries row per
 * transaction. The same file twice (same bytes or same message id) books nothing the second time.
 */
import type { Database } from '../../db';
import type { Cents } from '../money';
import { toCents } from '../shared/db';
import { parseCamt } from './camt/parse';
import { PaymentsError } from './errors';
import { chunks, sha256 } from './files';

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

  const rows = file.statements.flatMap((s) =>
    s.entries.flatMap((e) =>
      e.transactions.map((tx, txIndex) => ({
        entry_ref: e.entryRef,
        tx_index: txIndex,
        credit_debit: e.creditDebit,
        amount_cents: tx.amountCents,
        booking_date: e.bookingDate ?? null,
        value_date: e.valueDate ?? null,
        // Banks write NOTPROVIDED where the payer gave no end-to-end id.
        end_to_end_id: tx.endToEndId && tx.endToEndId !== 'NOTPROVIDED' ? tx.endToEndId : null,
        creditor_reference: tx.creditorReference ?? null,
        remittance: tx.remittance ?? '',
        counterparty_name: tx.counterpartyName ?? null,
        counterparty_iban: tx.counterpartyIban ?? null,
        is_return: tx.isReturn,
        return_reason: tx.returnReason ?? null,
        charges_cents: tx.chargesCents ?? 0,
      })),
    ),
  );
  // Two reports in one file may reuse an entry reference; keep every row distinct.
  const seen = new Set<string>();
  for (const r of rows) {
    let ref = r.entry_ref;
    for (let n = 2; seen.has(`${ref}|${r.tx_index}`); n++) ref = `${r.entry_ref}#${n}`;
    r.entry_ref = ref;
    seen.add(`${ref}|${r.tx_index}`);
  }

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
          entry_count: rows.length,
          status: 'received',
          uploaded_by: input.uploadedBy ?? null,
        })
        .returning(statementColumns)) as StatementRow[];
      for (const part of chunks(rows, 1000)) await trx('bank_entries').insert(part.map((r) => ({ ...r, statement_id: row.id })));
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

/**
 * Posting: documents with balanced lines, idempotent by business key. The database refuses an
 * unbalanced document and any change to a posted one (db/migrations/008_accounting.ts); the
 * checks here only give a clearer error before the round trip.
 */
import type { Database } from '../../db';
import { assertCents } from '../money';
import { toDocument, type DocumentRow, type LineRow } from './rows';
import { LedgerError, type DocumentInput, type PostedDocument } from './types';

export async function postDocument(db: Database, input: DocumentInput): Promise<PostedDocument> {
  const [doc] = await postDocuments(db, [input]);
  return doc;
}

/**
 * Posts many documents in three statements (numbers, headers, lines), for runs over many
 * contracts. Documents whose business key exists are returned as they were posted.
 */
export async function postDocuments(db: Database, inputs: DocumentInput[]): Promise<PostedDocument[]> {
  if (inputs.length === 0) return [];
  for (const input of inputs) checkDocument(input);
  return db.transaction(async (trx) => {
    const numbers = (await trx.raw(`SELECT nextval('ledger_document_number_seq') AS n FROM generate_series(1, ?)`, [inputs.length])) as {
      rows: Array<{ n: string | number }>;
    };
    const headers = inputs.map((input, i) => ({
      document_number: `B${String(numbers.rows[i].n).padStart(10, '0')}`,
      business_key: input.businessKey,
      kind: input.kind,
      contract_account_id: input.contractAccountId ?? null,
      posting_date: input.postingDate,
      reference: input.reference ?? null,
      text: input.text,
      reverses_document_id: input.reversesDocumentId ?? null,
    }));
    const inserted = (await trx('ledger_documents').insert(headers).onConflict('business_key').ignore().returning('*')) as DocumentRow[];
    const byKey = new Map(inserted.map((r) => [r.business_key, r]));
    const lines = inputs.flatMap((input) => {
      const doc = byKey.get(input.businessKey);
      if (!doc) return [];
      return input.lines.map((l, i) => ({
        document_id: doc.id,
        line_no: i + 1,
        gl_account: l.glAccount,
        contract_account_id: l.glAccount === 'receivable' ? input.contractAccountId : null,
        contract_id: l.contractId ?? null,
        item_type: l.glAccount === 'receivable' ? l.itemType : null,
        amount_cents: l.amountCents,
        due_date: l.dueDate ?? null,
        vat_rate_percent: l.vatRatePercent ?? null,
        text: l.text,
      }));
    });
    // One statement per chunk: the balance trigger checks whole documents per statement.
    const insertedLines: LineRow[] = [];
    for (let i = 0; i < lines.length;) {
      let end = Math.min(lines.length, i + 5000);
      while (end < lines.length && lines[end].document_id === lines[end - 1].document_id) end++;
      // Only the ids come back: the rest is what was sent (a run posts hundreds of thousands of lines).
      const slice = lines.slice(i, end);
      const ids = (await trx('ledger_lines').insert(slice).returning(['id', 'document_id', 'line_no'])) as Array<
        Pick<LineRow, 'id' | 'document_id' | 'line_no'>
      >;
      const byPosition = new Map(ids.map((r) => [`${r.document_id}:${r.line_no}`, r.id]));
      for (const l of slice) insertedLines.push({ ...l, id: byPosition.get(`${l.document_id}:${l.line_no}`)! } as LineRow);
      i = end;
    }
    const existingKeys = inputs.map((d) => d.businessKey).filter((k) => !byKey.has(k));
    const existing = existingKeys.length ? await loadByKeys(trx, existingKeys) : [];
    const linesByDoc = groupLines(insertedLines);
    const posted = new Map<string, PostedDocument>();
    for (const row of inserted) posted.set(row.business_key, toDocument(row, linesByDoc.get(row.id) ?? [], true));
    for (const doc of existing) posted.set(doc.businessKey, doc);
    return inputs.map((input) => {
      const doc = posted.get(input.businessKey)!;
      if (doc.kind !== input.kind) throw new LedgerError('key_conflict', `business key ${input.businessKey} was posted as ${doc.kind}`);
      return doc;
    });
  });
}

export async function loadDocument(db: Database, id: string): Promise<PostedDocument> {
  const row = (await db('ledger_documents').where({ id }).first()) as DocumentRow | undefined;
  if (!row) throw new LedgerError('not_found', `ledger document ${id} not found`);
  const lines = (await db('ledger_lines').where({ document_id: id }).orderBy('line_no')) as LineRow[];
  return toDocument(row, lines, false);
}

export async function loadByKeys(db: Database, keys: string[]): Promise<PostedDocument[]> {
  const rows = (await db('ledger_documents').whereIn('business_key', keys)) as DocumentRow[];
  if (rows.length === 0) return [];
  const lines = (await db('ledger_lines')
    .whereIn(
      'document_id',
      rows.map((r) => r.id),
    )
    .orderBy(['document_id', 'line_no'])) as LineRow[];
  const byDoc = groupLines(lines);
  return rows.map((r) => toDocument(r, byDoc.get(r.id) ?? [], false));
}

function groupLines(lines: LineRow[]): Map<string, LineRow[]> {
  const byDoc = new Map<string, LineRow[]>();
  for (const l of lines) {
    const list = byDoc.get(l.document_id) ?? [];
    list.push(l);
    byDoc.set(l.document_id, list);
  }
  for (const list of byDoc.values()) list.sort((a, b) => a.line_no - b.line_no);
  return byDoc;
}

function checkDocument(input: DocumentInput): void {
  if (input.lines.length < 2) throw new LedgerError('invalid_line', `document ${input.businessKey} needs at least two lines`);
  let sum = 0;
  for (const l of input.lines) {
    assertCents(l.amountCents);
    sum += l.amountCents;
    if (l.glAccount === 'receivable' && (!input.contractAccountId || !l.itemType))
      throw new LedgerError('invalid_line', `document ${input.businessKey}: a receivable line needs a contract account and an item type`);
  }
  if (sum !== 0) throw new LedgerError('unbalanced', `document ${input.businessKey} is not balanced: its lines sum to ${sum} cents`);
}

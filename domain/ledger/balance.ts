/**
 * The account balance display: open items, cleared items with what cleared them, and the balance
 * (the sum of the open amounts, which equals the sum of all receivable lines).
 */
import type { Database } from '../../db';
import type { Cents } from '../money';
import { isoDate } from '../shared/dates';
import { toCents } from '../shared/db';
import type { DocumentKind, ItemType, OpenItem } from './types';

export interface ItemClearing {
  clearingId: string;
  clearingDate: string;
  reason: string;
  amountCents: Cents;
  /** The other items of that clearing (e.g. the payment that settled this installment). */
  counterItems: Array<{ lineId: string; documentNumber: string; text: string; amountCents: Cents }>;
}

export interface AccountItem extends OpenItem {
  clearings: ItemClearing[];
}

export interface AccountBalance {
  contractAccountId: string;
  balanceCents: Cents;
  /** Due today or earlier. */
  overdueCents: Cents;
  openItems: AccountItem[];
  clearedItems: AccountItem[];
}

interface ItemRow {
  line_id: string;
  document_id: string;
  document_number: string;
  kind: DocumentKind;
  reference: string | null;
  contract_account_id: string;
  contract_id: string | null;
  item_type: ItemType;
  text: string;
  amount_cents: string;
  open_cents: string;
  due_date: Date | string | null;
  posting_date: Date | string;
}

const itemColumns = [
  'o.line_id',
  'l.document_id',
  'd.document_number',
  'd.kind',
  'd.reference',
  'o.contract_account_id',
  'l.contract_id',
  'o.item_type',
  'l.text',
  'o.amount_cents',
  'o.open_cents',
  'o.due_date',
  'd.posting_date',
];

function toItem(r: ItemRow): OpenItem {
  return {
    lineId: r.line_id,
    documentId: r.document_id,
    documentNumber: r.document_number,
    documentKind: r.kind,
    reference: r.reference,
    contractAccountId: r.contract_account_id,
    contractId: r.contract_id,
    itemType: r.item_type,
    text: r.text,
    amountCents: toCents(r.amount_cents),
    openCents: toCents(r.open_cents),
    dueDate: r.due_date ? isoDate(r.due_date) : null,
    postingDate: isoDate(r.posting_date),
  };
}

function itemsQuery(db: Database) {
  return db('open_items as o')
    .join('ledger_lines as l', 'l.id', 'o.line_id')
    .join('ledger_documents as d', 'd.id', 'l.document_id')
    .select(itemColumns);
}

export async function openItems(db: Database, contractAccountId: string): Promise<OpenItem[]> {
  const rows = (await itemsQuery(db)
    .where('o.contract_account_id', contractAccountId)
    .whereNot('o.open_cents', 0)
    .orderByRaw('o.due_date NULLS FIRST, d.document_number')) as ItemRow[];
  return rows.map(toItem);
}

export async function accountBalance(db: Database, contractAccountId: string, today: string): Promise<AccountBalance> {
  const rows = (await itemsQuery(db)
    .where('o.contract_account_id', contractAccountId)
    .orderByRaw('d.posting_date, d.document_number, l.line_no')) as ItemRow[];
  const items = rows.map(toItem);
  const clearings = await clearingsByLine(
    db,
    items.map((i) => i.lineId),
  );
  const withClearings = items.map((i) => ({ ...i, clearings: clearings.get(i.lineId) ?? [] }));
  const open = withClearings.filter((i) => i.openCents !== 0);
  return {
    contractAccountId,
    balanceCents: open.reduce((s, i) => s + i.openCents, 0),
    overdueCents: open.filter((i) => i.openCents > 0 && i.dueDate !== null && i.dueDate <= today).reduce((s, i) => s + i.openCents, 0),
    openItems: open,
    clearedItems: withClearings.filter((i) => i.openCents === 0),
  };
}

async function clearingsByLine(db: Database, lineIds: string[]): Promise<Map<string, ItemClearing[]>> {
  const out = new Map<string, ItemClearing[]>();
  if (lineIds.length === 0) return out;
  const rows = (await db('clearing_allocations as a')
    .join('clearings as c', 'c.id', 'a.clearing_id')
    .join('ledger_lines as l', 'l.id', 'a.line_id')
    .join('ledger_documents as d', 'd.id', 'l.document_id')
    .whereIn('a.clearing_id', db('clearing_allocations').whereIn('line_id', lineIds).select('clearing_id'))
    .select('a.clearing_id', 'a.line_id', 'a.amount_cents', 'c.clearing_date', 'c.reason', 'd.document_number', 'l.text')) as Array<{
    clearing_id: string;
    line_id: string;
    amount_cents: string;
    clearing_date: Date | string;
    reason: string;
    document_number: string;
    text: string;
  }>;
  const byClearing = new Map<string, typeof rows>();
  for (const r of rows) byClearing.set(r.clearing_id, [...(byClearing.get(r.clearing_id) ?? []), r]);
  const wanted = new Set(lineIds);
  for (const [clearingId, allocs] of byClearing) {
    for (const a of allocs) {
      if (!wanted.has(a.line_id)) continue;
      const list = out.get(a.line_id) ?? [];
      list.push({
        clearingId,
        clearingDate: isoDate(a.clearing_date),
        reason: a.reason,
        amountCents: toCents(a.amount_cents),
        counterItems: allocs
          .filter((x) => x.line_id !== a.line_id)
          .map((x) => ({ lineId: x.line_id, documentNumber: x.document_number, text: x.text, amountCents: toCents(x.amount_cents) })),
      });
      out.set(a.line_id, list);
    }
  }
  return out;
}

/** Sum of all receivable lines of the account: must equal the balance of the open items. */
export async function receivableTotal(db: Database, contractAccountId: string): Promise<Cents> {
  const row = (await db('ledger_lines').where({ contract_account_id: contractAccountId }).sum({ s: 'amount_cents' }).first()) as
    { s: string | null } | undefined;
  return toCents(row?.s ?? 0);
}

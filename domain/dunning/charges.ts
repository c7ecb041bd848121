/**
 * Charges of default (§288 BGB) as customer items of their own: default interest on the overdue
 * principal items, and for business customers the flat fee of €40 per claim (§288 (5) BGB).
 *
 * - Only principal bears interest: bills, installments and returned debits. Fees, interest and
 *   flat fees do not (no compound interest, §289 BGB).
 * - Interest is on the item's open amount as it was each day (part payments and resets are read
 *   from its clearings), from the day after its due date or after the last day already charged
 *   (table interest_charges) up to `toDate`; each item's interest is rounded once.
 * - Items under an unresolved dunning block (a dispute) are neither charged interest nor a fee.
 * - Default interest is damages, not a supply: no VAT.
 * - Retries book nothing twice: interest by the caller's business key (and one charge per item
 *   and period), the flat fee by a business key per item, so it is charged once per item ever.
 */
import { descriptors } from '../../config/settings';
import type { Database } from '../../db';
import { loadByKeys, postDocument, postDocuments, type DocumentInput, type PostingLine } from '../ledger';
import type { Cents } from '../money';
import { addDays, isoDate, maxDate, type IsoDate } from '../shared/dates';
import { toCents } from '../shared/db';
import {
  defaultInterest,
  loadBaseRates,
  type CustomerType,
  type InterestSegment,
  type InterestSpreads,
  type PrincipalChange,
} from './interest';

/** Item types that are principal: the ones that bear interest and count as a claim for the flat fee. */
export const PRINCIPAL_ITEM_TYPES = ['bill', 'installment', 'return'] as const;

export interface ChargeInterestInput {
  contractAccountId: string;
  /** Last day that bears interest. */
  toDate: IsoDate;
  /** Default: the customer's customer_type. */
  customerType?: CustomerType;
  businessKey: string;
  excludeLineIds?: string[];
  spreads?: InterestSpreads;
  /** Days after toDate on which the interest falls due (INTEREST_DUE_DAYS). */
  dueDays?: number;
}

export interface ItemInterest {
  lineId: string;
  /** First and last day charged. */
  fromDate: IsoDate;
  toDate: IsoDate;
  cents: Cents;
  segments: InterestSegment[];
}

export interface ChargeResult {
  cents: Cents;
  documentId: string | null;
  perItem: ItemInterest[];
}

export class ChargeError extends Error {
  constructor(
    readonly code: 'not_found',
    message: string,
  ) {
    super(message);
    this.name = 'ChargeError';
  }
}

interface OverdueRow {
  line_id: string;
  amount_cents: string;
  due_date: Date | string;
  contract_id: string | null;
  document_number: string;
  item_type: string;
}

/** Open principal items of an account due before `before`, without the blocked ones. */
async function overduePrincipal(db: Database, contractAccountId: string, before: IsoDate, exclude: string[]): Promise<OverdueRow[]> {
  const blocks = (await db('dunning_blocks')
    .where({ contract_account_id: contractAccountId })
    .whereNull('resolved_at')
    .select('line_id')) as Array<{
    line_id: string | null;
  }>;
  if (blocks.some((b) => b.line_id === null)) return [];
  const blocked = new Set([...exclude, ...blocks.map((b) => b.line_id!)]);
  const rows = (await db('open_items as o')
    .join('ledger_lines as l', 'l.id', 'o.line_id')
    .join('ledger_documents as d', 'd.id', 'l.document_id')
    .where('o.contract_account_id', contractAccountId)
    .where('o.open_cents', '>', 0)
    .whereIn('o.item_type', PRINCIPAL_ITEM_TYPES)
    .where('o.due_date', '<', before)
    .orderBy(['o.due_date', 'd.document_number', 'l.line_no'])
    .select('o.line_id', 'o.amount_cents', 'o.due_date', 'l.contract_id', 'd.document_number', 'o.item_type')) as OverdueRow[];
  return rows.filter((r) => !blocked.has(r.line_id));
}

async function customerTypeOf(db: Database, contractAccountId: string): Promise<CustomerType> {
  const row = (await db('contract_accounts as a')
    .join('customers as c', 'c.id', 'a.customer_id')
    .where('a.id', contractAccountId)
    .first('c.customer_type')) as { customer_type: CustomerType } | undefined;
  if (!row) throw new ChargeError('not_found', `contract account ${contractAccountId} not found`);
  return row.customer_type;
}

/** Serialises charges of one account: two concurrent runs never charge the same days twice. */
async function lockAccount(trx: Database, contractAccountId: string): Promise<void> {
  const row = (await trx('contract_accounts').where({ id: contractAccountId }).forUpdate().first('id')) as { id: string } | undefined;
  if (!row) throw new ChargeError('not_found', `contract account ${contractAccountId} not found`);
}

/** The open amount of each item from each clearing date on, for the days after `after`. */
async function principalHistory(
  db: Database,
  items: OverdueRow[],
): Promise<Map<string, { startCents: Cents; changes: PrincipalChange[] }>> {
  const allocations = (await db('clearing_allocations as a')
    .join('clearings as c', 'c.id', 'a.clearing_id')
    .whereIn(
      'a.line_id',
      items.map((i) => i.line_id),
    )
    .groupBy('a.line_id', 'c.clearing_date')
    .orderBy(['a.line_id', 'c.clearing_date'])
    .select('a.line_id', 'c.clearing_date', db.raw('sum(a.amount_cents) as cents'))) as Array<{
    line_id: string;
    clearing_date: Date | string;
    cents: string;
  }>;
  const out = new Map<string, { startCents: Cents; changes: PrincipalChange[] }>();
  for (const item of items) out.set(item.line_id, { startCents: toCents(item.amount_cents), changes: [] });
  const running = new Map(items.map((i) => [i.line_id, toCents(i.amount_cents)]));
  for (const a of allocations) {
    const open = running.get(a.line_id)! - toCents(a.cents);
    running.set(a.line_id, open);
    out.get(a.line_id)!.changes.push({ date: isoDate(a.clearing_date), principalCents: open });
  }
  return out;
}

/** What an interest document booked, read back (a retry). */
async function chargedBy(db: Database, documentId: string): Promise<ChargeResult> {
  const rows = (await db('interest_charges').where({ document_id: documentId }).orderBy('from_date')) as Array<{
    line_id: string;
    from_date: Date | string;
    to_date: Date | string;
    amount_cents: string;
  }>;
  const perItem = rows.map((r) => ({
    lineId: r.line_id,
    fromDate: isoDate(r.from_date),
    toDate: isoDate(r.to_date),
    cents: toCents(r.amount_cents),
    segments: [],
  }));
  return { cents: perItem.reduce((s, i) => s + i.cents, 0), documentId, perItem };
}

/**
 * Posts one 'interest' document with a receivable line per overdue principal item (item type
 * 'interest', due toDate + dueDays) against interest income. Nothing is posted when the total is 0.
 */
export async function chargeInterest(db: Database, input: ChargeInterestInput): Promise<ChargeResult> {
  const { contractAccountId, toDate, businessKey } = input;
  const dueDays = input.dueDays ?? descriptors.interestDueDays.default;
  return db.transaction(async (trx) => {
    await lockAccount(trx, contractAccountId);
    const [done] = await loadByKeys(trx, [businessKey]);
    if (done) return chargedBy(trx, done.id);

    const customerType = input.customerType ?? (await customerTypeOf(trx, contractAccountId));
    const items = await overduePrincipal(trx, contractAccountId, toDate, input.excludeLineIds ?? []);
    if (items.length === 0) return { cents: 0, documentId: null, perItem: [] };
    const charged = (await trx('interest_charges')
      .whereIn(
        'line_id',
        items.map((i) => i.line_id),
      )
      .groupBy('line_id')
      .select('line_id', trx.raw('max(to_date) as to_date'))) as Array<{ line_id: string; to_date: Date | string }>;
    const chargedTo = new Map(charged.map((c) => [c.line_id, isoDate(c.to_date)]));
    const history = await principalHistory(trx, items);
    const baseRates = await loadBaseRates(trx);

    const perItem: ItemInterest[] = [];
    const lines: PostingLine[] = [];
    for (const item of items) {
      const last = chargedTo.get(item.line_id);
      const from = last ? maxDate(isoDate(item.due_date), last) : isoDate(item.due_date);
      if (from >= toDate) continue;
      const { startCents, changes } = history.get(item.line_id)!;
      const firstDay = addDays(from, 1);
      // The open amount on the first day: the item less everything cleared up to that day.
      const before = changes.filter((c) => c.date <= firstDay).at(-1)?.principalCents ?? startCents;
      const result = defaultInterest({
        principalCents: before,
        fromDate: from,
        toDate,
        customerType,
        baseRates,
        spreads: input.spreads,
        principalChanges: changes.filter((c) => c.date > firstDay),
      });
      // A claim for default interest is never a credit (a configured spread below a negative base rate).
      if (result.cents <= 0) continue;
      perItem.push({ lineId: item.line_id, fromDate: firstDay, toDate, cents: result.cents, segments: result.segments });
      lines.push({
        glAccount: 'receivable',
        itemType: 'interest',
        amountCents: result.cents,
        ...(item.contract_id ? { contractId: item.contract_id } : {}),
        dueDate: addDays(toDate, dueDays),
        text: `Verzugszinsen zu ${item.document_number} vom ${germanDate(firstDay)} bis ${germanDate(toDate)}`,
      });
    }
    const cents = perItem.reduce((s, i) => s + i.cents, 0);
    if (cents === 0) return { cents: 0, documentId: null, perItem: [] };
    lines.push({ glAccount: 'interest_income', amountCents: -cents, text: 'Verzugszinsen §288 BGB' });
    const doc = await postDocument(trx, {
      businessKey,
      kind: 'interest',
      contractAccountId,
      postingDate: toDate,
      text: `Verzugszinsen bis ${germanDate(toDate)}`,
      lines,
    });
    await trx('interest_charges').insert(
      perItem.map((i) => ({ line_id: i.lineId, from_date: i.fromDate, to_date: i.toDate, amount_cents: i.cents, document_id: doc.id })),
    );
    return { cents, documentId: doc.id, perItem };
  });
}

export interface ChargeFlatFeesInput {
  contractAccountId: string;
  today: IsoDate;
  /** DEFAULT_FLAT_FEE_CENTS. */
  amountCents?: Cents;
  /** INTEREST_DUE_DAYS. */
  dueDays?: number;
  excludeLineIds?: string[];
}

export interface FlatFeeResult {
  cents: Cents;
  /** The fees this call posted (a retry or a later run posts none for the same items). */
  fees: Array<{ lineId: string; documentId: string; cents: Cents }>;
}

/**
 * The flat fee of §288 (5) BGB for a business customer: once per overdue principal item ever,
 * installments included (each is a claim of its own). Consumers owe none. Each fee is a document
 * of its own keyed by the item (`flat-fee:<lineId>`), so retries and later runs never charge twice.
 */
export async function chargeFlatFees(db: Database, input: ChargeFlatFeesInput): Promise<FlatFeeResult> {
  const { contractAccountId, today } = input;
  const amount = input.amountCents ?? descriptors.defaultFlatFeeCents.default;
  const dueDays = input.dueDays ?? descriptors.interestDueDays.default;
  if ((await customerTypeOf(db, contractAccountId)) !== 'business' || amount <= 0) return { cents: 0, fees: [] };
  const items = await overduePrincipal(db, contractAccountId, today, input.excludeLineIds ?? []);
  const docs: DocumentInput[] = items.map((item) => ({
    businessKey: `flat-fee:${item.line_id}`,
    kind: 'fee',
    contractAccountId,
    postingDate: today,
    reference: item.document_number,
    text: `Verzugspauschale §288 Abs. 5 BGB zu ${item.document_number}`,
    lines: [
      {
        glAccount: 'receivable',
        itemType: 'flat_fee',
        amountCents: amount,
        ...(item.contract_id ? { contractId: item.contract_id } : {}),
        dueDate: addDays(today, dueDays),
        text: `Verzugspauschale zu ${item.document_number}`,
      },
      { glAccount: 'fee_income', amountCents: -amount, text: 'Verzugspauschale §288 Abs. 5 BGB' },
    ],
  }));
  const posted = await postDocuments(db, docs);
  const fees = posted
    .map((d, i) => ({ lineId: items[i].line_id, documentId: d.id, cents: d.lines[0].amountCents, created: d.created }))
    .filter((f) => f.created)
    .map(({ created: _created, ...f }) => f);
  return { cents: fees.reduce((s, f) => s + f.cents, 0), fees };
}

function germanDate(date: IsoDate): string {
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y}`;
}

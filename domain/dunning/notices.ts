/**
 * What a notice says and that it was sent: the open, undisputed items with their charges, the
 * bank's reason when a return debit caused the case, and the notice record (one per case and
 * level, by business key, so a retried job sends nothing twice).
 */
import type { Database } from '../../db';
import { postDocument, type ItemType } from '../ledger';
import type { Cents } from '../money';
import { addDays, isoDate } from '../shared/dates';
import { toCents } from '../shared/db';
import { blockedItemSql } from './blocks';

export type NoticeChannel = 'email' | 'letter' | 'sms';

export interface NoticeItem {
  lineId: string;
  documentNumber: string;
  itemType: ItemType;
  text: string;
  dueDate: string | null;
  openCents: Cents;
}

export interface NoticeContent {
  items: NoticeItem[];
  /** Principal items (bills, installments, returned debits, agreement rates). */
  principalCents: Cents;
  feesCents: Cents;
  interestCents: Cents;
  /** Open credits that reduce the claim (negative). */
  creditsCents: Cents;
  totalCents: Cents;
  disputedCents: Cents;
  /** The bank's reason of the account's latest return debit (a notice of cause 'return' names it). */
  returnReason: string | null;
}

const CHARGES: ReadonlySet<string> = new Set(['fee', 'collection_cost']);
const INTEREST: ReadonlySet<string> = new Set(['interest', 'flat_fee']);

export async function noticeContent(db: Database, contractAccountId: string): Promise<NoticeContent> {
  const rows = (await db('open_items as o')
    .join('ledger_lines as l', 'l.id', 'o.line_id')
    .join('ledger_documents as d', 'd.id', 'l.document_id')
    .where('o.contract_account_id', contractAccountId)
    .whereNot('o.open_cents', 0)
    .orderByRaw('o.due_date NULLS FIRST, d.document_number, l.line_no')
    .select(
      'o.line_id',
      'd.document_number',
      'o.item_type',
      'l.text',
      'o.due_date',
      'o.open_cents',
      db.raw(`${blockedItemSql('o')} AS blocked`),
    )) as Array<Record<string, any>>;
  const items: NoticeItem[] = [];
  let principal = 0;
  let fees = 0;
  let interest = 0;
  let credits = 0;
  let disputed = 0;
  for (const r of rows) {
    const open = toCents(r.open_cents);
    if (open < 0) {
      credits += open;
      continue;
    }
    if (r.blocked) {
      disputed += open;
      continue;
    }
    items.push({
      lineId: r.line_id,
      documentNumber: r.document_number,
      itemType: r.item_type,
      text: r.text,
      dueDate: r.due_date ? isoDate(r.due_date) : null,
      openCents: open,
    });
    if (CHARGES.has(r.item_type)) fees += open;
    else if (INTEREST.has(r.item_type)) interest += open;
    else principal += open;
  }
  const ret = (await db('ledger_documents')
    .where({ contract_account_id: contractAccountId, kind: 'return' })
    .orderBy('created_at', 'desc')
    .first('text')) as { text: string } | undefined;
  return {
    items,
    principalCents: principal,
    feesCents: fees,
    interestCents: interest,
    creditsCents: credits,
    totalCents: Math.max(0, principal + fees + interest + credits),
    disputedCents: disputed,
    returnReason: ret ? ret.text.replace(/^[^:]*:\s*/, '') : null,
  };
}

/** Posts the dunning fee of a level once (actual costs only; the amount comes from the DMN). */
export async function postDunningFee(
  db: Database,
  input: { caseId: string; contractAccountId: string; level: number; feeCents: Cents; today: string; paymentDays: number },
): Promise<Cents> {
  if (input.feeCents <= 0) return 0;
  await postDocument(db, {
    businessKey: `dunning-fee:${input.caseId}:${input.level}`,
    kind: 'fee',
    contractAccountId: input.contractAccountId,
    postingDate: input.today,
    text: `Mahngebühr Stufe ${input.level}`,
    lines: [
      {
        glAccount: 'receivable',
        itemType: 'fee',
        amountCents: input.feeCents,
        dueDate: addDays(input.today, input.paymentDays),
        text: `Mahngebühr (${input.level}. Mahnung)`,
      },
      { glAccount: 'fee_income', amountCents: -input.feeCents, text: `Mahngebühr (${input.level}. Mahnung)` },
    ],
  });
  return input.feeCents;
}

export interface NoticeRecord {
  caseId: string;
  level: number;
  channel: NoticeChannel;
  sentOn: string;
  openCents: Cents;
  feeCents: Cents;
  interestCents: Cents;
  bureauWarning: boolean;
  documentId: string | null;
}

/** Records the notice; false when it had been recorded before (a retry). */
export async function recordNotice(db: Database, n: NoticeRecord): Promise<boolean> {
  const inserted = (await db('dunning_notices')
    .insert({
      business_key: `dunning-notice:${n.caseId}:${n.level}`,
      case_id: n.caseId,
      level: n.level,
      channel: n.channel,
      sent_on: n.sentOn,
      open_cents: n.openCents,
      fee_cents: n.feeCents,
      interest_cents: n.interestCents,
      bureau_warning: n.bureauWarning,
      document_id: n.documentId,
    })
    .onConflict('business_key')
    .ignore()
    .returning('id')) as unknown[];
  if (inserted.length && n.level > 0)
    await db('dunning_cases').where({ id: n.caseId }).where('level', '<', n.level).update({ level: n.level });
  return inserted.length > 0;
}

export interface NoticeSummary {
  level: number;
  channel: NoticeChannel;
  sentOn: string;
  openCents: Cents;
  feeCents: Cents;
  interestCents: Cents;
  bureauWarning: boolean;
}

export async function noticesOfCase(db: Database, caseId: string): Promise<NoticeSummary[]> {
  const rows = (await db('dunning_notices').where({ case_id: caseId }).orderBy('level')) as Array<Record<string, any>>;
  return rows.map((r) => ({
    level: Number(r.level),
    channel: r.channel,
    sentOn: isoDate(r.sent_on),
    openCents: toCents(r.open_cents),
    feeCents: toCents(r.fee_cents),
    interestCents: toCents(r.interest_cents),
    bureauWarning: r.bureau_warning,
  }));
}

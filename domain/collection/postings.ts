/**
 * What collection books: court and enforcement costs passed on to the debtor, write-offs of items
 * that cannot be collected, and an insolvency quota received. Each posting and its clearings run in
 * one transaction, keyed by a business key: a retried job finds the document and books nothing.
 */
import type { Database } from '../../db';
import { clearMany, loadByKeys, postDocument, settle, type ClearingInput, type PostedDocument } from '../ledger';
import type { Cents } from '../money';
import { CollectionError } from './errors';

export interface WriteOffItem {
  lineId: string;
  /** The part written off (≤ the item's open amount). */
  cents: Cents;
  text: string;
}

/**
 * A 'write_off' document: one receivable credit line per item (item type 'write_off') against the
 * write-off account, each clearing its item. The lines of a document balance, so the ledger stays
 * at zero.
 */
export async function postWriteOff(
  db: Database,
  input: { businessKey: string; contractAccountId: string; date: string; reason: string; items: WriteOffItem[] },
): Promise<PostedDocument | null> {
  const items = input.items.filter((i) => i.cents > 0);
  if (items.length === 0) return null;
  return db.transaction(async (trx) => {
    const [existing] = await loadByKeys(trx, [input.businessKey]);
    if (existing) return existing;
    const total = items.reduce((s, i) => s + i.cents, 0);
    const doc = await postDocument(trx, {
      businessKey: input.businessKey,
      kind: 'write_off',
      contractAccountId: input.contractAccountId,
      postingDate: input.date,
      text: `Ausbuchung: ${input.reason}`,
      lines: [
        ...items.map((i) => ({
          glAccount: 'receivable' as const,
          itemType: 'write_off' as const,
          amountCents: -i.cents,
          text: `Ausbuchung ${i.text}`,
        })),
        { glAccount: 'write_off', amountCents: total, text: `Forderungsausfall: ${input.reason}` },
      ],
    });
    const clearings: ClearingInput[] = items.map((item, n) => ({
      businessKey: `${input.businessKey}:${n + 1}`,
      contractAccountId: input.contractAccountId,
      clearingDate: input.date,
      reason: `Ausbuchung: ${input.reason}`,
      allocations: [
        { lineId: item.lineId, amountCents: item.cents },
        { lineId: doc.lines[n].id, amountCents: -item.cents },
      ],
    }));
    await clearMany(trx, clearings);
    return doc;
  });
}

/** Court fee or enforcement costs: a customer item of type 'collection_cost' against 'collection_costs'. */
export async function postCollectionCost(
  db: Database,
  input: { businessKey: string; contractAccountId: string; date: string; cents: Cents; text: string; reference: string },
): Promise<PostedDocument | null> {
  if (input.cents <= 0) return null;
  return postDocument(db, {
    businessKey: input.businessKey,
    kind: 'collection_cost',
    contractAccountId: input.contractAccountId,
    postingDate: input.date,
    reference: input.reference,
    text: input.text,
    lines: [
      { glAccount: 'receivable', itemType: 'collection_cost', amountCents: input.cents, dueDate: input.date, text: input.text },
      { glAccount: 'collection_costs', amountCents: -input.cents, text: input.text },
    ],
  });
}

/**
 * The quota of an insolvency: a payment (bank against a receivable credit) cleared against the
 * claim's items in their order; returns what each item still owes afterwards.
 */
export async function postQuota(
  db: Database,
  input: {
    businessKey: string;
    contractAccountId: string;
    date: string;
    cents: Cents;
    reference: string;
    items: Array<{ lineId: string; openCents: Cents }>;
  },
): Promise<{ document: PostedDocument | null; remaining: Map<string, Cents> }> {
  const remaining = new Map(input.items.map((i) => [i.lineId, i.openCents]));
  if (input.cents <= 0) return { document: null, remaining };
  const claimTotal = input.items.reduce((s, i) => s + i.openCents, 0);
  if (input.cents > claimTotal)
    throw new CollectionError('invalid', `the quota ${input.cents} exceeds the claim of ${claimTotal} cents`, 'amountCents');
  return db.transaction(async (trx) => {
    const doc = await postDocument(trx, {
      businessKey: input.businessKey,
      kind: 'payment',
      contractAccountId: input.contractAccountId,
      postingDate: input.date,
      reference: input.reference,
      text: `Insolvenzquote ${input.reference}`,
      lines: [
        { glAccount: 'bank', amountCents: input.cents, text: `Insolvenzquote ${input.reference}` },
        { glAccount: 'receivable', itemType: 'payment', amountCents: -input.cents, text: `Insolvenzquote ${input.reference}` },
      ],
    });
    const allocations = settle(
      input.items.map((i) => ({ lineId: i.lineId, open: i.openCents })),
      [{ lineId: doc.lines[1].id, open: input.cents }],
    );
    await clearMany(trx, [
      {
        businessKey: `${input.businessKey}:clearing`,
        contractAccountId: input.contractAccountId,
        clearingDate: input.date,
        reason: 'Insolvenzquote',
        allocations,
      },
    ]);
    for (const a of allocations) if (remaining.has(a.lineId)) remaining.set(a.lineId, remaining.get(a.lineId)! - a.amountCents);
    return { document: doc, remaining };
  });
}

/**
 * The claim handed over to collection: the account's open debit items except those under a dunning
 * block (an unresolved block on the item, or one on the whole account), less open credits, grouped
 * as the payment order asks for them: main claim, interest, costs.
 */
import type { Database } from '../../db';
import { openItems, type ItemType, type OpenItem } from '../ledger';
import type { Cents } from '../money';

export type ClaimCategory = 'main' | 'interest' | 'costs' | 'credit';

export interface ClaimItem {
  lineId: string;
  itemType: ItemType;
  category: ClaimCategory;
  documentNumber: string;
  text: string;
  dueDate: string | null;
  /** Open amount; negative for credits (payments not yet cleared) that reduce the claim. */
  openCents: Cents;
}

export interface Claim {
  items: ClaimItem[];
  mainCents: Cents;
  interestCents: Cents;
  costsCents: Cents;
  creditCents: Cents;
  /** What is claimed: main + interest + costs − credits, never below zero. */
  totalCents: Cents;
  /** Items left out because a dunning block covers them. */
  blockedLineIds: string[];
}

export interface ActiveBlock {
  /** null: the whole account. */
  lineId: string | null;
}

export function categoryOf(itemType: ItemType, openCents: Cents): ClaimCategory {
  if (openCents < 0) return 'credit';
  if (itemType === 'interest') return 'interest';
  if (itemType === 'fee' || itemType === 'flat_fee' || itemType === 'collection_cost') return 'costs';
  return 'main';
}

/** Pure: the claim from the open items and the account's active blocks. */
export function composeClaim(items: OpenItem[], blocks: ActiveBlock[]): Claim {
  const wholeAccount = blocks.some((b) => b.lineId === null);
  const blockedLines = new Set(blocks.map((b) => b.lineId).filter((id): id is string => id !== null));
  const claimItems: ClaimItem[] = [];
  const blockedLineIds: string[] = [];
  for (const i of items) {
    if (i.openCents === 0) continue;
    if (i.openCents > 0 && (wholeAccount || blockedLines.has(i.lineId))) {
      blockedLineIds.push(i.lineId);
      continue;
    }
    claimItems.push({
      lineId: i.lineId,
      itemType: i.itemType,
      category: categoryOf(i.itemType, i.openCents),
      documentNumber: i.documentNumber,
      text: i.text,
      dueDate: i.dueDate,
      openCents: i.openCents,
    });
  }
  const sum = (c: ClaimCategory) => claimItems.filter((i) => i.category === c).reduce((s, i) => s + i.openCents, 0);
  const [mainCents, interestCents, costsCents, creditCents] = [sum('main'), sum('interest'), sum('costs'), -sum('credit')];
  return {
    items: claimItems,
    mainCents,
    interestCents,
    costsCents,
    creditCents,
    totalCents: Math.max(0, mainCents + interestCents + costsCents - creditCents),
    blockedLineIds,
  };
}

export async function activeBlocks(db: Database, contractAccountId: string): Promise<ActiveBlock[]> {
  const rows = (await db('dunning_blocks')
    .where({ contract_account_id: contractAccountId })
    .whereNull('resolved_at')
    .select('line_id')) as Array<{
    line_id: string | null;
  }>;
  return rows.map((r) => ({ lineId: r.line_id }));
}

/** The account's claim now. */
export async function currentClaim(db: Database, contractAccountId: string): Promise<Claim> {
  const [items, blocks] = await Promise.all([openItems(db, contractAccountId), activeBlocks(db, contractAccountId)]);
  return composeClaim(items, blocks);
}

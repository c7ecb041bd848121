/**
 * Dunning blocks (Mahnsperren): a customer disputes an item (or the whole account). A block has a
 * reason and an end date; a case worker resolves it in the Tasklist. While it stands, the blocked
 * items are never dunned, charged interest, reported to a bureau or handed over to collection.
 */
import type { Database } from '../../db';
import { isValidIsoDate, isoDate } from '../shared/dates';
import { DunningError } from './errors';

/** upheld: the customer was right (the item is corrected elsewhere); rejected: dunning resumes; lapsed: the end date passed. */
export type BlockResolution = 'upheld' | 'rejected' | 'lapsed';

export interface DunningBlock {
  id: string;
  contractAccountId: string;
  lineId: string | null;
  reason: string;
  validUntil: string;
  createdBy: string;
  resolvedAt: string | null;
  resolution: BlockResolution | null;
  resolutionNote: string | null;
}

interface BlockRow {
  id: string;
  contract_account_id: string;
  line_id: string | null;
  reason: string;
  valid_until: Date | string;
  created_by: string;
  resolved_at: Date | string | null;
  resolution: BlockResolution | null;
  resolution_note: string | null;
}

const toBlock = (r: BlockRow): DunningBlock => ({
  id: r.id,
  contractAccountId: r.contract_account_id,
  lineId: r.line_id,
  reason: r.reason,
  validUntil: isoDate(r.valid_until),
  createdBy: r.created_by,
  resolvedAt: r.resolved_at ? new Date(r.resolved_at).toISOString() : null,
  resolution: r.resolution,
  resolutionNote: r.resolution_note,
});

export interface SetBlockInput {
  contractAccountId: string;
  lineId?: string | null;
  reason: string;
  validUntil: string;
  createdBy: string;
  today: string;
}

export async function setBlock(db: Database, input: SetBlockInput): Promise<DunningBlock> {
  if (typeof input.reason !== 'string' || input.reason.trim() === '')
    throw new DunningError('invalid', 'a dunning block needs a reason', 'reason');
  if (!isValidIsoDate(input.validUntil)) throw new DunningError('invalid', 'validUntil must be a date (YYYY-MM-DD)', 'validUntil');
  if (input.validUntil < input.today) throw new DunningError('invalid', 'validUntil lies in the past', 'validUntil');
  if (input.lineId) {
    const line = await db('ledger_lines').where({ id: input.lineId, contract_account_id: input.contractAccountId }).first('id');
    if (!line) throw new DunningError('invalid', 'the item does not belong to this account', 'lineId');
  }
  const [row] = (await db('dunning_blocks')
    .insert({
      contract_account_id: input.contractAccountId,
      line_id: input.lineId ?? null,
      reason: input.reason.trim(),
      valid_until: input.validUntil,
      created_by: input.createdBy,
    })
    .returning('*')) as BlockRow[];
  return toBlock(row);
}

export async function loadBlock(db: Database, id: string): Promise<DunningBlock> {
  const row = (await db('dunning_blocks').where({ id }).first()) as BlockRow | undefined;
  if (!row) throw new DunningError('not_found', `dunning block ${id} not found`);
  return toBlock(row);
}

/** Resolves a block once; a second resolution of the same block is refused. */
export async function resolveBlock(
  db: Database,
  id: string,
  resolution: BlockResolution,
  note: string | null,
): Promise<{ block: DunningBlock; changed: boolean }> {
  const updated = (await db('dunning_blocks')
    .where({ id })
    .whereNull('resolved_at')
    .update({ resolved_at: db.fn.now(), resolution, resolution_note: note })
    .returning('*')) as BlockRow[];
  if (updated.length) return { block: toBlock(updated[0]), changed: true };
  return { block: await loadBlock(db, id), changed: false };
}

export async function blocksOf(db: Database, contractAccountId: string): Promise<DunningBlock[]> {
  const rows = (await db('dunning_blocks').where({ contract_account_id: contractAccountId }).orderBy('created_at')) as BlockRow[];
  return rows.map(toBlock);
}

/**
 * SQL condition: the open item aliased `alias` is under an unresolved block (its own, or one on
 * the whole account). Shared by the proposal, charges, notices and collection.
 */
export function blockedItemSql(alias: string): string {
  return `EXISTS (SELECT 1 FROM dunning_blocks b WHERE b.contract_account_id = ${alias}.contract_account_id
    AND b.resolved_at IS NULL AND (b.line_id IS NULL OR b.line_id = ${alias}.line_id))`;
}

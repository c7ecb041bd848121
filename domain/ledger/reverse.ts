/**
 * A correction is a reversal: a new document with every line negated, never an edit. Whatever of
 * the original's items is still open is settled by the reversal's items; what was already paid
 * stays as a credit on the account (e.g. a cancelled bill that was paid).
 */
import type { Database } from '../../db';
import { toCents } from '../shared/db';
import { clear } from './clearing';
import { loadDocument, postDocument } from './post';
import { LedgerError, type Allocation, type PostedDocument } from './types';

export async function reverseDocument(
  db: Database,
  documentId: string,
  opts: { businessKey: string; postingDate: string; reason: string },
): Promise<PostedDocument> {
  return db.transaction(async (trx) => {
    const original = await loadDocument(trx, documentId);
    const prior = (await trx('ledger_documents').where({ reverses_document_id: documentId }).first()) as
      { business_key: string } | undefined;
    if (prior && prior.business_key !== opts.businessKey)
      throw new LedgerError('already_reversed', `document ${original.documentNumber} is already reversed`);
    const reversal = await postDocument(trx, {
      businessKey: opts.businessKey,
      kind: 'reversal',
      contractAccountId: original.contractAccountId ?? undefined,
      postingDate: opts.postingDate,
      reference: original.documentNumber,
      text: `Storno ${original.documentNumber}: ${opts.reason}`,
      reversesDocumentId: original.id,
      lines: original.lines.map((l) => ({
        glAccount: l.glAccount,
        amountCents: -l.amountCents,
        ...(l.itemType ? { itemType: 'reversal' as const } : {}),
        ...(l.contractId ? { contractId: l.contractId } : {}),
        ...(l.dueDate ? { dueDate: l.dueDate } : {}),
        ...(l.vatRatePercent ? { vatRatePercent: l.vatRatePercent } : {}),
        text: `Storno: ${l.text}`,
      })),
    });
    if (!reversal.created || !original.contractAccountId) return reversal;
    // Settle each original item's open part with its mirror line.
    const open = (await trx('open_items')
      .whereIn(
        'line_id',
        original.lines.map((l) => l.id),
      )
      .select('line_id', 'open_cents')) as Array<{ line_id: string; open_cents: string }>;
    const allocations: Allocation[] = [];
    for (const o of open) {
      const cents = toCents(o.open_cents);
      if (cents === 0) continue;
      const mirror = reversal.lines[original.lines.findIndex((l) => l.id === o.line_id)];
      allocations.push({ lineId: o.line_id, amountCents: cents }, { lineId: mirror.id, amountCents: -cents });
    }
    if (allocations.length)
      await clear(trx, {
        businessKey: `${opts.businessKey}:clearing`,
        contractAccountId: original.contractAccountId,
        clearingDate: opts.postingDate,
        reason: `Storno ${original.documentNumber}`,
        allocations,
      });
    return reversal;
  });
}

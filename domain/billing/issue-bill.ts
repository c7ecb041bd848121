/**
 * Issuing a bill: calculate it (calculate.ts), store it and post it in one transaction. It is the
 * bill run (bill-run.ts) for a page of one contract, so one bill and 100,000 post the same way.
 *
 * The bill's document posts revenue and VAT per rate, releases the installments requested in the
 * period from `down_payments`, and leaves one customer item: the amount due (type bill) or the
 * credit (type credit). Then the account's open debits and credits settle each other, so a credit
 * first pays what is still open and only the rest is refunded. Idempotent by business key: one
 * bill per contract, kind and period end; a correction after a cancellation has its own key.
 */
import type { Database } from '../../db';
import { billKey, issueBillPage } from './bill-run';
import { loadBill, type IssuedBill } from './bills';
import type { BillKind, ReadingUsed } from './types';

export { billKey };

export interface IssueBillInput {
  contractId: string;
  kind: BillKind;
  periodEnd: string;
  billDate: string;
  readings: { start: ReadingUsed; end: ReadingUsed };
  /** §40c EnWG: at least two weeks after the bill. */
  paymentTermDays?: number;
  /** Set when this bill replaces a cancelled one. */
  correctsBillId?: string;
}

export async function issueBill(db: Database, input: IssueBillInput): Promise<IssuedBill> {
  const existing = (await db('bills')
    .where({ business_key: billKey(input.contractId, input.kind, input.periodEnd, input.correctsBillId) })
    .first('id')) as { id: string } | undefined;
  if (existing) return loadBill(db, existing.id);
  const [outcome] = await issueBillPage(
    db,
    [{ contractId: input.contractId, periodEnd: input.periodEnd, readings: input.readings, correctsBillId: input.correctsBillId }],
    { kind: input.kind, billDate: input.billDate, paymentTermDays: input.paymentTermDays },
  );
  if (outcome.status === 'failed') throw outcome.error;
  return loadBill(db, outcome.billId);
}

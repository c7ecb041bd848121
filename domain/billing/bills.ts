/** Reading and cancelling bills. A cancelled bill stays; its document is reversed, never deleted. */
import type { Database } from '../../db';
import { reverseDocument } from '../ledger';
import { isoDate } from '../shared/dates';
import { jsonColumn, toCents } from '../shared/db';
import { BillingError } from './calculate';
import type { BillCalculation, BillKind } from './types';

export interface IssuedBill {
  id: string;
  billNumber: string;
  contractId: string;
  contractAccountId: string;
  kind: BillKind;
  periodStart: string;
  periodEnd: string;
  billDate: string;
  dueDate: string;
  netCents: number;
  vatCents: number;
  grossCents: number;
  installmentsCents: number;
  amountDueCents: number;
  ledgerDocumentId: string;
  correctsBillId: string | null;
  cancelled: { reason: string; reversalDocumentId: string; at: string } | null;
  calculation: BillCalculation;
}

type Row = Record<string, unknown>;

function toBill(r: Row, cancellation?: Row): IssuedBill {
  return {
    id: r.id as string,
    billNumber: r.bill_number as string,
    contractId: r.contract_id as string,
    contractAccountId: r.contract_account_id as string,
    kind: r.kind as BillKind,
    periodStart: isoDate(r.period_start as Date),
    periodEnd: isoDate(r.period_end as Date),
    billDate: isoDate(r.bill_date as Date),
    dueDate: isoDate(r.due_date as Date),
    netCents: toCents(r.net_cents as string),
    vatCents: toCents(r.vat_cents as string),
    grossCents: toCents(r.gross_cents as string),
    installmentsCents: toCents(r.installments_cents as string),
    amountDueCents: toCents(r.amount_due_cents as string),
    ledgerDocumentId: r.ledger_document_id as string,
    correctsBillId: (r.corrects_bill_id as string | null) ?? null,
    cancelled: cancellation
      ? {
          reason: cancellation.reason as string,
          reversalDocumentId: cancellation.reversal_document_id as string,
          at: new Date(cancellation.created_at as string).toISOString(),
        }
      : null,
    calculation: jsonColumn<BillCalculation>(r.calculation),
  };
}

export class BillNotFoundError extends Error {
  constructor(readonly billId: string) {
    super(`bill ${billId} not found`);
    this.name = 'BillNotFoundError';
  }
}

export async function loadBill(db: Database, billId: string): Promise<IssuedBill> {
  const row = (await db('bills').where({ id: billId }).first()) as Row | undefined;
  if (!row) throw new BillNotFoundError(billId);
  const cancellation = (await db('bill_cancellations').where({ bill_id: billId }).first()) as Row | undefined;
  return toBill(row, cancellation);
}

export async function billsOfContract(db: Database, contractId: string): Promise<IssuedBill[]> {
  const rows = (await db('bills').where({ contract_id: contractId }).orderBy('period_end')) as Row[];
  const cancellations = (await db('bill_cancellations').whereIn(
    'bill_id',
    rows.map((r) => r.id as string),
  )) as Row[];
  const byBill = new Map(cancellations.map((c) => [c.bill_id as string, c]));
  return rows.map((r) => toBill(r, byBill.get(r.id as string)));
}

/**
 * Cancels a bill: its document is reversed (what was still open of it is settled by the reversal,
 * what was paid becomes a credit) and the contract's billing period starts again where the bill's
 * did, so a corrected bill (issueBill with correctsBillId) can follow. Idempotent.
 */
export async function cancelBill(db: Database, billId: string, reason: string, cancelledBy: string, today: string): Promise<IssuedBill> {
  const bill = await loadBill(db, billId);
  if (bill.cancelled) return bill;
  const later = (await db('bills').where({ contract_id: bill.contractId }).where('period_end', '>', bill.periodEnd).first('id')) as unknown;
  if (later)
    throw new BillingError('billId', `Rechnung ${bill.billNumber} ist nicht die letzte des Vertrags; stornieren Sie die späteren zuerst`);
  await db.transaction(async (trx) => {
    const reversal = await reverseDocument(trx, bill.ledgerDocumentId, {
      businessKey: `cancel-bill:${billId}`,
      postingDate: today,
      reason,
    });
    await trx('bill_cancellations')
      .insert({ bill_id: billId, reversal_document_id: reversal.id, reason, cancelled_by: cancelledBy })
      .onConflict('bill_id')
      .ignore();
    await trx('contracts').where({ id: bill.contractId }).update({ billing_period_start: bill.periodStart });
  });
  return loadBill(db, billId);
}

/** Contracts with their meter, readings, installment plan and bills (the bills' calculations stay behind their PDFs). */
import type { Database } from '../../../db';
import { billsOfContract, type IssuedBill } from '../../billing/bills';
import { activePlan, type InstallmentPlan } from '../../billing/installments-repository';
import { loadContract, type ContractView } from '../../contracts';
import { isoDate } from '../../shared/dates';
import { toDecimalString } from '../../shared/db';

export interface ReadingSummary {
  id: string;
  readingDate: string;
  valueKwh: string;
  source: string;
  status: string;
  note: string | null;
}

export type BillSummary = Omit<IssuedBill, 'calculation'> & { pdfUrl: string };

export interface ContractSection {
  id: string;
  contractNumber: string;
  orderId: string;
  status: ContractView['status'];
  tariffCode: string;
  startDate: string | null;
  endDate: string | null;
  annualConsumptionKwh: number;
  installmentCadence: ContractView['installmentCadence'];
  supplyAddress: ContractView['supplyAddress'];
  accountId: string;
  accountNumber: string;
  meter: { id: string; meterNumber: string } | null;
  /** Newest first, every status (a pending or implausible reading is what a customer calls about). */
  readings: ReadingSummary[];
  installmentPlan: Pick<InstallmentPlan, 'validFrom' | 'cadence' | 'amountCents' | 'reason'> | null;
  /** Newest first. */
  bills: BillSummary[];
}

export async function contractSections(db: Database, customerId: string): Promise<ContractSection[]> {
  const ids = (await db('contracts').where({ customer_id: customerId }).orderBy('created_at').pluck('id')) as string[];
  return Promise.all(ids.map((id) => contractSection(db, id)));
}

async function contractSection(db: Database, contractId: string): Promise<ContractSection> {
  const [c, readings, plan, bills] = await Promise.all([
    loadContract(db, contractId),
    readingsOf(db, contractId),
    activePlan(db, contractId),
    billsOfContract(db, contractId),
  ]);
  return {
    id: c.id,
    contractNumber: c.contractNumber,
    orderId: c.orderId,
    status: c.status,
    tariffCode: c.tariffCode,
    startDate: c.startDate,
    endDate: c.endDate,
    annualConsumptionKwh: c.annualConsumptionKwh,
    installmentCadence: c.installmentCadence,
    supplyAddress: c.supplyAddress,
    accountId: c.account.id,
    accountNumber: c.account.accountNumber,
    meter: c.meter,
    readings,
    installmentPlan: plan ? { validFrom: plan.validFrom, cadence: plan.cadence, amountCents: plan.amountCents, reason: plan.reason } : null,
    bills: bills.reverse().map(({ calculation: _calculation, ...bill }) => ({ ...bill, pdfUrl: `/api/bills/${bill.id}/pdf` })),
  };
}

async function readingsOf(db: Database, contractId: string): Promise<ReadingSummary[]> {
  const rows = (await db('meter_readings')
    .where({ contract_id: contractId })
    .orderBy([
      { column: 'reading_date', order: 'desc' },
      { column: 'created_at', order: 'desc' },
    ])
    .select('id', 'reading_date', 'value_kwh', 'source', 'status', 'note')) as Array<Record<string, any>>;
  return rows.map((r) => ({
    id: r.id,
    readingDate: isoDate(r.reading_date),
    valueKwh: toDecimalString(r.value_kwh),
    source: r.source,
    status: r.status,
    note: r.note ?? null,
  }));
}

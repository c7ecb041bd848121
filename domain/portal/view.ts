/**
 * What a customer sees of themselves in the portal, read-only: master data, contracts with meter,
 * installment plan and latest readings, the contract accounts with balance and bank details
 * (masked), bills and payments. Every query is bound to the signed-in customer's id, so no other
 * customer's row can appear; a bill of another customer is simply not found.
 */
import type { Database } from '../../db';
import { isoDate } from '../shared/dates';
import { toCents } from '../shared/db';

type Row = Record<string, unknown>;
const day = (v: unknown) => (v === null || v === undefined ? null : isoDate(v as Date | string));
const jsonOf = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

export interface PortalAddress {
  street?: string;
  houseNumber?: string;
  postalCode?: string;
  city?: string;
}

export interface PortalOverview {
  customer: {
    customerNumber: string;
    firstName: string;
    lastName: string;
    email: string;
    phone: string | null;
    address: PortalAddress;
  };
  contracts: Array<{
    id: string;
    contractNumber: string;
    status: string;
    tariffCode: string;
    tariffName: string | null;
    startDate: string | null;
    endDate: string | null;
    annualConsumptionKwh: number;
    supplyAddress: PortalAddress;
    meterNumber: string | null;
    accountNumber: string;
    installmentPlan: { amountCents: number; cadence: string; validFrom: string } | null;
    pendingInstallmentPlan: { amountCents: number; cadence: string; validFrom: string } | null;
    readings: Array<{ date: string; valueKwh: string; source: string; status: string }>;
  }>;
  accounts: Array<{
    id: string;
    accountNumber: string;
    paymentMethod: string;
    billDelivery: string;
    /** Sum of the open items: positive is owed by the customer, negative a credit. */
    balanceCents: number;
    mandate: { reference: string; ibanLast4: string; accountHolder: string } | null;
  }>;
  bills: Array<{
    id: string;
    billNumber: string;
    contractNumber: string;
    kind: string;
    periodStart: string;
    periodEnd: string;
    billDate: string;
    dueDate: string;
    grossCents: number;
    amountDueCents: number;
    cancelled: boolean;
    hasPdf: boolean;
  }>;
  payments: Array<{ id: string; date: string; kind: string; text: string; amountCents: number; accountNumber: string }>;
  /** Tariffs the customer may change to: those offered to everyone, and any made for this customer. */
  tariffs: Array<{ code: string; name: string; commodity: string }>;
}

export async function portalOverview(db: Database, customerId: string): Promise<PortalOverview | undefined> {
  const c = (await db('customers').where({ id: customerId }).first()) as Row | undefined;
  if (!c) return undefined;
  const contracts = (await db('contracts as k')
    .join('contract_accounts as a', 'a.id', 'k.contract_account_id')
    .leftJoin('meters as m', 'm.id', 'k.meter_id')
    .leftJoin('tariffs as t', 't.code', 'k.tariff_code')
    .where('k.customer_id', customerId)
    .orderBy('k.created_at')
    .select('k.*', 'a.account_number', 'm.meter_number', 't.name as tariff_name')) as Row[];
  const contractIds = contracts.map((k) => k.id as string);
  const plans = (await db('installment_plans')
    .whereIn('contract_id', contractIds)
    .whereIn('status', ['active', 'pending_approval'])
    .orderBy('created_at')) as Row[];
  const readings = (await db('meter_readings')
    .whereIn('contract_id', contractIds)
    .orderBy('reading_date', 'desc')
    .orderBy('created_at', 'desc')) as Row[];
  const accounts = (await db('contract_accounts').where({ customer_id: customerId }).orderBy('account_number')) as Row[];
  const accountIds = accounts.map((a) => a.id as string);
  const balances = (await db('open_items')
    .whereIn('contract_account_id', accountIds)
    .groupBy('contract_account_id')
    .select('contract_account_id', db.raw('coalesce(sum(open_cents), 0) as open'))) as Row[];
  const mandates = (await db('sepa_mandates')
    .whereIn('contract_account_id', accountIds)
    .where({ status: 'active' })
    .orderBy('created_at')) as Row[];
  const bills = (await db('bills as b')
    .join('contracts as k', 'k.id', 'b.contract_id')
    .leftJoin('bill_cancellations as x', 'x.bill_id', 'b.id')
    .leftJoin('documents as d', 'd.business_key', db.raw(`'bill:' || b.id || ':pdf'`))
    .whereIn('b.contract_account_id', accountIds)
    .orderBy('b.bill_date', 'desc')
    .orderBy('b.bill_number', 'desc')
    .select('b.*', 'k.contract_number', 'x.bill_id as cancelled_id', 'd.id as document_id')) as Row[];
  const payments = (await db('ledger_documents as d')
    .join('ledger_lines as l', 'l.document_id', 'd.id')
    .join('contract_accounts as a', 'a.id', 'd.contract_account_id')
    .whereIn('d.contract_account_id', accountIds)
    .whereIn('d.kind', ['payment', 'return', 'refund'])
    .where('l.gl_account', 'receivable')
    .groupBy('d.id', 'd.posting_date', 'd.kind', 'd.text', 'a.account_number')
    .orderBy('d.posting_date', 'desc')
    .select('d.id', 'd.posting_date', 'd.kind', 'd.text', 'a.account_number', db.raw('sum(l.amount_cents) as cents'))) as Row[];

  const tariffs = (await db('tariffs')
    .where({ active: true })
    .where((q) => q.whereNull('customer_id').orWhere('customer_id', customerId))
    .orderBy('name')
    .select('code', 'name', 'commodity')) as Array<{ code: string; name: string; commodity: string }>;

  const planOf = (contractId: string, status: string) => {
    const p = plans.filter((x) => x.contract_id === contractId && x.status === status).pop();
    return p ? { amountCents: toCents(p.amount_cents as string), cadence: p.cadence as string, validFrom: day(p.valid_from)! } : null;
  };
  return {
    customer: {
      customerNumber: c.customer_number as string,
      firstName: c.first_name as string,
      lastName: c.last_name as string,
      email: c.email as string,
      phone: (c.phone as string | null) ?? null,
      address: jsonOf<PortalAddress>(c.address),
    },
    contracts: contracts.map((k) => ({
      id: k.id as string,
      contractNumber: k.contract_number as string,
      status: k.status as string,
      tariffCode: k.tariff_code as string,
      tariffName: (k.tariff_name as string | null) ?? null,
      startDate: day(k.start_date),
      endDate: day(k.end_date),
      annualConsumptionKwh: Number(k.annual_consumption_kwh),
      supplyAddress: jsonOf<PortalAddress>(k.supply_address),
      meterNumber: (k.meter_number as string | null) ?? null,
      accountNumber: k.account_number as string,
      installmentPlan: planOf(k.id as string, 'active'),
      pendingInstallmentPlan: planOf(k.id as string, 'pending_approval'),
      readings: readings
        .filter((r) => r.contract_id === k.id)
        .slice(0, 5)
        .map((r) => ({
          date: day(r.reading_date)!,
          valueKwh: String(r.value_kwh),
          source: r.source as string,
          status: r.status as string,
        })),
    })),
    accounts: accounts.map((a) => {
      const m = mandates.filter((x) => x.contract_account_id === a.id).pop();
      const iban = m ? String(m.iban).replace(/\s/g, '') : '';
      return {
        id: a.id as string,
        accountNumber: a.account_number as string,
        paymentMethod: a.payment_method as string,
        billDelivery: (a.bill_delivery as string) ?? 'email',
        balanceCents: toCents((balances.find((b) => b.contract_account_id === a.id)?.open as string) ?? 0),
        mandate: m
          ? { reference: m.mandate_reference as string, ibanLast4: iban.slice(-4), accountHolder: m.account_holder as string }
          : null,
      };
    }),
    bills: bills.map((b) => ({
      id: b.id as string,
      billNumber: b.bill_number as string,
      contractNumber: b.contract_number as string,
      kind: b.kind as string,
      periodStart: day(b.period_start)!,
      periodEnd: day(b.period_end)!,
      billDate: day(b.bill_date)!,
      dueDate: day(b.due_date)!,
      grossCents: toCents(b.gross_cents as string),
      amountDueCents: toCents(b.amount_due_cents as string),
      cancelled: Boolean(b.cancelled_id),
      hasPdf: Boolean(b.document_id),
    })),
    // A payment lowers the receivable (negative lines): shown as the positive amount paid; a return debit as negative.
    payments: payments.map((p) => ({
      id: p.id as string,
      date: day(p.posting_date)!,
      kind: p.kind as string,
      text: p.text as string,
      amountCents: -toCents(p.cents as string),
      accountNumber: p.account_number as string,
    })),
    tariffs,
  };
}

/** The id of a bill's PDF document, only when the bill belongs to this customer; undefined otherwise. */
export async function ownBillDocumentKey(db: Database, customerId: string, billId: string): Promise<string | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(billId)) return undefined;
  const row = (await db('bills as b')
    .join('contract_accounts as a', 'a.id', 'b.contract_account_id')
    .where('b.id', billId)
    .where('a.customer_id', customerId)
    .first('b.id')) as { id: string } | undefined;
  return row ? `bill:${row.id}:pdf` : undefined;
}

/** The customer's contract ids (to check a contract named in a portal request). */
export async function ownContractIds(db: Database, customerId: string): Promise<string[]> {
  return ((await db('contracts').where({ customer_id: customerId }).select('id')) as Array<{ id: string }>).map((r) => r.id);
}

/** A contract with everything billing and payments need of it, read in one place. */
import type { Database } from '../../db';
import { isoDate } from '../shared/dates';
import { jsonColumn } from '../shared/db';

export type PaymentMethod = 'sepa_direct_debit' | 'bank_transfer' | 'prepayment';
export type InstallmentCadence = 'monthly' | 'quarterly' | 'half_yearly';

export interface PostalAddress {
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
  country?: string;
}

export interface Mandate {
  id: string;
  reference: string;
  iban: string;
  bic: string | null;
  accountHolder: string;
  signedDate: string;
  lastCollectionDate: string | null;
  status: string;
}

export interface ContractView {
  id: string;
  contractNumber: string;
  orderId: string;
  status: 'pending' | 'active' | 'terminated' | 'cancelled';
  tariffCode: string;
  tariffModules: string[];
  startDate: string | null;
  endDate: string | null;
  billingPeriodStart: string | null;
  annualConsumptionKwh: number;
  installmentCadence: InstallmentCadence;
  supplyAddress: PostalAddress;
  meter: { id: string; meterNumber: string } | null;
  customer: { id: string; customerNumber: string; firstName: string; lastName: string; email: string; address: PostalAddress };
  account: { id: string; accountNumber: string; paymentMethod: PaymentMethod; billingAddress: PostalAddress };
  /** The active SEPA mandate of the contract account, if any. */
  mandate: Mandate | null;
}

export class ContractNotFoundError extends Error {
  constructor(readonly contractId: string) {
    super(`contract ${contractId} not found`);
    this.name = 'ContractNotFoundError';
  }
}

type Row = Record<string, unknown>;
const date = (v: unknown) => (v ? isoDate(v as Date | string) : null);

export async function loadContract(db: Database, contractId: string): Promise<ContractView> {
  const c = (await db('contracts').where({ id: contractId }).first()) as Row | undefined;
  if (!c) throw new ContractNotFoundError(contractId);
  const [customer, account, meter, mandate] = await Promise.all([
    db('customers').where({ id: c.customer_id }).first() as Promise<Row>,
    db('contract_accounts').where({ id: c.contract_account_id }).first() as Promise<Row>,
    c.meter_id ? (db('meters').where({ id: c.meter_id }).first() as Promise<Row>) : Promise.resolve(undefined),
    activeMandate(db, c.contract_account_id as string),
  ]);
  return {
    id: c.id as string,
    contractNumber: c.contract_number as string,
    orderId: c.order_id as string,
    status: c.status as ContractView['status'],
    tariffCode: c.tariff_code as string,
    tariffModules: jsonColumn<string[]>(c.tariff_modules ?? []),
    startDate: date(c.start_date),
    endDate: date(c.end_date),
    billingPeriodStart: date(c.billing_period_start),
    annualConsumptionKwh: Number(c.annual_consumption_kwh),
    installmentCadence: c.installment_cadence as InstallmentCadence,
    supplyAddress: jsonColumn<PostalAddress>(c.supply_address),
    meter: meter ? { id: meter.id as string, meterNumber: meter.meter_number as string } : null,
    customer: {
      id: customer.id as string,
      customerNumber: customer.customer_number as string,
      firstName: customer.first_name as string,
      lastName: customer.last_name as string,
      email: customer.email as string,
      address: jsonColumn<PostalAddress>(customer.address),
    },
    account: {
      id: account.id as string,
      accountNumber: account.account_number as string,
      paymentMethod: account.payment_method as PaymentMethod,
      billingAddress: jsonColumn<PostalAddress>(account.billing_address),
    },
    mandate,
  };
}

export async function activeMandate(db: Database, contractAccountId: string): Promise<Mandate | null> {
  const m = (await db('sepa_mandates')
    .where({ contract_account_id: contractAccountId, status: 'active' })
    .orderBy('created_at', 'desc')
    .first()) as Row | undefined;
  return m ? mandateFromRow(m) : null;
}

/** A `sepa_mandates` row as the domain reads it. */
export function mandateFromRow(m: Row): Mandate {
  return {
    id: m.id as string,
    reference: m.mandate_reference as string,
    iban: m.iban as string,
    bic: (m.bic as string | null) ?? null,
    accountHolder: m.account_holder as string,
    signedDate: isoDate(m.signed_date as Date),
    lastCollectionDate: date(m.last_collection_date),
    status: m.status as string,
  };
}

/** Supply starts: the contract becomes active and its first billing period begins. Idempotent. */
export async function activateContract(db: Database, contractId: string, startDate: string): Promise<ContractView> {
  await db('contracts')
    .where({ id: contractId, status: 'pending' })
    .update({ status: 'active', start_date: startDate, billing_period_start: startDate });
  return loadContract(db, contractId);
}

/** Termination or move-out: supply ends on endDate (inclusive). Idempotent for the same date. */
export async function endContract(db: Database, contractId: string, endDate: string, reason: string): Promise<ContractView> {
  const c = await loadContract(db, contractId);
  if (c.status === 'terminated' && c.endDate === endDate) return c;
  if (c.status !== 'active') throw new ContractStateError(contractId, `contract ${c.contractNumber} is ${c.status}, not active`);
  if (c.startDate && endDate < c.startDate)
    throw new ContractStateError(contractId, `end date ${endDate} is before the supply start ${c.startDate}`);
  await db('contracts').where({ id: contractId }).update({ status: 'terminated', end_date: endDate, end_reason: reason });
  return loadContract(db, contractId);
}

/** The contract's account pays by transfer from now on (e.g. after return debits); its mandate ends. */
export async function switchToBankTransfer(db: Database, contractAccountId: string): Promise<boolean> {
  return db.transaction(async (trx) => {
    const changed = await trx('contract_accounts')
      .where({ id: contractAccountId, payment_method: 'sepa_direct_debit' })
      .update({ payment_method: 'bank_transfer' });
    await trx('sepa_mandates').where({ contract_account_id: contractAccountId, status: 'active' }).update({ status: 'revoked' });
    return changed > 0;
  });
}

export class ContractStateError extends Error {
  constructor(
    readonly contractId: string,
    message: string,
  ) {
    super(message);
    this.name = 'ContractStateError';
  }
}

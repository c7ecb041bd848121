/**
 * Test rows for repository tests: a contract needs an order, a customer, a contract account and a
 * meter first. Every call makes fresh numbers, so one test database can hold many contracts.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../../db';

export interface ContractFixture {
  orderId: string;
  customerId: string;
  contractAccountId: string;
  meterId: string;
  meterNumber: string;
  contractId: string;
}

export interface ContractOverrides {
  tariffCode?: string;
  startDate?: string;
  endDate?: string | null;
  annualConsumptionKwh?: number;
  status?: string;
  tariffModules?: string[];
  installmentCadence?: 'monthly' | 'quarterly' | 'half_yearly';
  billingPeriodStart?: string | null;
  /** Reuse a customer (e.g. for a B2B tariff) instead of making one. */
  customerId?: string;
}

export async function insertContract(db: Database, overrides: ContractOverrides = {}): Promise<ContractFixture> {
  const tag = randomUUID().slice(0, 8);
  const address = { street: 'Rheinallee', houseNumber: '1', postalCode: '50667', city: 'Köln' };
  const [order] = await db('orders')
    .insert({ payload: JSON.stringify({ fixture: true }), status: 'completed' })
    .returning('id');
  let customerId = overrides.customerId;
  if (!customerId) {
    const [customer] = await db('customers')
      .insert({
        customer_number: `K${tag}`,
        first_name: 'Erika',
        last_name: 'Mustermann',
        birth_date: '1980-05-17',
        email: `erika.${tag}@example.org`,
        address: JSON.stringify(address),
        person_key: `person-${tag}`,
        address_key: `address-${tag}`,
      })
      .returning('id');
    customerId = customer.id as string;
  }
  const [account] = await db('contract_accounts')
    .insert({
      account_number: `8${tag}`,
      customer_id: customerId,
      payment_method: 'sepa_direct_debit',
      billing_address: JSON.stringify(address),
    })
    .returning('id');
  const meterNumber = `1ESY${tag}`;
  const [meter] = await db('meters')
    .insert({ meter_number: meterNumber, location: JSON.stringify(address) })
    .returning('id');
  const [contract] = await db('contracts')
    .insert({
      contract_number: `V${tag}`,
      order_id: order.id,
      customer_id: customerId,
      contract_account_id: account.id,
      meter_id: meter.id,
      status: overrides.status ?? 'active',
      tariff_code: overrides.tariffCode ?? 'RHEIN-FIX-24',
      start_date: overrides.startDate ?? '2024-01-01',
      end_date: overrides.endDate ?? null,
      annual_consumption_kwh: overrides.annualConsumptionKwh ?? 3500,
      supply_address: JSON.stringify(address),
      tariff_modules: JSON.stringify(overrides.tariffModules ?? []),
      installment_cadence: overrides.installmentCadence ?? 'monthly',
      billing_period_start: overrides.billingPeriodStart ?? null,
    })
    .returning('id');
  return {
    orderId: order.id as string,
    customerId,
    contractAccountId: account.id as string,
    meterId: meter.id as string,
    meterNumber,
    contractId: contract.id as string,
  };
}

/** A customer item of an account (a bill by default), posted against revenue; its line id. */
export async function postTestItem(
  db: Database,
  accountId: string,
  key: string,
  cents: number,
  due: string,
  itemType: 'bill' | 'installment' | 'fee' = 'bill',
): Promise<string> {
  const { postDocument } = await import('../ledger');
  const doc = await postDocument(db, {
    businessKey: key,
    kind: itemType,
    contractAccountId: accountId,
    postingDate: due,
    text: key,
    lines: [
      { glAccount: 'receivable', itemType, amountCents: cents, dueDate: due, text: key },
      { glAccount: itemType === 'fee' ? 'fee_income' : 'revenue', amountCents: -cents, text: key },
    ],
  });
  return doc.lines[0].id;
}

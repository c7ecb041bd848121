/**
 * A signed order becomes customer, contract account, meter, contract and SEPA mandate, each once
 * per order: every insert is keyed by the order id, so a retried job finds what the first made.
 */
import type { Database } from '../../db';
import { numberFor, type OrderRow } from '../orders';

export async function createContractFromOrder(db: Database, order: OrderRow): Promise<string> {
  const o = order.payload;
  return db.transaction(async (trx) => {
    const existing = await trx('contracts').where({ order_id: order.id }).first('id');
    if (existing) return existing.id as string;
    await trx('customers')
      .insert({
        customer_number: numberFor('K', order.id, 8),
        created_by_order_id: order.id,
        first_name: o.customer.firstName,
        last_name: o.customer.lastName,
        birth_date: o.customer.birthDate,
        email: o.customer.email,
        phone: o.customer.phone ?? null,
        address: JSON.stringify(o.billingAddress ?? o.supplyAddress),
        person_key: order.person_key,
        address_key: order.address_key,
      })
      .onConflict('created_by_order_id')
      .ignore();
    const customer = await trx('customers').where({ created_by_order_id: order.id }).first('id');
    await trx('contract_accounts')
      .insert({
        account_number: numberFor('8', order.id, 8),
        customer_id: customer.id,
        created_by_order_id: order.id,
        payment_method: o.payment.method,
        billing_address: JSON.stringify(o.billingAddress ?? o.supplyAddress),
      })
      .onConflict('created_by_order_id')
      .ignore();
    const account = await trx('contract_accounts').where({ created_by_order_id: order.id }).first('id', 'account_number');
    const meterNumber = o.meter.meterNumber!;
    await trx('meters')
      .insert({
        meter_number: meterNumber,
        market_location_id: o.meter.marketLocationId ?? null,
        location: JSON.stringify(o.supplyAddress),
      })
      .onConflict('meter_number')
      .ignore();
    const meter = await trx('meters').where({ meter_number: meterNumber }).first('id');
    if (o.payment.method === 'sepa_direct_debit') {
      await trx('sepa_mandates')
        .insert({
          mandate_reference: `M-${account.account_number}-1`,
          contract_account_id: account.id,
          created_by_order_id: order.id,
          iban: o.payment.iban,
          account_holder: o.payment.accountHolder ?? `${o.customer.firstName} ${o.customer.lastName}`,
          signed_date: order.created_at,
        })
        .onConflict('created_by_order_id')
        .ignore();
    }
    const [row] = await trx('contracts')
      .insert({
        contract_number: numberFor('V', order.id, 9),
        order_id: order.id,
        customer_id: customer.id,
        contract_account_id: account.id,
        meter_id: meter.id,
        status: 'pending',
        tariff_code: o.tariff.code,
        tariff_modules: JSON.stringify(o.tariff.modules ?? []),
        start_date: o.desiredStartDate ?? null,
        annual_consumption_kwh: Math.round(o.annualConsumptionKwh),
        supply_address: JSON.stringify(o.supplyAddress),
        market_location_id: o.meter.marketLocationId ?? null,
        previous_supplier: o.previousSupplier?.name ?? null,
      })
      .returning('id');
    return row.id as string;
  });
}

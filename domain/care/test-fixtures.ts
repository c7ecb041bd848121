/**
 * A customer with years of history, for the account screen's tests and bench: a monthly bill per
 * month (posted, with its bill row and reading), each paid by direct debit and cleared, one return
 * debit with its bank fee, a closed dunning case and an open one with notices, letters and mails.
 * Posted through the ledger's own functions, so balances and clearings are real.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { Database } from '../../db';
import { clearMany, postDocuments, type DocumentInput } from '../ledger';
import { addDays } from '../shared/dates';
import { insertContract } from '../shared/test-fixtures';

export interface SeededHistory {
  customerId: string;
  customerNumber: string;
  accountId: string;
  accountNumber: string;
  contractId: string;
  contractNumber: string;
  meterNumber: string;
  orderId: string;
  /** As the mandate stores it, with spaces. */
  iban: string;
  email: string;
  /** What the customer owes at the end: the open case's bill and the return fee. */
  balanceCents: number;
}

export interface HistoryOptions {
  months: number;
  /** The first bill's month (YYYY-MM). */
  from?: string;
  firstName?: string;
  lastName?: string;
  iban?: string;
}

const BILL_CENTS = 9_850;
const RETURN_FEE_CENTS = 350;

function monthStart(from: string, i: number): string {
  const [y, m] = from.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + i, 1));
  return d.toISOString().slice(0, 10);
}

/** A bill's calculation of about the size the billing run stores (periods, readings, a dozen lines). */
function calculationOf(start: string): Record<string, unknown> {
  return {
    seeded: true,
    periods: [{ start, end: start, tariffCode: 'RHEIN-FIX-24', days: 30 }],
    readings: { start: { date: start, valueKwh: '10000', kind: 'read' }, end: { date: start, valueKwh: '10290', kind: 'customer' } },
    lines: Array.from({ length: 12 }, (_, i) => ({
      kind: i % 2 ? 'base' : 'energy',
      text: i % 2 ? 'Grundpreis' : 'Arbeitspreis',
      from: start,
      to: start,
      quantity: '24.167',
      unit: i % 2 ? 'Monat' : 'kWh',
      unitPriceNet: '0.252100',
      netCents: 609,
      vatRatePercent: '19.00',
    })),
  };
}

export async function seedCustomerHistory(db: Database, opts: HistoryOptions): Promise<SeededHistory> {
  const tag = randomUUID().slice(0, 8);
  const from = opts.from ?? '2021-01';
  const fixture = await insertContract(db, { startDate: `${from}-01` });
  const email = `${(opts.firstName ?? 'Erika').toLowerCase()}.${tag}@example.org`;
  await db('customers')
    .where({ id: fixture.customerId })
    .update({ first_name: opts.firstName ?? 'Erika', last_name: opts.lastName ?? 'Mustermann', email });
  const digits = String(randomInt(1e10)).padStart(10, '0');
  const iban = opts.iban ?? `DE02 1203 0000 ${digits.slice(0, 4)} ${digits.slice(4, 8)} ${digits.slice(8)}`;
  const account = (await db('contract_accounts').where({ id: fixture.contractAccountId }).first('account_number')) as {
    account_number: string;
  };
  await db('sepa_mandates').insert({
    mandate_reference: `M-${account.account_number}-1`,
    contract_account_id: fixture.contractAccountId,
    iban,
    account_holder: `${opts.firstName ?? 'Erika'} ${opts.lastName ?? 'Mustermann'}`,
    signed_date: `${from}-01`,
  });
  await db('installment_plans').insert({
    business_key: `plan:${fixture.contractId}:${tag}`,
    contract_id: fixture.contractId,
    valid_from: `${from}-01`,
    cadence: 'monthly',
    amount_cents: BILL_CENTS,
    status: 'active',
    reason: 'initial',
  });

  // Bills and payments, posted in one batch each.
  const months = Array.from({ length: opts.months }, (_, i) => monthStart(from, i));
  const last = opts.months - 1;
  const bills: DocumentInput[] = months.map((start, i) => ({
    businessKey: `bill:${fixture.contractId}:${start}`,
    kind: 'bill',
    contractAccountId: fixture.contractAccountId,
    postingDate: addDays(monthStart(from, i + 1), -1),
    text: `Rechnung ${start.slice(0, 7)}`,
    lines: [
      {
        glAccount: 'receivable',
        itemType: 'bill',
        contractId: fixture.contractId,
        amountCents: BILL_CENTS,
        dueDate: addDays(monthStart(from, i + 1), 14),
        text: `Rechnung ${start.slice(0, 7)}`,
      },
      { glAccount: 'revenue', amountCents: -BILL_CENTS, text: 'Erlös' },
    ],
  }));
  const billDocs = await postDocuments(db, bills);
  // Every bill but the last is collected by direct debit; the last is in dunning.
  const paid = months.slice(0, last);
  const paymentDocs = await postDocuments(
    db,
    paid.map((start, i) => ({
      businessKey: `payment:${fixture.contractId}:${start}`,
      kind: 'payment',
      contractAccountId: fixture.contractAccountId,
      postingDate: addDays(monthStart(from, i + 1), 14),
      reference: `E2E-${tag}-${i}`,
      text: 'SEPA-Lastschrift',
      lines: [
        { glAccount: 'receivable', itemType: 'payment', amountCents: -BILL_CENTS, text: 'Lastschrift' },
        { glAccount: 'bank', amountCents: BILL_CENTS, text: 'Bank' },
      ],
    })),
  );
  const receivable = (d: { lines: Array<{ id: string; glAccount: string }> }) => d.lines.find((l) => l.glAccount === 'receivable')!.id;
  await clearMany(
    db,
    paymentDocs.map((p, i) => ({
      businessKey: `clearing:${p.businessKey}`,
      contractAccountId: fixture.contractAccountId,
      clearingDate: p.postingDate,
      reason: 'Zahlung',
      allocations: [
        { lineId: receivable(billDocs[i]), amountCents: BILL_CENTS },
        { lineId: receivable(p), amountCents: -BILL_CENTS },
      ],
    })),
  );
  // One return debit (its amount paid again by transfer) and the bank's fee, still open.
  const returnMonth = Math.min(13, last - 1);
  if (returnMonth >= 0) {
    const day = addDays(monthStart(from, returnMonth + 1), 20);
    const [ret, again] = await postDocuments(db, [
      {
        businessKey: `return:${tag}`,
        kind: 'return',
        contractAccountId: fixture.contractAccountId,
        postingDate: day,
        reference: `E2E-${tag}-${returnMonth}`,
        text: 'Rücklastschrift AC04: Konto erloschen',
        lines: [
          { glAccount: 'receivable', itemType: 'return', amountCents: BILL_CENTS, dueDate: day, text: 'Rücklastschrift AC04' },
          { glAccount: 'bank', amountCents: -BILL_CENTS, text: 'Rücklastschrift' },
        ],
      },
      {
        businessKey: `payment:${tag}:again`,
        kind: 'payment',
        contractAccountId: fixture.contractAccountId,
        postingDate: addDays(day, 10),
        text: 'Überweisung',
        lines: [
          { glAccount: 'receivable', itemType: 'payment', amountCents: -BILL_CENTS, text: 'Überweisung' },
          { glAccount: 'bank', amountCents: BILL_CENTS, text: 'Bank' },
        ],
      },
      {
        businessKey: `fee:${tag}`,
        kind: 'fee',
        contractAccountId: fixture.contractAccountId,
        postingDate: day,
        text: 'Bankgebühr Rücklastschrift',
        lines: [
          { glAccount: 'receivable', itemType: 'fee', amountCents: RETURN_FEE_CENTS, dueDate: addDays(day, 14), text: 'Bankgebühr' },
          { glAccount: 'fee_income', amountCents: -RETURN_FEE_CENTS, text: 'Gebühr' },
        ],
      },
    ]);
    await clearMany(db, [
      {
        businessKey: `clearing:${tag}:again`,
        contractAccountId: fixture.contractAccountId,
        clearingDate: again.postingDate,
        reason: 'Zahlung',
        allocations: [
          { lineId: receivable(ret), amountCents: BILL_CENTS },
          { lineId: receivable(again), amountCents: -BILL_CENTS },
        ],
      },
    ]);
  }

  // The bill rows and a reading per month.
  await db('bills').insert(
    months.map((start, i) => ({
      bill_number: `R${tag}${String(i).padStart(3, '0')}`,
      business_key: `bill:${fixture.contractId}:${start}`,
      contract_id: fixture.contractId,
      contract_account_id: fixture.contractAccountId,
      kind: 'interim',
      period_start: start,
      period_end: addDays(monthStart(from, i + 1), -1),
      bill_date: addDays(monthStart(from, i + 1), -1),
      net_cents: 8_277,
      vat_cents: 1_573,
      gross_cents: BILL_CENTS,
      installments_cents: 0,
      amount_due_cents: BILL_CENTS,
      due_date: addDays(monthStart(from, i + 1), 14),
      ledger_document_id: billDocs[i].id,
      calculation: JSON.stringify(calculationOf(start)),
    })),
  );
  await db('meter_readings').insert(
    months.map((start, i) => ({
      business_key: `reading:${fixture.contractId}:${start}`,
      meter_id: fixture.meterId,
      contract_id: fixture.contractId,
      reading_date: start,
      value_kwh: String(10_000 + i * 290),
      source: i % 12 === 0 ? 'meter_operator' : 'customer',
      status: 'accepted',
    })),
  );

  // Dunning: a closed case (the return debit, paid) and the open one of the last bill.
  const lastDue = addDays(monthStart(from, last + 1), 14);
  const [closed, open] = (await db('dunning_cases')
    .insert([
      {
        case_number: `M-${tag}-1`,
        contract_account_id: fixture.contractAccountId,
        status: 'closed',
        cause: 'return',
        level: 1,
        opened_cents: BILL_CENTS,
        opened_on: monthStart(from, returnMonth + 1),
        closed_on: addDays(monthStart(from, returnMonth + 1), 30),
        close_reason: 'paid',
      },
      {
        case_number: `M-${tag}-2`,
        contract_account_id: fixture.contractAccountId,
        status: 'open',
        cause: 'overdue',
        level: 1,
        opened_cents: BILL_CENTS,
        opened_on: addDays(lastDue, 7),
      },
    ])
    .returning('id')) as Array<{ id: string }>;
  const [letter] = (await db('documents')
    .insert({
      business_key: `dunning-notice:${open.id}:1:pdf`,
      contract_id: fixture.contractId,
      kind: 'dunning_notice',
      file_name: 'Mahnung-1.pdf',
      content_type: 'application/pdf',
      content: Buffer.from('%PDF-1.4\n%seeded\n'),
      size: 17,
      sha256: tag,
    })
    .returning('id')) as Array<{ id: string }>;
  await db('dunning_notices').insert([
    {
      business_key: `dunning-notice:${closed.id}:1`,
      case_id: closed.id,
      level: 1,
      channel: 'email',
      sent_on: monthStart(from, returnMonth + 1),
      open_cents: BILL_CENTS,
    },
    {
      business_key: `dunning-notice:${open.id}:0`,
      case_id: open.id,
      level: 0,
      channel: 'email',
      sent_on: addDays(lastDue, 7),
      open_cents: BILL_CENTS,
    },
    {
      business_key: `dunning-notice:${open.id}:1`,
      case_id: open.id,
      level: 1,
      channel: 'letter',
      sent_on: addDays(lastDue, 21),
      open_cents: BILL_CENTS,
      fee_cents: 0,
      document_id: letter.id,
    },
  ]);
  await db('outbound_mails').insert(
    ['Ihre Auftragsbestätigung', 'Zahlungserinnerung'].map((subject, i) => ({
      business_key: `mail:${tag}:${i}`,
      message_id: `<${tag}.${i}@example.org>`,
      status: 'sent',
      to_address: email,
      subject,
      sent_at: new Date(),
    })),
  );

  const customer = (await db('customers').where({ id: fixture.customerId }).first('customer_number')) as { customer_number: string };
  const contract = (await db('contracts').where({ id: fixture.contractId }).first('contract_number')) as { contract_number: string };
  return {
    customerId: fixture.customerId,
    customerNumber: customer.customer_number,
    accountId: fixture.contractAccountId,
    accountNumber: account.account_number,
    contractId: fixture.contractId,
    contractNumber: contract.contract_number,
    meterNumber: fixture.meterNumber,
    orderId: fixture.orderId,
    iban,
    email,
    balanceCents: BILL_CENTS + (returnMonth >= 0 ? RETURN_FEE_CENTS : 0),
  };
}

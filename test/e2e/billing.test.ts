/**
 * Contract accounting end to end, on the controllable engine clock: a contract from the order API
 * is billed for 14 months — monthly installments by direct debit (pain.008 → the bank simulator's
 * camt.053 → matched and cleared), a price change in month 5, the customer's meter reading, the
 * annual bill with a credit refunded by pain.001, a new installment plan, then a move-out and the
 * final bill. The ledger balances at every step and the account balance equals its items.
 */
import type { System } from '../../server/system';
import { accountBalance, receivableTotal } from '../../domain/ledger';
import { statementFor } from '../../simulators/bank/statement';
import { signIn, systemHeaders, type SignedIn } from '../auth';
import { attachmentText, callApi, incidents, mailTo, orderFor, post, startTestSystem, waitFor, waitForOrder } from './system';

jest.setTimeout(240_000);

const OUR_IBAN = 'DE02370502990000684712';

describe('contract accounting over 14 months', () => {
  let system: System;
  let analyst: SignedIn;
  let admin: SignedIn;
  let statementNo = 0;
  const banked = new Set<string>();

  beforeAll(async () => {
    system = await startTestSystem();
    analyst = await signIn(system.httpUrl, 'analyst');
    admin = await signIn(system.httpUrl, 'admin');
  });
  afterAll(async () => {
    await system?.stop();
  });

  const pin = (iso: string) => system.engine!.engine.pinClock(Date.parse(`${iso}T10:00:00+01:00`));

  async function run(bpmnProcessId: string, variables: Record<string, unknown> = {}) {
    return system.zbc.createProcessInstanceWithResult({ bpmnProcessId, variables: variables as never, requestTimeout: 60_000 });
  }

  const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    callApi(system, method, path, headers, body);

  /** The ledger is balanced as a whole and per account the balance equals the sum of the items. */
  async function expectBalanced(accountId: string, today: string) {
    const total = (await system.db('ledger_lines').sum({ s: 'amount_cents' }).first()) as { s: string | null };
    expect(Number(total.s ?? 0)).toBe(0);
    const balance = await accountBalance(system.db, accountId, today);
    expect(balance.balanceCents).toBe(await receivableTotal(system.db, accountId));
    return balance;
  }

  async function noIncidents() {
    expect((await incidents(system)).map((i) => `${i.elementId}: ${i.errorMessage}`)).toEqual([]);
  }

  /** The payment run, then the bank's statement for what it sent, uploaded and processed. */
  async function payAndBank(today: string, returns: Array<{ endToEndId: string; reason: string; feeCents?: number }> = []) {
    // The daily timer may have run the payment run already: every file not yet banked counts.
    await run('payment-run', { runId: `e2e-${today}` });
    const files = (await system.db('payment_files').whereNotIn('id', [...banked])) as Array<{ id: string; kind: string; xml: string }>;
    for (const f of files) banked.add(f.id);
    const pain008 = files.filter((f) => f.kind === 'pain.008').map((f) => f.xml);
    const pain001 = files.filter((f) => f.kind === 'pain.001').map((f) => f.xml);
    if (pain008.length + pain001.length === 0) return { pain008, pain001 };
    statementNo++;
    const xml = statementFor({
      messageId: `STMT-E2E-${statementNo}`,
      accountIban: OUR_IBAN,
      bookingDate: today,
      pain008,
      pain001,
      returns,
    });
    const upload = await fetch(`${system.httpUrl}/api/bank-statements?fileName=auszug-${statementNo}.xml`, {
      method: 'POST',
      headers: systemHeaders({ 'content-type': 'application/xml' }),
      body: xml,
    });
    expect(upload.status).toBe(202);
    const { statement } = (await upload.json()) as { statement: { id: string } };
    await waitFor(async () => {
      const s = await system.db('bank_statements').where({ id: statement.id }).first('status');
      return s?.status === 'done';
    }, `statement ${statementNo} processed`);
    return { pain008, pain001, statementId: statement.id, xml };
  }

  it('bills a contract from the order API for 14 months', async () => {
    await pin('2026-12-01');
    const order = { ...orderFor('Gruen'), desiredStartDate: '2027-01-01', annualConsumptionKwh: 2500 };
    const created = await post(system, '/api/orders', order, { 'Idempotency-Key': `billing-${order.customer.firstName}` });
    expect(created.status).toBe(201);
    const done = await waitForOrder(system, created.body.orderId, (o) => o.status === 'contracted');
    const contract = await system.db('contracts').where({ order_id: created.body.orderId }).first();
    const accountId = contract.contract_account_id as string;

    // Supply starts: the contract-start timer fires, the contract is active with its first plan.
    await pin('2027-01-01');
    await waitFor(
      async () => (await system.db('installment_plans').where({ contract_id: contract.id, status: 'active' }).first()) ?? undefined,
      'first plan',
    );
    const planMail = await mailTo(system, order.customer.email, /Abschlagsplan/);
    expect(planMail.text).toContain('Vorabankündigung');
    expect(planMail.text).toContain(done.contract.mandateReference);
    const plan = await system.db('installment_plans').where({ contract_id: contract.id, status: 'active' }).first();
    expect(Number(plan.amount_cents) % 100).toBe(0);

    // The meter operator reports the reading at supply start.
    const startReading = await call(
      'POST',
      `/api/contracts/${contract.id}/readings`,
      systemHeaders({ 'Idempotency-Key': `start-${contract.id}` }),
      {
        readingDate: '2027-01-01',
        valueKwh: '10000',
        source: 'meter_operator',
      },
    );
    expect(startReading.status).toBe(202);
    await waitFor(
      async () => (await system.db('meter_readings').where({ id: startReading.body.reading.id, status: 'accepted' }).first()) ?? undefined,
      'start reading accepted',
    );

    // Twelve months of installments, each collected by direct debit and booked from the statement.
    for (let month = 1; month <= 12; month++) {
      const today = `2027-${String(month).padStart(2, '0')}-02`;
      await pin(today);
      if (month === 5) {
        // A price cut from May: a new version; the old months keep their prices.
        const change = await call('POST', '/api/tariffs/RHEIN-FIX-24/versions', analyst.headers, {
          validFrom: '2027-05-01',
          basePriceMonthNet: '10.0000',
          workingPriceKwhNet: '0.239900',
        });
        expect(change.status).toBe(201);
      }
      await run('installment-run');
      const { pain008 } = await payAndBank(today);
      expect(pain008.join('')).toContain(month === 1 ? '<SeqTp>FRST</SeqTp>' : '<SeqTp>RCUR</SeqTp>');
      const balance = await expectBalanced(accountId, today);
      expect(balance.balanceCents).toBe(0);
    }
    await noIncidents();

    // The customer sends the reading at the end of the period: 2,300 kWh used.
    await pin('2028-01-02');
    const endReading = await call(
      'POST',
      `/api/contracts/${contract.id}/readings`,
      systemHeaders({ 'Idempotency-Key': `end-${contract.id}` }),
      {
        readingDate: '2027-12-31',
        valueKwh: '12300',
        source: 'customer',
      },
    );
    expect(endReading.status).toBe(202);
    await waitFor(
      async () => (await system.db('meter_readings').where({ id: endReading.body.reading.id, status: 'accepted' }).first()) ?? undefined,
      'end reading accepted',
    );

    // The billing run bills the period: a credit, a new plan, the bill by mail.
    await run('billing-run');
    const bill = await waitFor(
      async () => (await system.db('bills').where({ contract_id: contract.id, kind: 'annual' }).first()) ?? undefined,
      'annual bill',
    );
    expect(Number(bill.amount_due_cents)).toBeLessThan(0);
    const billMail = await mailTo(system, order.customer.email, /Jahresabrechnung/, 60_000);
    const text = await attachmentText(billMail);
    for (const item of [
      bill.bill_number,
      'Guthaben',
      '01.01.2027',
      '31.12.2027',
      order.meter.meterNumber!,
      '10.000',
      '12.300',
      'Kundenablesung',
      '2.300',
      'Arbeitspreis',
      'Grundpreis',
      'Umsatzsteuer',
      '19',
      'Schlichtungsstelle Energie',
      'Bundesnetzagentur',
    ])
      expect(text).toContain(item);
    await waitFor(
      async () =>
        (await system.db('installment_plans').where({ contract_id: contract.id, status: 'active' }).whereNot({ id: plan.id }).first()) ??
        undefined,
      'new plan',
    );
    await expectBalanced(accountId, '2028-01-02');

    // The credit goes back by pain.001 within two weeks (§40c EnWG).
    await pin('2028-01-14');
    const refund = await payAndBank('2028-01-14');
    expect(refund.pain001.length).toBe(1);
    expect(refund.pain001[0]).toContain(`<InstdAmt Ccy="EUR">${(-Number(bill.amount_due_cents) / 100).toFixed(2)}</InstdAmt>`);
    const afterRefund = await expectBalanced(accountId, '2028-01-14');
    expect(afterRefund.openItems.filter((i) => i.openCents < 0)).toEqual([]);

    // Month 14: an installment of the new plan, then the customer moves out and gets the final bill.
    await pin('2028-02-02');
    await run('installment-run');
    await payAndBank('2028-02-02');
    await pin('2028-02-29');
    const moveOut = await call('POST', `/api/contracts/${contract.id}/move-out`, systemHeaders(), {
      endDate: '2028-02-29',
      reading: { valueKwh: '12700' },
    });
    expect(moveOut.status).toBe(202);
    const finalBill = await waitFor(
      async () => (await system.db('bills').where({ contract_id: contract.id, kind: 'final' }).first()) ?? undefined,
      'final bill',
      60_000,
    );
    expect(finalBill.period_start).toBeDefined();
    const finalMail = await mailTo(system, order.customer.email, /Schlussrechnung/, 60_000);
    expect(await attachmentText(finalMail)).toContain(finalBill.bill_number);
    expect((await system.db('contracts').where({ id: contract.id }).first()).status).toBe('terminated');
    await expectBalanced(accountId, '2028-02-29');
    await noIncidents();
    void admin;
  });
});

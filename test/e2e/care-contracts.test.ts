/**
 * The care processes that change a contract, end to end on the controllable engine clock, each
 * started as a case worker does (POST /api/customers/{no}/care-cases), over one timeline in March
 * and April 2027:
 *
 *   T  tariff change from 1 April: the contract's tariff, a new installment plan, the letter
 *   W  withdrawals within 14 days: a contract before supply (its waiting supply start ends, its letter
 *      printed) and one in supply (its posted installment reversed); one after 14 days refused (422), nothing written
 *   K  termination to the earliest date, confirmed at once, the final bill after the end date;
 *      one before the minimum term refused (422) with the earliest date, nothing written
 *   M  move: the old contract ends with its final bill, a new one starts on the same account
 *
 * Letters are checked in their PDF text; the ledger stays balanced and the contracts' states are
 * checked after each.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { System } from '../../server/system';
import { createPlan } from '../../domain/billing/installments-repository';
import { openCareCase } from '../../domain/care';
import { accountBalance, receivableTotal } from '../../domain/ledger';
import { insertContract, type ContractFixture } from '../../domain/shared/test-fixtures';
import { isoDate } from '../../domain/shared/dates';
import { createEngineQueries } from '../../engine/query';
import { accountingDeps } from '../../workers/billing';
import { createCareContractHandlers } from '../../workers/care/contracts';
import { createPrintRun } from '../../workers/documents';
import { pdfText } from '../../workers/documents/pdfText';
import { createMailer } from '../../workers/mail';
import { signIn, systemHeaders, type SignedIn } from '../auth';
import { attachmentText, callApi, incidents, mailTo, startTestSystem, waitFor } from './system';

jest.setTimeout(240_000);

interface Customer extends ContractFixture {
  customerNumber: string;
  email: string;
}

describe('care processes that change a contract', () => {
  let system: System;
  let caseworker: SignedIn;

  beforeAll(async () => {
    system = await startTestSystem();
    caseworker = await signIn(system.httpUrl, 'caseworker');
  });
  afterAll(async () => {
    await system?.stop();
  });

  const pin = (iso: string) => system.engine!.engine.pinClock(Date.parse(`${iso}T10:00:00+01:00`));
  const run = (bpmnProcessId: string) =>
    system.zbc.createProcessInstanceWithResult({ bpmnProcessId, variables: {} as never, requestTimeout: 60_000 });

  /** A contract in supply (or pending), its start reading and installment plan, concluded on `concludedOn`. */
  async function customer(opts: { startDate: string; status?: string; concludedOn: string; planFrom?: string }): Promise<Customer> {
    const c = await insertContract(system.db, {
      startDate: opts.startDate,
      status: opts.status ?? 'active',
      billingPeriodStart: opts.status === 'pending' ? null : opts.startDate,
      annualConsumptionKwh: 3500,
    });
    await system
      .db('contracts')
      .where({ id: c.contractId })
      .update({ created_at: `${opts.concludedOn}T10:00:00+01:00` });
    const row = await system.db('customers').where({ id: c.customerId }).first('customer_number', 'email');
    if (opts.status !== 'pending') {
      await system.db('meter_readings').insert({
        business_key: `start:${c.contractId}`,
        meter_id: c.meterId,
        contract_id: c.contractId,
        reading_date: opts.startDate,
        value_kwh: '1000',
        source: 'meter_operator',
        status: 'accepted',
      });
    }
    if (opts.status !== 'pending')
      await createPlan(system.db, {
        contractId: c.contractId,
        validFrom: opts.planFrom ?? opts.startDate.replace(/-01$/, '-15'),
        cadence: 'monthly',
        amountCents: 10000,
        reason: 'Erstabschlag',
        businessKey: `plan:start:${c.contractId}`,
      });
    return { ...c, customerNumber: row.customer_number, email: row.email };
  }

  const start = (x: Customer, body: Record<string, unknown>) =>
    callApi(system, 'POST', `/api/customers/${x.customerNumber}/care-cases`, caseworker.headers, { contractId: x.contractId, ...body });

  async function closed(caseId: string, timeoutMs = 60_000): Promise<Record<string, any>> {
    return waitFor(
      async () => {
        const res = await callApi(system, 'GET', `/api/care-cases/${caseId}`, caseworker.headers);
        return res.body.status !== 'open' ? res.body : undefined;
      },
      `care case ${caseId} closed`,
      timeoutMs,
    ).catch(async (err: Error) => {
      const open = (await incidents(system)).map((i) => `${i.elementId}: ${i.errorMessage}`);
      throw new Error(`${err.message}; incidents: ${JSON.stringify(open)}`);
    });
  }

  async function letterOf(caseId: string): Promise<string> {
    const stored = await waitFor<{ content: Uint8Array }>(
      async () =>
        system
          .db('documents')
          .where({ business_key: `care:${caseId}:letter:pdf` })
          .first('content'),
      `letter of case ${caseId}`,
    );
    return pdfText(Buffer.from(stored.content));
  }

  const contract = (id: string) => system.db('contracts').where({ id }).first();
  const caseCount = async () => Number((await system.db('care_cases').count({ n: '*' }).first())?.n ?? 0);

  async function expectBalanced(accountId: string, today: string) {
    const total = (await system.db('ledger_lines').sum({ s: 'amount_cents' }).first()) as { s: string | null };
    expect(Number(total.s ?? 0)).toBe(0);
    const balance = await accountBalance(system.db, accountId, today);
    expect(balance.balanceCents).toBe(await receivableTotal(system.db, accountId));
    return balance;
  }

  const actions = (events: Array<{ action: string }>) => events.map((e) => e.action);

  it('changes, withdraws, terminates and moves contracts, and refuses what the rules forbid', async () => {
    await pin('2027-03-01');
    const T = await customer({ startDate: '2027-01-01', concludedOn: '2026-12-01' });
    const K = await customer({ startDate: '2027-01-01', concludedOn: '2026-12-01' });
    const K2 = await customer({ startDate: '2027-01-01', concludedOn: '2026-12-01' });
    const M = await customer({ startDate: '2027-01-01', concludedOn: '2026-12-01' });
    const W1 = await customer({ startDate: '2027-04-01', status: 'pending', concludedOn: '2027-03-01' });
    const W2 = await customer({ startDate: '2027-03-01', concludedOn: '2027-02-26', planFrom: '2027-03-05' });
    const W3 = await customer({ startDate: '2027-04-01', status: 'pending', concludedOn: '2027-02-01' });
    // K had a minimum term of 12 months since 2026: it is over, so the notice period decides.
    await system.db('contracts').where({ id: K.contractId }).update({ start_date: '2026-01-01' });
    // T pays by direct debit: its letter pre-notifies the new installment.
    await system.db('sepa_mandates').insert({
      mandate_reference: `M-${T.contractAccountId.slice(0, 8)}-1`,
      contract_account_id: T.contractAccountId,
      iban: 'DE89370400440532013000',
      account_holder: 'Erika Mustermann',
      signed_date: '2026-12-01',
    });
    // W1 gets its letters on paper: into the day's print run, no mail.
    await system.db('contract_accounts').where({ id: W1.contractAccountId }).update({ bill_delivery: 'paper' });
    // W1's supply start waits for its date, as after an order.
    await system.zbc.publishMessage({
      name: 'contract-signed',
      correlationKey: W1.contractId,
      messageId: `contract-signed:${W1.contractId}`,
      timeToLive: 60_000,
      variables: { contractId: W1.contractId, startDate: '2027-04-01' } as never,
    });
    const supplyStart = await waitFor(async () => {
      const r = await createEngineQueries(system.db).processInstances.search({
        filter: {
          processDefinitionId: 'contract-start',
          state: 'ACTIVE',
          variables: [{ name: 'contractId', value: JSON.stringify(W1.contractId) }],
        },
      });
      return r.items[0];
    }, 'W1 supply start waiting');
    await run('installment-run');
    expect(await receivableTotal(system.db, T.contractAccountId)).toBe(20000);
    expect(await receivableTotal(system.db, W2.contractAccountId)).toBe(0);

    // ---- T: tariff change ----------------------------------------------------------------------
    const before = await caseCount();
    const past = await start(T, { kind: 'tariff-change', tariffCode: 'STROM-FIX-24', validFrom: '2027-02-01' });
    expect(past.status).toBe(422);
    expect(past.body.details).toEqual([{ field: 'validFrom', message: expect.stringContaining('frühestens zum 01.03.2027') }]);
    const gas = await start(T, { kind: 'tariff-change', tariffCode: 'RHEIN-GAS-24', validFrom: '2027-04-01' });
    expect(gas.status).toBe(422);
    expect(gas.body.details[0].field).toBe('tariffCode');
    const unknown = await start(T, { kind: 'tariff-change', tariffCode: 'NOPE-24', validFrom: '2027-04-01' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details).toEqual([{ field: 'tariffCode', message: expect.any(String) }]);
    const badDate = await start(T, { kind: 'tariff-change', tariffCode: 'STROM-FIX-24', validFrom: '1.4.2027' });
    expect(badDate.status).toBe(400);
    expect(await caseCount()).toBe(before);

    const tc = await start(T, { kind: 'tariff-change', tariffCode: 'STROM-FIX-24', validFrom: '2027-04-01' });
    expect(tc.status).toBe(202);
    const tcCase = await closed(tc.body.caseId);
    expect(tcCase).toMatchObject({ status: 'completed', result: { from: 'RHEIN-FIX-24', to: 'STROM-FIX-24', validFrom: '2027-04-01' } });
    expect(actions(tcCase.events)).toEqual(
      expect.arrayContaining(['opened', 'process-started', 'tariff-changed', 'installment-plan-created', 'letter-sent', 'completed']),
    );
    expect((await contract(T.contractId)).tariff_code).toBe('STROM-FIX-24');
    const newPlan = await system.db('installment_plans').where({ contract_id: T.contractId, status: 'active' }).first();
    // The rhythm stays (the 15th); three weeks at 10 €/0.2521 €, the rest of the year at 9.50 €/0.26 €.
    expect(newPlan.business_key).toBe(`plan:care:${tc.body.caseId}`);
    expect(isoDate(newPlan.valid_from)).toBe('2027-03-15');
    const tLetter = await letterOf(tc.body.caseId);
    for (const s of [
      'Bestätigung Ihres Tarifwechsels',
      'Rhein Strom Fix 24',
      'Strom Fix 24',
      '01.04.2027',
      '0,26',
      'Ihr neuer Abschlag',
      'Vorabankündigung',
      'DE98ZZZ09999999999',
      T.customerNumber,
    ])
      expect(tLetter).toContain(s);
    const tMail = await mailTo(system, T.email, /Tarifwechsel/);
    expect(await attachmentText(tMail)).toContain('Strom Fix 24');
    // The change itself books nothing; the next installment is the new one.
    expect(await receivableTotal(system.db, T.contractAccountId)).toBe(20000);

    // ---- K: termination --------------------------------------------------------------------------
    const early = await start(K2, { kind: 'termination', endDate: '2027-06-30' });
    expect(early.status).toBe(422);
    expect(early.body.details).toEqual([
      {
        field: 'endDate',
        message: expect.stringMatching(/Mindestlaufzeit von 12 Monaten endet am 31\.12\.2027.*Frühestmöglicher Termin: 31\.12\.2027/),
      },
    ]);
    expect((await contract(K2.contractId)).status).toBe('active');
    expect(await system.db('care_cases').where({ contract_id: K2.contractId })).toEqual([]);

    const kt = await start(K, { kind: 'termination' });
    expect(kt.status).toBe(202);
    // Booked and confirmed at once (within the week of §41b EnWG); the case waits for the final bill.
    const kLetter = await letterOf(kt.body.caseId);
    for (const s of ['Bestätigung Ihrer Kündigung', '31.03.2027', 'frühestmöglichen Termin', 'Schlussrechnung', '§ 41b'])
      expect(kLetter).toContain(s);
    expect(await contract(K.contractId)).toMatchObject({ status: 'terminated', end_reason: 'termination' });

    // ---- W: withdrawals --------------------------------------------------------------------------
    await pin('2027-03-10');
    const late = await start(W3, { kind: 'withdrawal' });
    expect(late.status).toBe(422);
    expect(late.body.details).toEqual([{ field: 'receivedOn', message: expect.stringContaining('endete am 15.02.2027') }]);
    expect((await contract(W3.contractId)).status).toBe('pending');
    expect(await system.db('care_cases').where({ contract_id: W3.contractId })).toEqual([]);

    await run('installment-run');
    expect(await receivableTotal(system.db, W2.contractAccountId)).toBe(10000);
    const w1 = await start(W1, { kind: 'withdrawal', receivedOn: '2027-03-09' });
    const w2 = await start(W2, { kind: 'withdrawal' });
    expect([w1.status, w2.status]).toEqual([202, 202]);
    const w1Case = await closed(w1.body.caseId);
    const w2Case = await closed(w2.body.caseId);
    expect(w1Case.status).toBe('completed');
    expect(actions(w1Case.events)).toEqual(expect.arrayContaining(['contract-cancelled', 'supply-start-cancelled', 'letter-sent']));
    expect(w2Case.result).toMatchObject({ contractStatus: 'cancelled', reversedCents: 10000 });
    expect(await contract(W1.contractId)).toMatchObject({ status: 'cancelled', end_reason: 'withdrawal' });
    expect(await contract(W2.contractId)).toMatchObject({ status: 'cancelled', end_reason: 'withdrawal' });
    const ended = await createEngineQueries(system.db).processInstances.get(supplyStart.processInstanceKey);
    expect(ended.state).not.toBe('ACTIVE');
    const w1Letter = await letterOf(w1.body.caseId);
    for (const s of [
      'Bestätigung Ihres Widerrufs',
      'storniert',
      '09.03.2027',
      '01.03.2027',
      'Wir berechnen Ihnen nichts',
      'Die Belieferung durch uns beginnt nicht',
    ])
      expect(w1Letter).toContain(s);
    expect(await letterOf(w2.body.caseId)).toContain('100,00');
    const printRun = createPrintRun({ directory: path.join(os.tmpdir(), `energy-print-${process.pid}`) });
    const printed = (await printRun.manifest('2027-03-10')).entries.find((e) => e.businessKey === `care:${w1.body.caseId}:letter`);
    expect(printed).toBeDefined();
    expect(await pdfText(fs.readFileSync(path.join(printRun.folder('2027-03-10'), printed!.file)))).toContain(
      'Bestätigung Ihres Widerrufs',
    );
    // Nothing billed: the installment is reversed, the account is even, no further installment.
    expect(await receivableTotal(system.db, W2.contractAccountId)).toBe(0);
    await expectBalanced(W2.contractAccountId, '2027-03-10');

    // ---- M: move ---------------------------------------------------------------------------------
    await pin('2027-03-20');
    await run('installment-run');
    const newMeter = `1NEW${M.contractId.replace(/\D/g, '').slice(0, 8)}`;
    const newAddress = { street: 'Domstraße', houseNumber: '7', postalCode: '50668', city: 'Köln' };
    const sameMeter = await start(M, { kind: 'move', moveDate: '2027-03-15', newAddress, newMeterNumber: M.meterNumber });
    expect(sameMeter.status).toBe(400);
    const mv = await start(M, {
      kind: 'move',
      moveDate: '2027-03-15',
      newAddress,
      newMeterNumber: newMeter,
      reading: { valueKwh: '1700' },
      newMeterReading: { valueKwh: '250' },
    });
    expect(mv.status).toBe(202);
    const mvCase = await closed(mv.body.caseId);
    expect(mvCase.status).toBe('completed');
    const old = await contract(M.contractId);
    expect(old).toMatchObject({ status: 'terminated', end_reason: 'move' });
    const next = await system.db('contracts').where({ created_by_care_case_id: mv.body.caseId }).first();
    expect(next).toMatchObject({
      customer_id: M.customerId,
      contract_account_id: M.contractAccountId,
      predecessor_contract_id: M.contractId,
      tariff_code: 'RHEIN-FIX-24',
    });
    await waitFor(async () => (await contract(next.id)).status === 'active', 'new contract active');
    const mLetter = await letterOf(mv.body.caseId);
    for (const s of ['Bestätigung Ihres Umzugs', 'Domstraße 7', '15.03.2027', '16.03.2027', newMeter, next.contract_number])
      expect(mLetter).toContain(s);
    const finalM = await system.db('bills').where({ contract_id: M.contractId, kind: 'final' }).first();
    expect(finalM).toMatchObject({ period_end: expect.anything() });
    expect(Number(finalM.installments_cents)).toBe(30000);
    const mBill = await attachmentText(await mailTo(system, M.email, /Schlussrechnung/));
    for (const s of ['1.000', '1.700', '15.03.2027']) expect(mBill).toContain(s);
    await waitFor(
      async () => (await system.db('installment_plans').where({ contract_id: next.id, status: 'active' }).first()) ?? undefined,
      'plan of the new contract',
    );
    await expectBalanced(M.contractAccountId, '2027-03-20');

    // ---- K: the final bill after the end date ----------------------------------------------------
    await pin('2027-03-31');
    const endReading = await callApi(
      system,
      'POST',
      `/api/contracts/${K.contractId}/readings`,
      systemHeaders({ 'Idempotency-Key': `end-${K.contractId}` }),
      { readingDate: '2027-03-31', valueKwh: '1800', source: 'customer' },
    );
    expect(endReading.status).toBe(202);
    await waitFor(
      async () => (await system.db('meter_readings').where({ id: endReading.body.reading.id, status: 'accepted' }).first()) ?? undefined,
      'K end reading accepted',
    );
    expect((await callApi(system, 'GET', `/api/care-cases/${kt.body.caseId}`, caseworker.headers)).body.status).toBe('open');
    await pin('2027-04-01');
    const ktCase = await closed(kt.body.caseId);
    expect(ktCase).toMatchObject({ status: 'completed', result: { endDate: '2027-03-31' } });
    const finalK = await system.db('bills').where({ contract_id: K.contractId, kind: 'final' }).first();
    expect(finalK).toBeDefined();
    expect(await attachmentText(await mailTo(system, K.email, /Schlussrechnung/))).toContain('31.03.2027');
    await expectBalanced(K.contractAccountId, '2027-04-01');

    // After 1 April: W1 never started supply and got no plan; T's next installment is the new amount.
    await run('installment-run');
    expect(await contract(W1.contractId)).toMatchObject({ status: 'cancelled' });
    expect(await system.db('installment_plans').where({ contract_id: W1.contractId })).toEqual([]);
    const installments = await system
      .db('ledger_lines')
      .where({ contract_id: T.contractId, item_type: 'installment' })
      .orderBy('due_date')
      .select('due_date', 'amount_cents');
    expect(installments.map((l) => [isoDate(l.due_date), Number(l.amount_cents)])).toEqual([
      ['2027-01-15', 10000],
      ['2027-02-15', 10000],
      ['2027-03-15', Number(newPlan.amount_cents)],
    ]);
    await expectBalanced(T.contractAccountId, '2027-04-01');
    expect((await incidents(system)).map((i) => `${i.elementId}: ${i.errorMessage}`)).toEqual([]);

    // One letter per case: one mail each, one letter event each.
    const sent = (x: Customer, subject: RegExp) => system.mailSink!.list().filter((m) => m.to.includes(x.email) && subject.test(m.subject));
    expect(sent(T, /Tarifwechsel/)).toHaveLength(1);
    expect(sent(K, /Kündigung/)).toHaveLength(1);
    expect(sent(M, /Umzug/)).toHaveLength(1);
    expect(sent(W1, /Widerruf/)).toHaveLength(0);
    expect(sent(W2, /Widerruf/)).toHaveLength(1);
    for (const id of [tc.body.caseId, kt.body.caseId, mv.body.caseId, w1.body.caseId, w2.body.caseId])
      expect(await system.db('care_case_events').where({ care_case_id: id, action: 'letter-sent' })).toHaveLength(1);

    // A termination entered late (received 12 days ago): the week of §41b EnWG has passed, the case says so.
    const lateK = await start(K2, { kind: 'termination', endDate: '2027-12-31', receivedOn: '2027-03-20' });
    expect(lateK.status).toBe(202);
    await waitFor(
      async () =>
        (await system.db('care_case_events').where({ care_case_id: lateK.body.caseId, action: 'confirmation-overdue' }).first()) ??
        undefined,
      'the missed confirmation deadline recorded',
    );
    expect(await letterOf(lateK.body.caseId)).toContain('31.12.2027');
    expect(await contract(K2.contractId)).toMatchObject({ status: 'terminated', end_reason: 'termination' });

    // A rule that says no only when the job runs (here: a tariff of another commodity) closes the case as rejected.
    const { careCase: refusedCase } = await openCareCase(system.db, {
      customerId: T.customerId,
      contractId: T.contractId,
      kind: 'tariff-change',
      channel: 'system',
      requestedBy: 'e2e',
      request: { contractId: T.contractId, tariffCode: 'RHEIN-GAS-24', validFrom: '2027-05-01' },
    });
    await system.zbc.createProcessInstance({
      bpmnProcessId: 'care-tariff-change',
      variables: { careCaseId: refusedCase.id, contractId: T.contractId, tariffCode: 'RHEIN-GAS-24', validFrom: '2027-05-01' } as never,
    });
    expect(await closed(refusedCase.id)).toMatchObject({ status: 'rejected', reason: expect.stringContaining('derselben Sparte') });
    expect((await contract(T.contractId)).tariff_code).toBe('STROM-FIX-24');

    // Every job delivered again (a worker that died before completing it): nothing happens twice.
    const mailer = createMailer({ smtpHost: system.settings.smtpHost, smtpPort: system.settings.smtpPort, from: system.settings.mailFrom });
    const deps = accountingDeps(
      { zbc: system.zbc, db: system.db, settings: system.settings, now: () => system.engine!.engine.clock.now() },
      mailer,
      () => Promise.reject(new Error('a retry renders no letter again')),
    );
    const h = createCareContractHandlers(deps);
    const again = async (caseId: string, contractId: string, types: string[], vars: Record<string, unknown> = {}) => {
      const latest = (await system.db('care_cases').where({ id: caseId }).first()).request as Record<string, unknown>;
      for (const type of types) Object.assign(vars, await h[type]({ careCaseId: caseId, contractId, ...latest, ...vars }));
    };
    const countOf = async () => ({
      changes: (await system.db('contract_tariff_changes').count({ n: '*' }).first())?.n,
      plans: (await system.db('installment_plans').count({ n: '*' }).first())?.n,
      contracts: (await system.db('contracts').count({ n: '*' }).first())?.n,
      documents: (await system.db('ledger_documents').count({ n: '*' }).first())?.n,
      readings: (await system.db('meter_readings').count({ n: '*' }).first())?.n,
      mails: system.mailSink!.list().length,
      events: (await system.db('care_case_events').count({ n: '*' }).first())?.n,
    });
    const counted = await countOf();
    try {
      await again(tc.body.caseId, T.contractId, ['care.tariff-change.apply', 'care.tariff-change.plan', 'care.contract.confirm'], {
        letter: 'tariff-change',
      });
      await again(w2.body.caseId, W2.contractId, ['care.withdrawal.cancel', 'care.contract.confirm'], { letter: 'withdrawal' });
      await again(kt.body.caseId, K.contractId, ['care.termination.book', 'care.contract.confirm'], {
        receivedOn: '2027-03-01',
        letter: 'termination',
      });
      await again(mv.body.caseId, M.contractId, ['care.move.create', 'care.move.start-new', 'care.contract.confirm'], { letter: 'move' });
    } finally {
      mailer.close();
    }
    expect(await countOf()).toEqual(counted);
    expect(isoDate((await contract(K.contractId)).end_date)).toBe('2027-03-31');
  });
});

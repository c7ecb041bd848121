import type { Database } from '../../db';
import { databaseVariants, type TestDatabase } from '../../db/testing';
import { postDueInstallments } from '../billing/installment-run';
import { createPlan, activePlan } from '../billing/installments-repository';
import { issueBill } from '../billing/issue-bill';
import { findBillReadings } from '../billing/bill-readings';
import { receivableTotal } from '../ledger';
import { insertContract } from '../shared/test-fixtures';
import type { TariffVersion } from '../tariffs/types';
import { createMoveContract, checkMove } from './move';
import { applyTariffChange, checkTariffChange, composeTariffVersions, planAfterTariffChange } from './tariff-change';
import { confirmationDeadline, earliestTerminationDate, terminationEndDate } from './termination';
import { checkWithdrawal, withdrawalDeadline, withdrawContract } from './withdrawal';

const version = (tariffCode: string, validFrom: string, working: string, base = '10'): TariffVersion => ({
  id: `${tariffCode}-${validFrom}`,
  tariffCode,
  validFrom,
  basePriceMonthNet: base,
  workingPriceKwhNet: working,
  priceTiers: [],
  modules: [],
  package: null,
  createdBy: null,
});

describe('withdrawal period (§355, §356 (2) no. 2, §187 (1), §193 BGB)', () => {
  it('ends 14 days after the conclusion, moved past a weekend or public holiday', () => {
    // Concluded Wed 2027-03-03: the 14th day after is Wed 2027-03-17.
    expect(withdrawalDeadline('2027-03-03')).toBe('2027-03-17');
    // Concluded Sat 2027-03-06: Sat 2027-03-20 → Mon 2027-03-22.
    expect(withdrawalDeadline('2027-03-06')).toBe('2027-03-22');
    // Concluded Fri 2027-12-11: Fri 2027-12-25 (Christmas) → Mon 2027-12-27.
    expect(withdrawalDeadline('2027-12-11')).toBe('2027-12-27');
  });
  it('accepts a withdrawal on the last day and refuses one a day later, naming the dates', () => {
    const contract = { contractNumber: 'V1', status: 'pending', createdAt: new Date('2027-03-03T10:00:00+01:00') };
    expect(checkWithdrawal(contract, '2027-03-17', '2027-03-20')).toEqual({ concludedOn: '2027-03-03', deadline: '2027-03-17' });
    const late = (() => {
      try {
        checkWithdrawal(contract, '2027-03-18', '2027-03-18');
      } catch (e) {
        return e as { code: string; field: string; message: string };
      }
    })();
    expect(late).toMatchObject({ code: 'refused', field: 'receivedOn' });
    expect(late!.message).toContain('endete am 17.03.2027');
    expect(() => checkWithdrawal(contract, '2027-03-19', '2027-03-18')).toThrow(expect.objectContaining({ code: 'invalid' }));
    expect(() => checkWithdrawal({ ...contract, status: 'cancelled' }, '2027-03-05', '2027-03-05')).toThrow(
      expect.objectContaining({ code: 'refused', field: 'contractId' }),
    );
  });
  it('counts the conclusion day in German time', () => {
    // 23:30 UTC on 2 March is 00:30 on 3 March in Germany.
    const contract = { contractNumber: 'V1', status: 'active', createdAt: new Date('2027-03-02T23:30:00Z') };
    expect(checkWithdrawal(contract, '2027-03-17', '2027-03-17').concludedOn).toBe('2027-03-03');
  });
});

describe('termination: notice period and minimum term', () => {
  const terms = { startDate: '2027-01-01', minimumTermMonths: 12, noticePeriodDays: 30 };
  it('ends at the minimum term at the earliest, else after the notice period', () => {
    expect(earliestTerminationDate(terms, '2027-03-01')).toEqual({
      earliest: '2027-12-31',
      minimumTermEnd: '2027-12-31',
      noticeEnd: '2027-03-31',
    });
    expect(earliestTerminationDate(terms, '2027-12-15').earliest).toBe('2028-01-14');
    expect(earliestTerminationDate({ ...terms, minimumTermMonths: 0 }, '2027-03-01').earliest).toBe('2027-03-31');
    expect(terminationEndDate(terms, '2027-03-01')).toBe('2027-12-31');
    expect(terminationEndDate(terms, '2027-03-01', '2028-02-29')).toBe('2028-02-29');
  });
  it('refuses an end before the minimum term or the notice, naming the earliest date', () => {
    expect(() => terminationEndDate(terms, '2027-03-01', '2027-06-30')).toThrow(
      expect.objectContaining({
        code: 'refused',
        field: 'endDate',
        message: expect.stringMatching(/Mindestlaufzeit von 12 Monaten endet am 31\.12\.2027.*Frühestmöglicher Termin: 31\.12\.2027/),
      }),
    );
    expect(() => terminationEndDate(terms, '2027-12-15', '2028-01-01')).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/Kündigungsfrist von 30 Tagen endet am 14\.01\.2028/) }),
    );
  });
  it('confirms within one week (§41b (1) EnWG)', () => {
    expect(confirmationDeadline('2027-03-01')).toBe('2027-03-08');
  });
});

describe('tariff change: versions composed', () => {
  it('takes the old tariff up to the change and the new one (and its later prices) from then', () => {
    const old = [version('A', '2020-01-01', '0.25'), version('A', '2024-10-01', '0.30')];
    const next = [version('B', '2023-01-01', '0.20'), version('B', '2024-09-01', '0.22'), version('B', '2025-01-01', '0.21')];
    const composed = composeTariffVersions(old, [{ validFrom: '2024-07-01', versions: next }]);
    expect(composed.map((v) => [v.tariffCode, v.validFrom, v.workingPriceKwhNet])).toEqual([
      ['A', '2020-01-01', '0.25'],
      ['B', '2024-07-01', '0.20'],
      ['B', '2024-09-01', '0.22'],
      ['B', '2025-01-01', '0.21'],
    ]);
    expect(() => composeTariffVersions(old, [{ validFrom: '2022-01-01', versions: next }])).toThrow(RangeError);
  });
});

async function careCase(db: Database, customerId: string, kind: string): Promise<string> {
  const [row] = await db('care_cases')
    .insert({ customer_id: customerId, kind, channel: 'caseworker', requested_by: 'test', request: '{}' })
    .returning('id');
  return row.id as string;
}

async function reading(db: Database, c: { meterId: string; contractId: string }, date: string, value: string) {
  await db('meter_readings').insert({
    business_key: `r:${c.contractId}:${date}`,
    meter_id: c.meterId,
    contract_id: c.contractId,
    reading_date: date,
    value_kwh: value,
    source: 'meter_operator',
    status: 'accepted',
  });
}

describe.each(databaseVariants())('contract changes in the database ($name)', (variant) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await variant.open();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('bills a tariff change within the period with each tariff in its own time, and proposes the new plan', async () => {
    // RHEIN-FIX-24: 10 €/month, 0.2521 €/kWh; STROM-FIX-24: 9.50 €/month, 0.26 €/kWh; 19 % VAT.
    const c = await insertContract(t.db, { startDate: '2024-01-01', billingPeriodStart: '2024-01-01', annualConsumptionKwh: 3500 });
    await reading(t.db, c, '2024-01-01', '1000');
    await reading(t.db, c, '2024-12-31', '4500');
    await createPlan(t.db, {
      contractId: c.contractId,
      validFrom: '2024-01-15',
      cadence: 'monthly',
      amountCents: 10000,
      reason: 'Erstabschlag',
      businessKey: `plan:${c.contractId}`,
    });
    const caseId = await careCase(t.db, c.customerId, 'tariff-change');
    const req = { tariffCode: 'STROM-FIX-24', validFrom: '2024-07-01' };
    await expect(checkTariffChange(t.db, c.contractId, { ...req, validFrom: '2024-06-01' }, '2024-06-15')).rejects.toMatchObject({
      code: 'refused',
      field: 'validFrom',
    });
    await expect(checkTariffChange(t.db, c.contractId, { ...req, tariffCode: 'RHEIN-GAS-24' }, '2024-06-15')).rejects.toMatchObject({
      code: 'refused',
      field: 'tariffCode',
    });
    await expect(checkTariffChange(t.db, c.contractId, { ...req, tariffCode: 'NOPE' }, '2024-06-15')).rejects.toMatchObject({
      code: 'invalid',
      field: 'tariffCode',
    });
    await checkTariffChange(t.db, c.contractId, req, '2024-06-15');
    const applied = await applyTariffChange(t.db, { careCaseId: caseId, contractId: c.contractId, ...req, today: '2024-06-15' });
    expect(applied).toMatchObject({ fromTariffCode: 'RHEIN-FIX-24', toTariffCode: 'STROM-FIX-24', created: true });
    const again = await applyTariffChange(t.db, { careCaseId: caseId, contractId: c.contractId, ...req, today: '2024-06-16' });
    expect(again).toMatchObject({ fromTariffCode: 'RHEIN-FIX-24', toTariffCode: 'STROM-FIX-24', created: false });
    expect((await t.db('contracts').where({ id: c.contractId }).first('tariff_code')).tariff_code).toBe('STROM-FIX-24');
    // A second change to the same date is refused.
    await expect(
      checkTariffChange(t.db, c.contractId, { tariffCode: 'RHEIN-FIX-24', validFrom: '2024-07-01' }, '2024-06-16'),
    ).rejects.toMatchObject({ field: 'validFrom' });

    const plan = await planAfterTariffChange(t.db, { careCaseId: caseId, contractId: c.contractId, today: '2024-06-15' });
    // The rhythm stays (the 15th); 3,500 kWh × 0.26 + 12 × 9.50 = 1,024 € net, 1,218.56 € gross → 102 €/month.
    expect(plan).toMatchObject({ validFrom: '2024-07-15', amountCents: 10200, status: 'active' });
    expect((await planAfterTariffChange(t.db, { careCaseId: caseId, contractId: c.contractId, today: '2024-06-16' })).id).toBe(plan.id);

    const bill = await issueBill(t.db, {
      contractId: c.contractId,
      kind: 'annual',
      periodEnd: '2024-12-31',
      billDate: '2025-01-05',
      readings: await findBillReadings(t.db, c.contractId, '2024-12-31'),
    });
    // 182 + 184 days: 1,740.437 kWh at 0.2521 and 1,759.563 kWh at 0.26; base 10 € and 9.50 € day-exact.
    expect(bill.calculation.lines.map((l) => [l.description, l.from, l.unitPriceNet, l.quantity, l.netCents])).toEqual([
      ['Arbeitspreis', '2024-01-01', '0.2521', '1740.437', 43876],
      ['Grundpreis', '2024-01-01', '10', '5.9836', 5984],
      ['Arbeitspreis', '2024-07-01', '0.26', '1759.563', 45749],
      ['Grundpreis', '2024-07-01', '9.5', '6.0493', 5747],
    ]);
    expect(bill.netCents).toBe(101356);
  });

  it('cancels a withdrawn contract and reverses its posted installments, once', async () => {
    const c = await insertContract(t.db, { startDate: '2024-01-01' });
    await createPlan(t.db, {
      contractId: c.contractId,
      validFrom: '2024-01-01',
      cadence: 'monthly',
      amountCents: 8000,
      reason: 'Erstabschlag',
      businessKey: `plan:${c.contractId}`,
    });
    await postDueInstallments(t.db, { today: '2024-01-10' });
    expect(await receivableTotal(t.db, c.contractAccountId)).toBe(8000);
    const caseId = await careCase(t.db, c.customerId, 'withdrawal');
    const r = await withdrawContract(t.db, { careCaseId: caseId, contractId: c.contractId, postingDate: '2024-01-11' });
    expect(r).toMatchObject({ previousStatus: 'active', reversedCents: 8000 });
    expect(r.reversedDocuments).toHaveLength(1);
    const retry = await withdrawContract(t.db, { careCaseId: caseId, contractId: c.contractId, postingDate: '2024-01-12' });
    expect(retry.reversedDocuments).toEqual(r.reversedDocuments);
    expect(await t.db('ledger_documents').where({ kind: 'reversal' }).where('business_key', 'like', `withdrawal:${caseId}:%`)).toHaveLength(
      1,
    );
    expect(await receivableTotal(t.db, c.contractAccountId)).toBe(0);
    const contract = await t.db('contracts').where({ id: c.contractId }).first('status', 'end_reason');
    expect(contract).toEqual({ status: 'cancelled', end_reason: 'withdrawal' });
    expect(await activePlan(t.db, c.contractId)).toBeUndefined();
    await postDueInstallments(t.db, { today: '2024-03-10' });
    expect(await receivableTotal(t.db, c.contractAccountId)).toBe(0);
  });

  it('ends the contract at the old address and makes one new contract on the same account', async () => {
    const c = await insertContract(t.db, { startDate: '2024-01-01', billingPeriodStart: '2024-01-01' });
    const caseId = await careCase(t.db, c.customerId, 'move');
    const newAddress = { street: 'Domstraße', houseNumber: '7', postalCode: '50668', city: 'Köln' };
    const req = { moveDate: '2024-05-31', newAddress, newMeterNumber: `1NEW${c.contractId.slice(0, 8)}` };
    await expect(checkMove(t.db, c.contractId, { ...req, newMeterNumber: c.meterNumber }, '2024-05-01')).rejects.toMatchObject({
      field: 'newMeterNumber',
    });
    await expect(checkMove(t.db, c.contractId, { ...req, moveDate: '2023-12-31' }, '2024-05-01')).rejects.toMatchObject({
      code: 'refused',
      field: 'moveDate',
    });
    await checkMove(t.db, c.contractId, req, '2024-05-01');
    const made = await createMoveContract(t.db, { careCaseId: caseId, contractId: c.contractId, ...req });
    expect(made).toMatchObject({ endDate: '2024-05-31', startDate: '2024-06-01', created: true });
    const again = await createMoveContract(t.db, { careCaseId: caseId, contractId: c.contractId, ...req });
    expect(again).toMatchObject({ newContractId: made.newContractId, created: false });
    const old = await t.db('contracts').where({ id: c.contractId }).first();
    expect(old).toMatchObject({ status: 'terminated', end_reason: 'move' });
    const next = await t.db('contracts').where({ id: made.newContractId }).first();
    expect(next).toMatchObject({
      status: 'pending',
      customer_id: c.customerId,
      contract_account_id: c.contractAccountId,
      predecessor_contract_id: c.contractId,
      order_id: null,
      tariff_code: 'RHEIN-FIX-24',
    });
    expect(await t.db('contracts').where({ created_by_care_case_id: caseId })).toHaveLength(1);
    // The new meter is taken now: a second move onto it is refused.
    const other = await insertContract(t.db, { startDate: '2024-01-01' });
    await expect(checkMove(t.db, other.contractId, { ...req }, '2024-05-01')).rejects.toMatchObject({
      code: 'refused',
      field: 'newMeterNumber',
    });
  });
});

import { databaseVariants, type TestDatabase } from '../../db/testing';
import type { Database } from '../../db';
import { insertContract } from '../shared/test-fixtures';
import { findBillReadings } from './bill-readings';
import { issueBills } from './bill-run';
import { loadBill } from './bills';
import { postDueInstallments } from './installment-run';
import { createPlan } from './installments-repository';
import { issueBill } from './issue-bill';

// Seeded RHEIN-FIX-24 (10 €/month, 0.2521 €/kWh, 19 %), 3,500 kWh a year: 100 € installments.
async function billableContract(db: Database, endValue: string, endDate = '2024-12-31') {
  const c = await insertContract(db, { startDate: '2024-01-01', billingPeriodStart: '2024-01-01' });
  await db('meter_readings').insert([
    {
      business_key: `r:${c.contractId}:start`,
      meter_id: c.meterId,
      contract_id: c.contractId,
      reading_date: '2024-01-01',
      value_kwh: '1000',
      source: 'meter_operator',
      status: 'accepted',
    },
    {
      business_key: `r:${c.contractId}:end`,
      meter_id: c.meterId,
      contract_id: c.contractId,
      reading_date: endDate,
      value_kwh: endValue,
      source: 'customer',
      status: 'plausible',
    },
  ]);
  await createPlan(db, {
    contractId: c.contractId,
    validFrom: '2024-01-15',
    cadence: 'monthly',
    amountCents: 10000,
    reason: 'Erstabschlag',
    businessKey: `plan:${c.contractId}`,
  });
  return c;
}

const comparable = (b: Awaited<ReturnType<typeof loadBill>>) => ({
  kind: b.kind,
  periodStart: b.periodStart,
  periodEnd: b.periodEnd,
  dueDate: b.dueDate,
  netCents: b.netCents,
  vatCents: b.vatCents,
  grossCents: b.grossCents,
  installmentsCents: b.installmentsCents,
  amountDueCents: b.amountDueCents,
  calculation: {
    ...b.calculation,
    contractId: 'x',
    readings: {
      ...b.calculation.readings,
      start: { ...b.calculation.readings.start, meterNumber: 'm' },
      end: { ...b.calculation.readings.end, meterNumber: 'm' },
    },
  },
});

describe.each(databaseVariants())('bill run ($name)', (variant) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await variant.open();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('issues the same bills as issueBill, one page for many contracts, and finds them on a rerun', async () => {
    // Twins: one billed alone, one by the run; a credit (2,000 kWh), a bill due (5,000 kWh, end read 3 days early).
    const single = [await billableContract(t.db, '3000'), await billableContract(t.db, '6000', '2024-12-28')];
    const run = [await billableContract(t.db, '3000'), await billableContract(t.db, '6000', '2024-12-28')];
    const broken = await insertContract(t.db, { startDate: '2024-01-01', billingPeriodStart: '2024-01-01' });
    await postDueInstallments(t.db, { today: '2024-12-31' });

    const singles = [];
    for (const c of single) {
      const readings = await findBillReadings(t.db, c.contractId, '2024-12-31');
      singles.push(
        await issueBill(t.db, { contractId: c.contractId, kind: 'annual', periodEnd: '2024-12-31', billDate: '2025-01-10', readings }),
      );
    }
    const ids = [...run.map((c) => c.contractId), broken.contractId];
    const result = await issueBills(t.db, { contractIds: ids, kind: 'annual', billDate: '2025-01-10', pageSize: 2 });
    expect(result).toMatchObject({ issued: 2, existing: 0, failed: 1 });
    expect(result.outcomes[2]).toMatchObject({ contractId: broken.contractId, status: 'failed', error: { field: 'readings.start' } });
    for (let i = 0; i < run.length; i++) {
      const o = result.outcomes[i];
      if (o.status === 'failed') throw o.error;
      const bill = await loadBill(t.db, o.billId);
      expect(comparable(bill)).toEqual(comparable(singles[i]));
      expect(bill.billNumber).toMatch(/^R2025\d{8}$/);
    }
    expect(singles[0].amountDueCents).toBeLessThan(0);
    expect(singles[0].installmentsCents).toBe(120000);
    expect(singles[1].calculation.readings.end.kind).toBe('estimated');

    // The next period starts the day after; the credit paid the open installments, as clearAccount does.
    for (const c of [...single, ...run]) {
      const row = (await t.db('contracts').where({ id: c.contractId }).first('billing_period_start')) as {
        billing_period_start: Date | string;
      };
      expect(new Date(row.billing_period_start).toISOString().slice(0, 10)).toBe('2025-01-01');
    }
    const openOf = async (accountId: string) =>
      (await t
        .db('open_items')
        .where({ contract_account_id: accountId })
        .whereNot('open_cents', 0)
        .select('item_type', 'open_cents')) as Array<{
        item_type: string;
        open_cents: string;
      }>;
    const openSingle = await openOf(single[0].contractAccountId);
    const openRun = await openOf(run[0].contractAccountId);
    expect(openRun.map((o) => [o.item_type, Number(o.open_cents)]).sort()).toEqual(
      openSingle.map((o) => [o.item_type, Number(o.open_cents)]).sort(),
    );
    expect(openRun.every((o) => o.item_type === 'installment')).toBe(true);

    const again = await issueBills(t.db, { contractIds: ids, kind: 'annual', billDate: '2025-01-10', periodEndOf: () => '2024-12-31' });
    expect(again).toMatchObject({ issued: 0, existing: 2, failed: 1 });
    expect(Number((await t.db('bills').whereIn('contract_id', ids).count({ n: '*' }))[0].n)).toBe(2);
  });
});

import { databaseVariants, type TestDatabase } from '../../db/testing';
import { insertContract } from '../shared/test-fixtures';
import { activePlan, createPlan, decidePlanChange, requestPlanChange } from './installments-repository';

// Seeded RHEIN-FIX-24 (10 €/month, 0.2521 €/kWh, 19 %), 3,500 kWh: 100 € a month (see installments.test.ts).
describe.each(databaseVariants())('installment plans ($name)', (variant) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await variant.open();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('creates a plan, supersedes it with the next, and returns the same plan on a retry', async () => {
    const { contractId } = await insertContract(t.db);
    const first = await createPlan(t.db, {
      contractId,
      validFrom: '2024-01-15',
      cadence: 'monthly',
      amountCents: 10000,
      reason: 'Erstabschlag',
      businessKey: `plan:${contractId}:1`,
    });
    expect(first).toMatchObject({ status: 'active', amountCents: 10000, validFrom: '2024-01-15' });
    const retry = await createPlan(t.db, { ...first, reason: 'Erstabschlag', businessKey: `plan:${contractId}:1`, amountCents: 999 });
    expect(retry.id).toBe(first.id);
    const second = await createPlan(t.db, {
      contractId,
      validFrom: '2025-01-15',
      cadence: 'monthly',
      amountCents: 11000,
      reason: 'Jahresabrechnung',
      requestedBy: 'billing',
      businessKey: `plan:${contractId}:2`,
    });
    expect((await activePlan(t.db, contractId))?.id).toBe(second.id);
    const old = await t.db('installment_plans').where({ id: first.id }).first('status');
    expect(old.status).toBe('superseded');
    await expect(
      createPlan(t.db, { contractId, validFrom: '2025-13-01', cadence: 'monthly', amountCents: 1, reason: 'x', businessKey: 'bad' }),
    ).rejects.toMatchObject({ field: 'validFrom' });
  });

  it('applies a change within the tolerance at once, keeping the due-day rhythm', async () => {
    const { contractId } = await insertContract(t.db);
    await createPlan(t.db, {
      contractId,
      validFrom: '2024-01-15',
      cadence: 'monthly',
      amountCents: 10000,
      reason: 'Erst',
      businessKey: `p:${contractId}`,
    });
    const req = {
      contractId,
      amountCents: 10800,
      requestedBy: 'kunde',
      tolerancePercent: 10,
      businessKey: `change:${contractId}:1`,
      asOf: '2025-03-20',
    };
    const result = await requestPlanChange(t.db, req);
    expect(result).toMatchObject({ needsApproval: false, proposedCents: 10000 });
    expect(result.plan).toMatchObject({ status: 'active', amountCents: 10800, validFrom: '2025-04-15', requestedBy: 'kunde' });
    const again = await requestPlanChange(t.db, req);
    expect(again.plan.id).toBe(result.plan.id);
  });

  it('holds a change beyond the tolerance for approval', async () => {
    const { contractId } = await insertContract(t.db);
    const current = await createPlan(t.db, {
      contractId,
      validFrom: '2024-01-01',
      cadence: 'monthly',
      amountCents: 10000,
      reason: 'Erst',
      businessKey: `p:${contractId}`,
    });
    const low = await requestPlanChange(t.db, {
      contractId,
      amountCents: 5000,
      requestedBy: 'kunde',
      tolerancePercent: 10,
      businessKey: `c:${contractId}:1`,
      asOf: '2025-03-20',
    });
    expect(low).toMatchObject({ needsApproval: true, plan: { status: 'pending_approval', amountCents: 5000 } });
    expect((await activePlan(t.db, contractId))?.id).toBe(current.id);

    const rejected = await decidePlanChange(t.db, low.plan.id, false, 'sachbearbeiter');
    expect(rejected).toMatchObject({ status: 'rejected', decidedBy: 'sachbearbeiter' });
    expect((await decidePlanChange(t.db, low.plan.id, false, 'sachbearbeiter')).status).toBe('rejected');
    await expect(decidePlanChange(t.db, low.plan.id, true, 'sachbearbeiter')).rejects.toMatchObject({ field: 'planId' });

    const high = await requestPlanChange(t.db, {
      contractId,
      amountCents: 20000,
      requestedBy: 'kunde',
      tolerancePercent: '10',
      businessKey: `c:${contractId}:2`,
      asOf: '2025-03-20',
    });
    expect(high.needsApproval).toBe(true);
    const approved = await decidePlanChange(t.db, high.plan.id, true, 'sachbearbeiter');
    expect(approved).toMatchObject({ status: 'active', amountCents: 20000, validFrom: '2025-04-01' });
    expect((await activePlan(t.db, contractId))?.id).toBe(approved.id);
  });
});

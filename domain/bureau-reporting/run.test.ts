import { databaseVariants, type TestDatabase } from '../../db/testing';
import { listRecords, loadDelivery, pendingDeliveries, prepareDeliveries, recordAnswer, type PrepareInput } from '.';
import { addNotice, block, charge, pay, seedClaim, writeOff, type SeededClaim } from './test-fixtures';

const input = (period: string, reportDate: string, patch: Partial<PrepareInput> = {}): PrepareInput => ({
  period,
  reportDate,
  bureaus: ['creditreform'],
  rules: { minNotices: 2, waitDays: 28 },
  memberNumber: '123456789',
  batchSize: 500,
  ...patch,
});

describe.each(databaseVariants())('bureau reporting run on $name', (variant) => {
  let t: TestDatabase;
  const c: Record<string, SeededClaim> = {};

  /** Prepares the period and lets the bureau accept every record (as the transmit step would record it). */
  async function run(period: string, reportDate: string, patch: Partial<PrepareInput> = {}) {
    const prepared = await prepareDeliveries(t.db, input(period, reportDate, patch));
    for (const d of await pendingDeliveries(t.db, period)) {
      const detail = (await loadDelivery(t.db, d.id))!;
      await recordAnswer(t.db, d.id, {
        status: 200,
        body: '<PaymentExperienceAcknowledgement/>',
        answer: { receiptId: `R-${d.deliveryKey}`, records: detail.records.map((r) => ({ reference: r.caseNumber, accepted: true })) },
      });
    }
    const records = await listRecords(t.db, { period, limit: 1000 });
    const byCase = new Map(records.map((r) => [r.caseNumber, r]));
    const of = (name: string) => byCase.get(c[name].caseNumber);
    return { prepared, records, of };
  }

  beforeAll(async () => {
    t = await variant.open();
    const seeds: Record<string, Parameters<typeof seedClaim>[1]> = {
      // First written notice 1 Oct: reportable from 29 Oct.
      paid: { noticeDays: ['2026-10-01', '2026-10-15'] },
      reduced: { noticeDays: ['2026-10-01', '2026-10-15'] },
      raised: { noticeDays: ['2026-10-01', '2026-10-15'] },
      writtenOff: { noticeDays: ['2026-10-01', '2026-10-15'], caseStatus: 'collection' },
      // 3 Oct + 28 = 31 Oct, the report day; 4 Oct + 28 = 1 Nov, the day after.
      dayOf: { noticeDays: ['2026-10-03', '2026-10-20'] },
      dayBefore: { noticeDays: ['2026-10-04', '2026-10-20'] },
      secondOnReportDay: { noticeDays: ['2026-10-01', '2026-10-31'] },
      secondAfterReportDay: { noticeDays: ['2026-10-01', '2026-11-01'] },
      unwarned: { noticeDays: ['2026-09-01', '2026-09-15'], warning: false },
      disputed: { noticeDays: ['2026-09-01', '2026-09-15'] },
      itemDisputed: { noticeDays: ['2026-09-01', '2026-09-15'] },
      resolvedBefore: { noticeDays: ['2026-09-01', '2026-09-15'] },
      resolvedAfter: { noticeDays: ['2026-09-01', '2026-09-15'] },
      oneNotice: { noticeDays: ['2026-09-01'] },
      // One notice only, but an enforceable title from collection (another ground).
      titled: { noticeDays: ['2026-09-01'], caseStatus: 'collection' },
    };
    for (const [name, seed] of Object.entries(seeds)) c[name] = await seedClaim(t.db, seed);
    await block(t.db, c.disputed);
    await block(t.db, c.itemDisputed, { lineId: c.itemDisputed.lineId });
    await block(t.db, c.resolvedBefore, { resolvedOn: '2026-10-30' });
    await block(t.db, c.resolvedAfter, { resolvedOn: '2026-11-01' });
    await t.db('collection_cases').insert({
      case_number: `INK-${c.titled.caseNumber}`,
      dunning_case_id: c.titled.caseId,
      contract_account_id: c.titled.contractAccountId,
      path: 'court',
      state: 'titled',
      claim_cents: 12_345,
      opened_on: '2026-09-20',
      title_kind: 'enforcement_order',
      title_on: '2026-10-20',
    });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('reports exactly the eligible claims of October, once per bureau, period and claim', async () => {
    const { prepared, records, of } = await run('2026-10', '2026-10-31');
    const reported = new Set(records.map((r) => r.caseNumber));
    const expected = ['paid', 'reduced', 'raised', 'writtenOff', 'dayOf', 'secondOnReportDay', 'resolvedBefore', 'titled'];
    expect([...reported].sort()).toEqual(expected.map((n) => c[n].caseNumber).sort());
    expect(prepared).toEqual({ deliveries: 1, records: 8, newRecords: 8, updates: 0 });
    expect(of('paid')).toMatchObject({ recordType: 'new', claimStatus: 'open', openCents: 12_345, dunningLevel: 2, status: 'accepted' });

    // The delivery keeps exactly what was sent and what the bureau answered.
    const delivery = (await loadDelivery(t.db, await lastDeliveryId()))!;
    expect(delivery.payload).toContain('<PaymentExperienceDelivery version="1.0">');
    expect(delivery.payload).toContain(`<ClaimReference>${c.paid.caseNumber}</ClaimReference>`);
    expect(delivery.payload).not.toContain(c.dayBefore.caseNumber);
    expect(delivery).toMatchObject({ status: 'accepted', responseStatus: 200, receiptId: `R-${delivery.deliveryId}`, recordCount: 8 });
    expect(delivery.payload).toContain('<TitleDate>2026-10-20</TitleDate>');

    // A rerun of the period sends nothing twice.
    expect((await run('2026-10', '2026-10-31')).prepared).toEqual({ deliveries: 0, records: 0, newRecords: 0, updates: 0 });
  });

  async function lastDeliveryId(): Promise<string> {
    return ((await t.db('bureau_report_deliveries').orderBy('created_at', 'desc').first('id')) as { id: string }).id;
  }

  it('November: paid, reduced, raised and written off give one update each; the newly eligible are reported; nothing else', async () => {
    await pay(t.db, c.paid, 12_345, '2026-11-05');
    await pay(t.db, c.reduced, 5_000, '2026-11-05');
    await charge(t.db, c.raised, 150, '2026-11-10');
    await writeOff(t.db, c.writtenOff, 12_345, '2026-11-20');
    // The next level on a claim reported in October.
    await addNotice(t.db, c.dayOf.caseId, 3, '2026-11-12', 12_345);
    const { prepared, records, of } = await run('2026-11', '2026-11-30');
    expect(of('paid')).toMatchObject({ recordType: 'update', claimStatus: 'settled', openCents: 0 });
    expect(of('reduced')).toMatchObject({ recordType: 'update', claimStatus: 'open', openCents: 7_345 });
    expect(of('raised')).toMatchObject({ recordType: 'update', claimStatus: 'open', openCents: 12_495 });
    expect(of('writtenOff')).toMatchObject({ recordType: 'update', claimStatus: 'written_off', openCents: 0, writtenOffCents: 12_345 });
    expect(of('dayOf')).toMatchObject({ recordType: 'update', claimStatus: 'open', dunningLevel: 3 });
    // Reportable now: four weeks passed, the second notice is sent, the block was resolved on 1 Nov.
    for (const name of ['dayBefore', 'secondAfterReportDay', 'resolvedAfter']) expect(of(name)).toMatchObject({ recordType: 'new' });
    for (const name of ['secondOnReportDay', 'resolvedBefore', 'unwarned', 'disputed', 'itemDisputed', 'oneNotice'])
      expect(of(name)).toBeUndefined();
    expect(records).toHaveLength(8);
    expect(prepared).toMatchObject({ newRecords: 3, updates: 5 });
  });

  it('December: a settled claim is not sent again; unchanged claims send nothing', async () => {
    const { records } = await run('2026-12', '2026-12-31');
    expect(records).toEqual([]);
  });

  it('a claim the bureau refused is offered again next period; batches split large sets', async () => {
    const late = await seedClaim(t.db, { noticeDays: ['2026-11-01', '2026-11-20'] });
    const late2 = await seedClaim(t.db, { noticeDays: ['2026-11-01', '2026-11-20'] });
    const prepared = await prepareDeliveries(t.db, input('2027-01', '2027-01-31', { batchSize: 1 }));
    expect(prepared).toMatchObject({ deliveries: 2, records: 2 });
    const pending = await pendingDeliveries(t.db, '2027-01');
    expect(pending.map((d) => d.deliveryKey)).toEqual(['bureau-report:creditreform:2027-01:1', 'bureau-report:creditreform:2027-01:2']);
    for (const d of pending) await recordAnswer(t.db, d.id, { status: 400, body: '<Fault/>' });
    const refused = await listRecords(t.db, { period: '2027-01' });
    expect(refused.map((r) => [r.status, r.error])).toEqual([
      ['rejected', 'HTTP 400'],
      ['rejected', 'HTTP 400'],
    ]);
    const next = await run('2027-02', '2027-02-28');
    expect(next.records.map((r) => r.caseNumber).sort()).toEqual([late.caseNumber, late2.caseNumber].sort());
    expect(next.records.every((r) => r.recordType === 'new')).toBe(true);
  });
});

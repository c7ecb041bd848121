import { databaseVariants, type TestDatabase } from '../../db/testing';
import { accountBalance, postDocument } from '../ledger';
import { insertContract, postTestItem } from '../shared/test-fixtures';
import {
  assessAccount,
  createInstallmentAgreement,
  createProposal,
  DunningError,
  openCases,
  pendingProposals,
  setBlock,
  splitRates,
  supplyInterruptionDates,
  defaultSupplyRules,
  watchAgreements,
} from '.';

const config = { graceDays: 1, minAmountCents: 500 };

describe('installment rates', () => {
  it('split a total into whole cents, the remainder on the first rate, monthly', () => {
    expect(splitRates(10_001, 3, '2027-01-31')).toEqual([
      { dueDate: '2027-01-31', amountCents: 3335 },
      { dueDate: '2027-02-28', amountCents: 3333 },
      { dueDate: '2027-03-31', amountCents: 3333 },
    ]);
  });
});

describe('supply-interruption dates (§19 StromGVV)', () => {
  it('put the interruption four weeks after the threat on a working day and the announcement 8 working days before', () => {
    // 26 Feb 2027 + 28 days = Good Friday 26 March; Easter Monday 29 March is a holiday too. Eight
    // working days before Tuesday 30 March, skipping both: Tuesday 16 March.
    expect(supplyInterruptionDates('2027-02-26', defaultSupplyRules, 'NW')).toEqual({
      threatOn: '2027-02-26',
      interruptOn: '2027-03-30',
      announceOn: '2027-03-16',
    });
  });
});

describe.each(databaseVariants())('dunning on $name', (variant) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await variant.open();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('proposes accounts with overdue, undisputed items at or above the minimum, less their credits', async () => {
    const db = t.db;
    const overdue = (await insertContract(db)).contractAccountId;
    const small = (await insertContract(db)).contractAccountId;
    const credited = (await insertContract(db)).contractAccountId;
    const disputed = (await insertContract(db)).contractAccountId;
    const notYet = (await insertContract(db)).contractAccountId;
    await postTestItem(db, overdue, 'p-overdue-1', 10_000, '2027-01-15');
    await postTestItem(db, overdue, 'p-overdue-2', 5_000, '2027-02-15');
    await postTestItem(db, small, 'p-small', 400, '2027-01-15');
    await postTestItem(db, credited, 'p-credited', 10_000, '2027-01-15');
    await postDocument(db, {
      businessKey: 'p-credit',
      kind: 'bill',
      contractAccountId: credited,
      postingDate: '2027-01-10',
      text: 'Guthaben',
      lines: [
        { glAccount: 'receivable', itemType: 'credit', amountCents: -9_800, dueDate: '2027-01-10', text: 'Guthaben' },
        { glAccount: 'revenue', amountCents: 9_800, text: 'Guthaben' },
      ],
    });
    const disputedLine = await postTestItem(db, disputed, 'p-disputed', 10_000, '2027-01-15');
    // Due today: overdue only from tomorrow (one grace day).
    await postTestItem(db, notYet, 'p-not-yet', 10_000, '2027-01-18');
    await setBlock(db, {
      contractAccountId: disputed,
      lineId: disputedLine,
      reason: 'bestritten',
      validUntil: '2027-03-01',
      createdBy: 't',
      today: '2027-01-18',
    });

    const run = await createProposal(db, { runKey: 'unit-0118', today: '2027-01-18', config });
    const proposals = await db('dunning_proposals').where({ run_id: run.id });
    const ours = proposals.filter((p: any) => [overdue, small, credited, disputed, notYet].includes(p.contract_account_id));
    expect(ours.map((p: any) => [p.contract_account_id, Number(p.overdue_cents), p.item_count, p.cause])).toEqual([
      [overdue, 10_000, 1, 'overdue'],
    ]);
    // The same run key again is the same proposal (a retried job).
    expect((await createProposal(db, { runKey: 'unit-0118', today: '2027-01-18', config })).id).toBe(run.id);
  });

  it('opens one case per account; the next run correlates instead of opening a second', async () => {
    const db = t.db;
    const account = (await insertContract(db)).contractAccountId;
    await postTestItem(db, account, 'c-1', 10_000, '2027-01-15');
    const run1 = await createProposal(db, { runKey: 'unit-c1', today: '2027-01-20', config });
    const batch1 = await openCases(db, run1.id, [account], '2027-01-20', { challengerPercent: 0 });
    expect(batch1.toStart.map((s) => [s.contractAccountId, s.variant])).toEqual([[account, 'champion']]);
    expect(await pendingProposals(db, run1.id, 10_000)).toContain(account);
    await db('dunning_cases').where({ id: batch1.toStart[0].caseId }).update({ process_instance_key: '1' });
    const run2 = await createProposal(db, { runKey: 'unit-c2', today: '2027-01-21', config });
    const batch2 = await openCases(db, run2.id, [account], '2027-01-21', { challengerPercent: 0 });
    expect(batch2.toStart).toEqual([]);
    expect(batch2.toCorrelate.map((x) => x.caseId)).toEqual([batch1.toStart[0].caseId]);
    expect(await db('dunning_cases').where({ contract_account_id: account })).toHaveLength(1);
  });

  it('replaces the undisputed items by rates, balanced, once; the watch finds it kept or broken', async () => {
    const db = t.db;
    const kept = (await insertContract(db)).contractAccountId;
    const broken = (await insertContract(db)).contractAccountId;
    for (const a of [kept, broken]) {
      await postTestItem(db, a, `a-bill-${a}`, 10_000, '2027-01-15');
      await postTestItem(db, a, `a-fee-${a}`, 76, '2027-01-29', 'fee');
    }
    const input = { rateCount: 2, firstDueDate: '2027-02-05', origin: 'caseworker' as const, today: '2027-02-01' };
    const a1 = await createInstallmentAgreement(db, { ...input, contractAccountId: kept });
    expect(a1.totalCents).toBe(10_076);
    expect(a1.rates).toEqual([
      { dueDate: '2027-02-05', amountCents: 5_038 },
      { dueDate: '2027-03-05', amountCents: 5_038 },
    ]);
    expect((await createInstallmentAgreement(db, { ...input, contractAccountId: kept })).agreementId).toBe(a1.agreementId);
    await expect(createInstallmentAgreement(db, { ...input, contractAccountId: kept, today: '2027-02-02' })).rejects.toThrow(DunningError);
    await expect(createInstallmentAgreement(db, { ...input, contractAccountId: broken, rateCount: 1 })).rejects.toMatchObject({
      field: 'rateCount',
    });
    await createInstallmentAgreement(db, { ...input, contractAccountId: broken });
    // The old items are settled by the agreement; the balance is the rates.
    expect((await assessAccount(db, kept, '2027-02-01', 1)).overdueCents).toBe(0);
    expect((await accountBalance(db, kept, '2027-02-01')).balanceCents).toBe(10_076);

    // Both rates of `kept` are paid (a credit cleared against them), `broken` pays nothing.
    const rates = await db('open_items as o')
      .join('ledger_lines as l', 'l.id', 'o.line_id')
      .where({ 'o.contract_account_id': kept, 'o.item_type': 'agreement_rate' })
      .select('o.line_id', 'o.open_cents');
    const { clear } = await import('../ledger');
    const pay = await postDocument(db, {
      businessKey: 'a-pay',
      kind: 'payment',
      contractAccountId: kept,
      postingDate: '2027-02-05',
      text: 'Zahlung',
      lines: [
        { glAccount: 'bank', amountCents: 10_076, text: 'Bank' },
        { glAccount: 'receivable', itemType: 'payment', amountCents: -10_076, text: 'Zahlung' },
      ],
    });
    await clear(db, {
      businessKey: 'a-pay:clearing',
      contractAccountId: kept,
      clearingDate: '2027-02-05',
      reason: 'Zahlung',
      allocations: [
        ...rates.map((r: any) => ({ lineId: r.line_id, amountCents: Number(r.open_cents) })),
        { lineId: pay.lines[1].id, amountCents: -10_076 },
      ],
    });
    // On the due day of rate 1 nothing is broken yet; one grace day later it is.
    expect(
      (await watchAgreements(db, '2027-02-05', 1))
        .filter((o) => [kept, broken].includes(o.contractAccountId))
        .map((o) => [o.contractAccountId, o.status]),
    ).toEqual([[kept, 'kept']]);
    expect((await watchAgreements(db, '2027-02-06', 1)).map((o) => [o.contractAccountId, o.status])).toContainEqual([broken, 'broken']);
  });

  it('refuses a block without a reason and stores nothing', async () => {
    const db = t.db;
    const account = (await insertContract(db)).contractAccountId;
    await expect(
      setBlock(db, { contractAccountId: account, reason: ' ', validUntil: '2027-03-01', createdBy: 't', today: '2027-01-18' }),
    ).rejects.toMatchObject({
      code: 'invalid',
      field: 'reason',
    });
    expect(await db('dunning_blocks').where({ contract_account_id: account })).toHaveLength(0);
  });
});

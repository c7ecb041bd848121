import { databaseVariants, type TestDatabase } from '../../db/testing';
import { clear, postDocument } from '../ledger';
import { insertContract, postTestItem } from '../shared/test-fixtures';
import { chargeFlatFees, chargeInterest } from './charges';

type Db = TestDatabase['db'];

const item = postTestItem;

async function pay(db: Db, accountId: string, lineId: string, key: string, cents: number, date: string) {
  const doc = await postDocument(db, {
    businessKey: key,
    kind: 'payment',
    contractAccountId: accountId,
    postingDate: date,
    text: 'Zahlung',
    lines: [
      { glAccount: 'bank', amountCents: cents, text: 'Bank' },
      { glAccount: 'receivable', itemType: 'payment', amountCents: -cents, text: 'Zahlung' },
    ],
  });
  await clear(db, {
    businessKey: `${key}:clearing`,
    contractAccountId: accountId,
    clearingDate: date,
    reason: 'Zahlung',
    allocations: [
      { lineId, amountCents: cents },
      { lineId: doc.lines[1].id, amountCents: -cents },
    ],
  });
}

async function account(db: Db, type: 'consumer' | 'business' = 'consumer') {
  const c = await insertContract(db);
  await db('customers').where({ id: c.customerId }).update({ customer_type: type });
  return c.contractAccountId;
}

describe.each(databaseVariants())('default interest and flat fees on $name', (variant) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await variant.open();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('charges the hand-computed interest over a base rate change from the seeded table', async () => {
    const acc = await account(t.db);
    const line = await item(t.db, acc, 'bill:hand', 123456, '2025-05-15');
    const r = await chargeInterest(t.db, { contractAccountId: acc, toDate: '2025-09-30', businessKey: 'interest:hand' });
    // See interest.test.ts: 11.311275… (46 days at 7.27 %) + 19.510783… (92 days at 6.27 %) = 30.82 €
    expect(r.cents).toBe(3082);
    expect(r.perItem).toEqual([expect.objectContaining({ lineId: line, fromDate: '2025-05-16', toDate: '2025-09-30', cents: 3082 })]);
    const lines = await t.db('ledger_lines').where({ document_id: r.documentId }).orderBy('line_no');
    expect(lines.map((l) => [l.gl_account, l.item_type, Number(l.amount_cents)])).toEqual([
      ['receivable', 'interest', 3082],
      ['interest_income', null, -3082],
    ]);
    expect(lines[0].due_date).toBeTruthy();
  });

  it('uses +9 points for a business customer and charges each period once, retries included', async () => {
    const acc = await account(t.db, 'business');
    await item(t.db, acc, 'bill:b2b', 123456, '2025-05-15');
    const first = await chargeInterest(t.db, { contractAccountId: acc, toDate: '2025-09-30', businessKey: 'interest:b2b:1' });
    expect(first.cents).toBe(4949);
    const retry = await chargeInterest(t.db, { contractAccountId: acc, toDate: '2025-09-30', businessKey: 'interest:b2b:1' });
    expect(retry).toMatchObject({ cents: 4949, documentId: first.documentId });
    // Another key for the same day books nothing: the days are charged.
    const again = await chargeInterest(t.db, { contractAccountId: acc, toDate: '2025-09-30', businessKey: 'interest:b2b:again' });
    expect(again).toEqual({ cents: 0, documentId: null, perItem: [] });
    const docs = await t.db('ledger_documents').where({ contract_account_id: acc, kind: 'interest' });
    expect(docs).toHaveLength(1);
  });

  it('charges on the open amount of a part-paid item, then continues the day after the last charge; no compound interest', async () => {
    const acc = await account(t.db);
    const line = await item(t.db, acc, 'bill:part', 100000, '2025-08-31');
    // A fee item bears no interest (§289 BGB).
    await item(t.db, acc, 'fee:part', 250, '2025-08-31', 'fee');
    await pay(t.db, acc, line, 'pay:part', 40000, '2025-09-15');
    const r = await chargeInterest(t.db, { contractAccountId: acc, toDate: '2025-09-30', businessKey: 'interest:part:1' });
    // 1000 × 6.27 % × 14/365 = 2.404931… + 600 × 6.27 % × 16/365 = 1.649096… = 4.054027… → 4.05
    expect(r.cents).toBe(405);
    expect(r.perItem.map((i) => i.lineId)).toEqual([line]);
    expect(r.perItem[0].segments.map((s) => s.principalCents)).toEqual([100000, 60000]);
    // A month later: the interest item of the first charge (due 2025-10-14) is overdue but bears none.
    const next = await chargeInterest(t.db, { contractAccountId: acc, toDate: '2025-10-31', businessKey: 'interest:part:2' });
    // 600 × 6.27 % × 31/365 = 3.195123… → 3.20, from 2025-10-01
    expect(next.perItem).toEqual([expect.objectContaining({ lineId: line, fromDate: '2025-10-01', cents: 320 })]);
    const charges = await t.db('interest_charges').where({ line_id: line }).orderBy('to_date');
    expect(charges.map((c) => Number(c.amount_cents))).toEqual([405, 320]);
  });

  it('skips blocked items and blocked accounts, and excluded lines', async () => {
    const acc = await account(t.db);
    const disputed = await item(t.db, acc, 'bill:disputed', 50000, '2025-08-31');
    const other = await item(t.db, acc, 'bill:undisputed', 50000, '2025-08-31');
    await t.db('dunning_blocks').insert({
      contract_account_id: acc,
      line_id: disputed,
      reason: 'Zählerstand bestritten',
      valid_until: '2025-12-31',
      created_by: 'test',
    });
    const r = await chargeInterest(t.db, { contractAccountId: acc, toDate: '2025-09-30', businessKey: 'interest:blocked' });
    // 500 × 6.27 % × 30/365 = 2.576712… → 2.58, only on the undisputed bill
    expect(r.perItem.map((i) => [i.lineId, i.cents])).toEqual([[other, 258]]);
    expect(
      await chargeInterest(t.db, {
        contractAccountId: acc,
        toDate: '2025-10-31',
        businessKey: 'interest:excluded',
        excludeLineIds: [other],
      }),
    ).toEqual({ cents: 0, documentId: null, perItem: [] });

    await t
      .db('dunning_blocks')
      .insert({ contract_account_id: acc, line_id: null, reason: 'Insolvenzprüfung', valid_until: '2025-12-31', created_by: 'test' });
    expect(
      await chargeInterest(t.db, { contractAccountId: acc, toDate: '2025-11-30', businessKey: 'interest:account-blocked' }),
    ).toMatchObject({
      cents: 0,
      documentId: null,
    });
    // Resolved blocks no longer count.
    await t.db('dunning_blocks').where({ contract_account_id: acc }).update({ resolved_at: new Date(), resolution: 'rejected' });
    const after = await chargeInterest(t.db, { contractAccountId: acc, toDate: '2025-11-30', businessKey: 'interest:resolved' });
    expect(after.perItem.map((i) => [i.lineId, i.fromDate])).toEqual([
      [disputed, '2025-09-01'],
      [other, '2025-10-01'],
    ]);
  });

  it('posts nothing when nothing is overdue', async () => {
    const acc = await account(t.db);
    await item(t.db, acc, 'bill:future', 100000, '2025-12-31');
    expect(await chargeInterest(t.db, { contractAccountId: acc, toDate: '2025-12-31', businessKey: 'interest:none' })).toEqual({
      cents: 0,
      documentId: null,
      perItem: [],
    });
  });

  it('charges business customers €40 once per overdue claim, installments included; consumers none', async () => {
    const acc = await account(t.db, 'business');
    const bill = await item(t.db, acc, 'bill:fee', 100000, '2025-08-31');
    const inst = await item(t.db, acc, 'inst:fee', 8900, '2025-09-15', 'installment');
    await item(t.db, acc, 'fee:fee', 250, '2025-08-31', 'fee');
    const later = await item(t.db, acc, 'bill:fee-future', 100000, '2025-12-31');
    const r = await chargeFlatFees(t.db, { contractAccountId: acc, today: '2025-10-01' });
    expect(r.cents).toBe(8000);
    expect(r.fees.map((f) => f.lineId).sort()).toEqual([bill, inst].sort());
    const items = await t
      .db('ledger_lines as l')
      .join('ledger_documents as d', 'd.id', 'l.document_id')
      .where({ 'l.contract_account_id': acc, 'l.item_type': 'flat_fee' })
      .select('l.amount_cents', 'l.due_date');
    expect(items.map((i) => Number(i.amount_cents))).toEqual([4000, 4000]);
    // Once per item ever: a retry and a later run charge nothing more.
    expect(await chargeFlatFees(t.db, { contractAccountId: acc, today: '2025-10-01' })).toEqual({ cents: 0, fees: [] });
    expect(await chargeFlatFees(t.db, { contractAccountId: acc, today: '2026-01-15' })).toMatchObject({ cents: 4000 });
    // Flat fees (and the fee item) bear no interest.
    const interest = await chargeInterest(t.db, { contractAccountId: acc, toDate: '2026-01-15', businessKey: 'interest:fee' });
    expect(interest.perItem.map((i) => i.lineId).sort()).toEqual([bill, inst, later].sort());

    const consumer = await account(t.db);
    await item(t.db, consumer, 'bill:consumer-fee', 100000, '2025-08-31');
    expect(await chargeFlatFees(t.db, { contractAccountId: consumer, today: '2025-10-01' })).toEqual({ cents: 0, fees: [] });
  });
});

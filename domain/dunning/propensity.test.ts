import { databaseVariants, type TestDatabase } from '../../db/testing';
import { clear, postDocument } from '../ledger';
import { insertContract } from '../shared/test-fixtures';
import { accountHistories, auc, fitLogistic, isHeldOut, logLoss, propensityOf, scoreAccounts, trainPropensityModel } from './propensity';
import { generatePaymentHistory, type SyntheticHistory } from './synthetic-history';

describe('propensity model, pure parts', () => {
  it('computes AUC by ranks with ties, and log loss', () => {
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(auc([0.5, 0.5], [0, 1])).toBe(0.5);
    expect(auc([0.5, 0.6], [1, 1])).toBeNull();
    expect(logLoss([0.5, 0.5], [0, 1])).toBeCloseTo(Math.log(2), 12);
  });

  it('learns a monotone relation, deterministically', () => {
    const xs = Array.from({ length: 200 }, (_, i) => ({
      avgDaysLate: (i % 20) / 5,
      lateShare: (i % 10) / 10,
      returnDebits: 0,
      dunningNotices: 0,
    }));
    const ys = xs.map((x, i) => ((x.avgDaysLate < 2 ? i % 7 !== 0 : i % 4 === 0) ? 1 : 0) as 0 | 1);
    const a = fitLogistic(xs, ys, { iterations: 300, learningRate: 0.5, l2: 0.001 });
    const b = fitLogistic(xs, ys, { iterations: 300, learningRate: 0.5, l2: 0.001 });
    expect(a).toEqual(b);
    expect(a.features.find((f) => f.name === 'avgDaysLate')!.coefficient).toBeLessThan(0);
    // A constant feature gets no weight and no division by zero.
    expect(a.features.find((f) => f.name === 'returnDebits')).toMatchObject({ std: 1, coefficient: 0 });
  });

  it('holds out a fixed fifth of the accounts', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const share = ids.filter(isHeldOut).length / ids.length;
    expect(share).toBeGreaterThan(0.17);
    expect(share).toBeLessThan(0.23);
  });
});

describe.each(databaseVariants())('propensity over the history on $name', (variant) => {
  let t: TestDatabase;
  let history: SyntheticHistory;
  beforeAll(async () => {
    t = await variant.open();
  }, 60_000);
  afterAll(async () => {
    await t?.dispose();
  });

  it('reads the features from the ledger as of a day: lateness, write-offs as unpaid, returns, notices', async () => {
    const { contractAccountId: acc } = await insertContract(t.db);
    const post = async (key: string, itemType: 'installment' | 'return' | 'payment' | 'write_off', cents: number, date: string) =>
      (
        await postDocument(t.db, {
          businessKey: `feat:${key}`,
          kind: itemType === 'write_off' ? 'write_off' : itemType === 'payment' ? 'payment' : itemType,
          contractAccountId: acc,
          postingDate: date,
          text: key,
          lines: [
            { glAccount: 'receivable', itemType, amountCents: cents, dueDate: date, text: key },
            { glAccount: itemType === 'write_off' ? 'write_off' : 'bank', amountCents: -cents, text: key },
          ],
        })
      ).lines[0].id;
    const settle = async (key: string, item: string, by: string, cents: number, date: string) =>
      clear(t.db, {
        businessKey: `feat:${key}`,
        contractAccountId: acc,
        clearingDate: date,
        reason: key,
        allocations: [
          { lineId: item, amountCents: cents },
          { lineId: by, amountCents: -cents },
        ],
      });
    // On time; 10 days late; written off after 40 days; a returned debit still open.
    const a = await post('a', 'installment', 5000, '2025-01-15');
    await settle('a', a, await post('pa', 'payment', -5000, '2025-01-15'), 5000, '2025-01-15');
    const b = await post('b', 'installment', 5000, '2025-02-15');
    await settle('b', b, await post('pb', 'payment', -5000, '2025-02-25'), 5000, '2025-02-25');
    const c = await post('c', 'installment', 5000, '2025-03-15');
    await settle('c', c, await post('wc', 'write_off', -5000, '2025-04-24'), 5000, '2025-04-24');
    await post('d', 'return', 5000, '2025-04-01');
    const [dc] = (await t
      .db('dunning_cases')
      .insert({
        case_number: 'FEAT-1',
        contract_account_id: acc,
        status: 'closed',
        cause: 'overdue',
        opened_cents: 5000,
        opened_on: '2025-03-20',
        closed_on: '2025-04-24',
        close_reason: 'written_off',
      })
      .returning('id')) as Array<{ id: string }>;
    await t.db('dunning_notices').insert([
      { business_key: 'feat:n1', case_id: dc.id, level: 1, channel: 'letter', sent_on: '2025-03-29', open_cents: 5000 },
      { business_key: 'feat:n2', case_id: dc.id, level: 2, channel: 'letter', sent_on: '2025-05-10', open_cents: 5000 },
    ]);
    const asOf = '2025-05-01';
    const h = (await accountHistories(t.db, asOf, [acc])).get(acc)!;
    // Days late: 0, 10, 47 (written off = unpaid, to the day: 15 Mar → 1 May), 30 (open return: 1 Apr → 1 May).
    expect(h.items).toBe(4);
    expect(h.features.avgDaysLate).toBeCloseTo((0 + 10 + 47 + 30) / 4, 10);
    expect(h.features.lateShare).toBeCloseTo(3 / 4, 10);
    expect(h.features.returnDebits).toBeCloseTo(Math.log1p(1), 10);
    // The notice of 10 May is after the day.
    expect(h.features.dunningNotices).toBeCloseTo(Math.log1p(1), 10);
  });

  it('scores the prior while no model is trained, or the history is too thin', async () => {
    history = await generatePaymentHistory(t.db, {
      accounts: 3,
      start: '2025-01-15',
      months: 2,
      horizon: '2025-03-31',
      tag: 'thin',
      seed: 1,
    });
    expect(await trainPropensityModel(t.db, { asOf: '2025-03-31' })).toBeNull();
    const score = await propensityOf(t.db, history.accountIds[0], { asOf: '2025-03-31', defaultScore: 0.7 });
    expect(score).toEqual({
      contractAccountId: history.accountIds[0],
      probability: 0.7,
      source: 'prior',
      modelId: null,
      baseLogOdds: null,
      contributions: [],
    });
  });

  it('trains on a plausible history, beats the base rate on held-out accounts, and explains each score', async () => {
    history = await generatePaymentHistory(t.db, {
      accounts: 600,
      start: '2024-01-15',
      months: 24,
      horizon: '2025-12-31',
      tag: 'h',
      seed: 7,
    });
    const model = await trainPropensityModel(t.db, { asOf: '2025-12-31' });
    expect(model).not.toBeNull();
    expect(model!.observationDate).toBe('2025-06-04');
    expect(model!.trainSize + model!.testSize).toBe(model!.sampleSize);
    expect(model!.testSize).toBeGreaterThan(20);
    expect(model!.positiveRate).toBeGreaterThan(0.2);
    expect(model!.positiveRate).toBeLessThan(0.95);
    // The history has signal: the model ranks better than chance and predicts better than the base rate.
    expect(model!.testAuc!).toBeGreaterThan(0.6);
    expect(model!.testLogLoss!).toBeLessThan(model!.testBaseLogLoss!);
    // Lateness and dunning lower the propensity (lateShare, correlated with both, may take either sign).
    expect(model!.features.find((f) => f.name === 'avgDaysLate')!.coefficient).toBeLessThan(0);
    expect(model!.features.find((f) => f.name === 'dunningNotices')!.coefficient).toBeLessThan(0);

    const scores = await scoreAccounts(t.db, history.accountIds, { asOf: '2026-01-01' });
    expect(scores.every((s) => s.source === 'model' && s.probability > 0 && s.probability < 1)).toBe(true);
    const s = scores[0];
    const logit = s.baseLogOdds! + s.contributions.reduce((sum, c) => sum + c.contribution, 0);
    expect(s.probability).toBeCloseTo(1 / (1 + Math.exp(-logit)), 12);
    expect(s.contributions.map((c) => c.feature)).toEqual(['avgDaysLate', 'lateShare', 'returnDebits', 'dunningNotices']);
    const sorted = [...scores].sort((a, b) => a.probability - b.probability);
    // The worst-scored accounts are later payers than the best-scored ones.
    const late = (x: typeof s) => x.contributions.find((c) => c.feature === 'avgDaysLate')!.value;
    const mean = (xs: typeof scores) => xs.reduce((sum, x) => sum + late(x), 0) / xs.length;
    expect(mean(sorted.slice(0, 50))).toBeGreaterThan(mean(sorted.slice(-50)));

    // An account without history keeps the prior even with a model.
    const [fresh] = (await t
      .db('contract_accounts')
      .insert({
        account_number: 'fresh-1',
        customer_id: (await t.db('customers').first('id')).id,
        payment_method: 'bank_transfer',
        billing_address: {},
      })
      .returning('id')) as Array<{ id: string }>;
    expect(await propensityOf(t.db, fresh.id, { asOf: '2026-01-01', defaultScore: 0.8 })).toMatchObject({
      probability: 0.8,
      source: 'prior',
      modelId: model!.id,
    });

    // Same data, same model.
    const again = await trainPropensityModel(t.db, { asOf: '2025-12-31' });
    expect(again!.features).toEqual(model!.features);
    expect(again!.intercept).toBe(model!.intercept);
  }, 120_000);
});

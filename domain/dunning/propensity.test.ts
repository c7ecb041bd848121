import { databaseVariants, type TestDatabase } from '../../db/testing';
import { auc, fitLogistic, isHeldOut, logLoss, propensityOf, scoreAccounts, trainPropensityModel } from './propensity';
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

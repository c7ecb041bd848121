/**
 * The payment propensity model on a synthetic but plausible history (domain/dunning/synthetic-
 * history.ts): 24 months of installments for `size` accounts of three hidden payer types.
 * Reported, never asserted:
 * - quality on held-out accounts: AUC and log loss beside the log loss of the base rate (the
 *   model that knows nothing), and the AUC of an oracle that knows each account's hidden type
 *   (the ceiling of any model of the history);
 * - training time (SQL features and labels, then gradient descent) beside the gradient descent
 *   alone on the same samples in memory;
 * - scoring all accounts per second beside the pure prediction of the same feature vectors.
 */
import type { Database } from '../../db';
import {
  accountHistories,
  auc,
  fitLogistic,
  isHeldOut,
  loadTrainingSamples,
  predict,
  scoreAccounts,
  trainPropensityModel,
} from '../../domain/dunning/propensity';
import { generatePaymentHistory, oracleProbability, PAYER_TYPES } from '../../domain/dunning/synthetic-history';
import type { DunningBenchPart, DunningBenchRow } from './part';

const START = '2024-01-15';
const MONTHS = 24;
const AS_OF = '2025-12-31';

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const perSecond = (n: number, ms: number) => `${Math.round((n * 1000) / Math.max(ms, 1)).toLocaleString('en-US')}/s`;

export const propensityPart: DunningBenchPart = {
  name: 'propensity',
  defaultSize: { postgres: 2000, pglite: 1000 },
  async run(db: Database, { label, size, log }): Promise<DunningBenchRow[]> {
    let t0 = Date.now();
    const history = await generatePaymentHistory(db, {
      accounts: size,
      start: START,
      months: MONTHS,
      horizon: AS_OF,
      tag: 'bench',
      seed: 2026,
    });
    log(
      `${label}: history of ${size.toLocaleString('en-US')} accounts: ${history.items.toLocaleString('en-US')} items, ` +
        `${history.payments.toLocaleString('en-US')} payments, ${history.returns} returns, ${history.cases} cases, ${history.notices} notices in ${seconds(Date.now() - t0)}`,
    );

    t0 = Date.now();
    const model = await trainPropensityModel(db, { asOf: AS_OF });
    const trainMs = Date.now() - t0;
    if (!model) return [{ what: 'propensity model', figure: 'not trained', ceiling: 'too little history' }];

    // The same samples again, for the in-memory ceiling and the oracle.
    const { samples, labelDays } = await loadTrainingSamples(db, { asOf: AS_OF });
    const train = samples.filter((s) => !isHeldOut(s.accountId));
    const test = samples.filter((s) => isHeldOut(s.accountId));
    t0 = Date.now();
    fitLogistic(
      train.map((s) => s.x),
      train.map((s) => s.y),
      { iterations: model.iterations, learningRate: 0.5, l2: 0.001 },
    );
    const fitMs = Date.now() - t0;
    const typeOf = new Map(history.accountIds.map((id, i) => [id, PAYER_TYPES[history.payerTypes[i]]]));
    const oracleAuc = auc(
      test.map((s) => oracleProbability(typeOf.get(s.accountId)!, labelDays)),
      test.map((s) => s.y),
    );

    t0 = Date.now();
    const scores = await scoreAccounts(db, history.accountIds, { asOf: AS_OF });
    const scoreMs = Date.now() - t0;
    const features = await accountHistories(db, AS_OF, history.accountIds);
    t0 = Date.now();
    for (const h of features.values()) predict(model, h.features);
    const predictMs = Math.max(Date.now() - t0, 1);
    const byModel = scores.filter((s) => s.source === 'model').length;

    const f3 = (v: number | null) => (v === null ? '–' : v.toFixed(3));
    const coefficients = model.features.map((f) => `${f.name} ${f.coefficient >= 0 ? '+' : ''}${f.coefficient.toFixed(2)}`).join(', ');
    log(`${label}: model ${model.id}: intercept ${model.intercept.toFixed(2)}; per standard deviation: ${coefficients}`);
    return [
      {
        what: `held-out AUC (${model.testSize.toLocaleString('en-US')} of ${model.sampleSize.toLocaleString('en-US')} overdue items)`,
        figure: f3(model.testAuc),
        ceiling: `oracle of the hidden payer type ${f3(oracleAuc)}; chance 0.500`,
      },
      {
        what: `held-out log loss (paid within ${labelDays} days: ${(model.positiveRate * 100).toFixed(1)} % in training)`,
        figure: f3(model.testLogLoss),
        ceiling: `base rate alone ${f3(model.testBaseLogLoss)}`,
      },
      {
        what: `training (${model.trainSize.toLocaleString('en-US')} samples, ${model.iterations} iterations)`,
        figure: seconds(trainMs),
        ceiling: `gradient descent alone ${seconds(fitMs)}`,
      },
      {
        what: `scoring ${scores.length.toLocaleString('en-US')} accounts (${byModel.toLocaleString('en-US')} by the model)`,
        figure: perSecond(scores.length, scoreMs),
        ceiling: `pure prediction ${perSecond(features.size, predictMs)}`,
      },
    ];
  },
};

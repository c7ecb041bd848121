/**
 * Payment propensity: the probability that an account pays an overdue item within N days of its
 * due date, from the product's own history of the account. A small logistic regression, so every
 * score is explained by a handful of contributions (coefficient × standardised feature value),
 * trained by plain full-batch gradient descent from zero (deterministic: same data, same model).
 *
 * Features of an account as of a day (history before that day only):
 *   avgDaysLate    mean days from due date to payment of its principal items (unpaid: to the day), capped at 90
 *   lateShare      share of its principal items not paid by their due date
 *   returnDebits   ln(1 + returned direct debits)
 *   dunningNotices ln(1 + dunning notices sent)
 *
 * Label (definition): a principal item (bill, installment, returned debit) that was still open
 * after its due date is a sample; it is positive when fully cleared — not written off — within
 * `labelDays` days of the due date. Training looks from an observation date: features from the
 * history before it, samples from the items due in the `windowDays` after it whose label window
 * ended by `asOf`, so no feature sees the outcome it predicts. A fifth of the accounts (by a hash
 * of the id, so the same ones each time) are held out for the metrics.
 *
 * Without a trained model, and for an account without history, the score is the configured prior
 * (PROPENSITY_DEFAULT_SCORE): a new customer is neither rewarded nor punished for having none.
 */
import { descriptors } from '../../config/settings';
import type { Database } from '../../db';
import { addDays, isoDate, today as localToday, type IsoDate } from '../shared/dates';
import { jsonColumn } from '../shared/db';
import { PRINCIPAL_ITEM_TYPES } from './charges';

export const FEATURES = ['avgDaysLate', 'lateShare', 'returnDebits', 'dunningNotices'] as const;
export type FeatureName = (typeof FEATURES)[number];
export type FeatureVector = Record<FeatureName, number>;

export interface ModelFeature {
  name: FeatureName;
  mean: number;
  std: number;
  /** Per standard deviation of the feature. */
  coefficient: number;
}

export interface PropensityModel {
  id: string;
  asOf: IsoDate;
  observationDate: IsoDate;
  labelDays: number;
  features: ModelFeature[];
  intercept: number;
  sampleSize: number;
  trainSize: number;
  testSize: number;
  positiveRate: number;
  testAuc: number | null;
  testLogLoss: number | null;
  testBaseLogLoss: number | null;
  iterations: number;
}

export interface Contribution {
  feature: FeatureName;
  value: number;
  /** Added to the log-odds: positive raises the probability of payment. */
  contribution: number;
}

export interface PropensityScore {
  contractAccountId: string;
  /** 0..1: probability of paying an overdue item within the label days. */
  probability: number;
  /** model: computed; prior: no model, or no history of the account. */
  source: 'model' | 'prior';
  modelId: string | null;
  /** Log-odds of the model's average account (the intercept); contributions add to it. */
  baseLogOdds: number | null;
  contributions: Contribution[];
}

export interface TrainOptions {
  asOf: IsoDate;
  /** PROPENSITY_PAID_WITHIN_DAYS. */
  labelDays?: number;
  /** Days after the observation date whose due items are the samples. */
  windowDays?: number;
  iterations?: number;
  learningRate?: number;
  /** L2 penalty on the coefficients (not the intercept). */
  l2?: number;
  /** Fewer samples than this (or one class only) train nothing. */
  minSamples?: number;
}

const DEFAULTS = { windowDays: 180, iterations: 400, learningRate: 0.5, l2: 0.001, minSamples: 50 };
const MAX_DAYS_LATE = 90;

interface AccountHistory {
  items: number;
  features: FeatureVector;
}

const principalTypes = [...PRINCIPAL_ITEM_TYPES];
const typeList = principalTypes.map(() => '?').join(', ');

/** Whether clearing `a` wrote the item off (such an item was never paid); index lookups per allocation, no scan. */
const writtenOff = `EXISTS (SELECT 1 FROM clearing_allocations a2 JOIN ledger_lines l2 ON l2.id = a2.line_id
  WHERE a2.clearing_id = a.clearing_id AND l2.item_type = 'write_off')`;

/** The features of accounts as of `cutoff` (history before that day); all accounts without `ids`. */
export async function accountHistories(db: Database, cutoff: IsoDate, ids?: string[]): Promise<Map<string, AccountHistory>> {
  const out = new Map<string, AccountHistory>();
  const chunks = ids ? Array.from({ length: Math.ceil(ids.length / 5000) }, (_, i) => ids.slice(i * 5000, i * 5000 + 5000)) : [undefined];
  for (const chunk of chunks) {
    if (chunk && chunk.length === 0) continue;
    const only = chunk ? 'AND l.contract_account_id = ANY(?::uuid[])' : '';
    const onlyCases = chunk ? 'AND c.contract_account_id = ANY(?::uuid[])' : '';
    const items = (await db.raw(
      `WITH items AS (
         SELECT l.id, l.contract_account_id AS account_id, l.due_date, l.amount_cents FROM ledger_lines l
         WHERE l.gl_account = 'receivable' AND l.item_type IN (${typeList}) AND l.amount_cents > 0 AND l.due_date < ?::date ${only}
       ),
       settled AS (
         SELECT a.line_id, sum(a.amount_cents) AS cleared, max(c.clearing_date) AS last_on, bool_or(${writtenOff}) AS written_off
         FROM items i JOIN clearing_allocations a ON a.line_id = i.id
         JOIN clearings c ON c.id = a.clearing_id AND c.clearing_date < ?::date
         GROUP BY a.line_id
       ),
       per_item AS (
         SELECT i.account_id, i.due_date,
           CASE WHEN s.cleared = i.amount_cents AND NOT s.written_off THEN s.last_on END AS paid_on
         FROM items i LEFT JOIN settled s ON s.line_id = i.id
       )
       SELECT account_id, count(*) AS items,
         avg(LEAST(${MAX_DAYS_LATE}, GREATEST(0, COALESCE(paid_on, ?::date) - due_date))) AS avg_days_late,
         avg(CASE WHEN paid_on IS NOT NULL AND paid_on <= due_date THEN 0 ELSE 1 END) AS late_share
       FROM per_item GROUP BY account_id`,
      [...principalTypes, cutoff, ...(chunk ? [chunk] : []), cutoff, cutoff],
    )) as { rows: Array<{ account_id: string; items: string | number; avg_days_late: string; late_share: string }> };
    const returns = (await db.raw(
      `SELECT l.contract_account_id AS account_id, count(*) AS n FROM ledger_lines l
       WHERE l.gl_account = 'receivable' AND l.item_type = 'return' AND l.amount_cents > 0 AND l.due_date < ?::date ${only}
       GROUP BY l.contract_account_id`,
      [cutoff, ...(chunk ? [chunk] : [])],
    )) as { rows: Array<{ account_id: string; n: string | number }> };
    const notices = (await db.raw(
      `SELECT c.contract_account_id AS account_id, count(*) AS n FROM dunning_notices n JOIN dunning_cases c ON c.id = n.case_id
       WHERE n.sent_on < ?::date ${onlyCases} GROUP BY c.contract_account_id`,
      [cutoff, ...(chunk ? [chunk] : [])],
    )) as { rows: Array<{ account_id: string; n: string | number }> };
    const returnsOf = new Map(returns.rows.map((r) => [r.account_id, Number(r.n)]));
    const noticesOf = new Map(notices.rows.map((r) => [r.account_id, Number(r.n)]));
    for (const r of items.rows)
      out.set(r.account_id, {
        items: Number(r.items),
        features: {
          avgDaysLate: Number(r.avg_days_late),
          lateShare: Number(r.late_share),
          returnDebits: Math.log1p(returnsOf.get(r.account_id) ?? 0),
          dunningNotices: Math.log1p(noticesOf.get(r.account_id) ?? 0),
        },
      });
  }
  return out;
}

export interface Sample {
  accountId: string;
  x: FeatureVector;
  y: 0 | 1;
}

/** Items due in (observation, asOf − labelDays] still open after their due date, with their label. */
async function labelledItems(db: Database, observation: IsoDate, lastDue: IsoDate, labelDays: number) {
  const rows = (await db.raw(
    `WITH items AS (
       SELECT l.id, l.contract_account_id AS account_id, l.due_date, l.amount_cents FROM ledger_lines l
       WHERE l.gl_account = 'receivable' AND l.item_type IN (${typeList}) AND l.amount_cents > 0
         AND l.due_date >= ?::date AND l.due_date <= ?::date
     )
     SELECT i.account_id, i.amount_cents,
       COALESCE(sum(a.amount_cents) FILTER (WHERE c.clearing_date <= i.due_date), 0) AS by_due,
       COALESCE(sum(a.amount_cents) FILTER (WHERE c.clearing_date <= i.due_date + ?::int AND NOT ${writtenOff}), 0) AS by_label
     FROM items i
     LEFT JOIN clearing_allocations a ON a.line_id = i.id
     LEFT JOIN clearings c ON c.id = a.clearing_id
     GROUP BY i.id, i.account_id, i.amount_cents`,
    [...principalTypes, observation, lastDue, labelDays],
  )) as { rows: Array<{ account_id: string; amount_cents: string; by_due: string; by_label: string }> };
  return rows.rows
    .filter((r) => Number(r.by_due) < Number(r.amount_cents))
    .map((r) => ({ accountId: r.account_id, y: (Number(r.by_label) >= Number(r.amount_cents) ? 1 : 0) as 0 | 1 }));
}

export interface TrainingSamples {
  observationDate: IsoDate;
  labelDays: number;
  samples: Sample[];
}

/** The labelled samples a training at `asOf` learns from (and is measured on). */
export async function loadTrainingSamples(
  db: Database,
  options: Pick<TrainOptions, 'asOf' | 'labelDays' | 'windowDays'>,
): Promise<TrainingSamples> {
  const labelDays = options.labelDays ?? descriptors.propensityPaidWithinDays.default;
  const windowDays = options.windowDays ?? DEFAULTS.windowDays;
  const lastDue = addDays(options.asOf, -labelDays);
  const observation = addDays(lastDue, -windowDays);
  const items = await labelledItems(db, observation, lastDue, labelDays);
  const histories = await accountHistories(db, observation, [...new Set(items.map((i) => i.accountId))]);
  const samples: Sample[] = [];
  for (const item of items) {
    const h = histories.get(item.accountId);
    // No history before the observation date: such accounts are scored by the prior.
    if (h) samples.push({ accountId: item.accountId, x: h.features, y: item.y });
  }
  return { observationDate: observation, labelDays, samples };
}

/** Trains and stores a model; null (nothing stored) when the history is too thin to learn from. */
export async function trainPropensityModel(db: Database, options: TrainOptions): Promise<PropensityModel | null> {
  const { observationDate: observation, labelDays, samples } = await loadTrainingSamples(db, options);
  const test = samples.filter((s) => isHeldOut(s.accountId));
  const train = samples.filter((s) => !isHeldOut(s.accountId));
  const positives = train.filter((s) => s.y === 1).length;
  if (train.length < (options.minSamples ?? DEFAULTS.minSamples) || positives === 0 || positives === train.length) return null;

  const fit = fitLogistic(
    train.map((s) => s.x),
    train.map((s) => s.y),
    {
      iterations: options.iterations ?? DEFAULTS.iterations,
      learningRate: options.learningRate ?? DEFAULTS.learningRate,
      l2: options.l2 ?? DEFAULTS.l2,
    },
  );
  const positiveRate = positives / train.length;
  const testScores = test.map((s) => predict(fit, s.x).probability);
  const testLabels = test.map((s) => s.y);
  const metrics =
    test.length > 0
      ? {
          auc: auc(testScores, testLabels),
          logLoss: logLoss(testScores, testLabels),
          baseLogLoss: logLoss(
            test.map(() => positiveRate),
            testLabels,
          ),
        }
      : { auc: null, logLoss: null, baseLogLoss: null };
  const [row] = (await db('propensity_models')
    .insert({
      as_of: options.asOf,
      observation_date: observation,
      label_days: labelDays,
      features: JSON.stringify(fit.features),
      intercept: fit.intercept,
      sample_size: samples.length,
      train_size: train.length,
      test_size: test.length,
      positive_rate: positiveRate,
      test_auc: metrics.auc,
      test_log_loss: metrics.logLoss,
      test_base_log_loss: metrics.baseLogLoss,
      iterations: options.iterations ?? DEFAULTS.iterations,
    })
    .returning('*')) as ModelRow[];
  return toModel(row);
}

interface ModelRow {
  id: string;
  as_of: Date | string;
  observation_date: Date | string;
  label_days: number;
  features: unknown;
  intercept: number | string;
  sample_size: number;
  train_size: number;
  test_size: number;
  positive_rate: number | string;
  test_auc: number | string | null;
  test_log_loss: number | string | null;
  test_base_log_loss: number | string | null;
  iterations: number;
}

const num = (v: number | string | null) => (v === null ? null : Number(v));

function toModel(r: ModelRow): PropensityModel {
  return {
    id: r.id,
    asOf: isoDate(r.as_of),
    observationDate: isoDate(r.observation_date),
    labelDays: r.label_days,
    features: jsonColumn<ModelFeature[]>(r.features),
    intercept: Number(r.intercept),
    sampleSize: r.sample_size,
    trainSize: r.train_size,
    testSize: r.test_size,
    positiveRate: Number(r.positive_rate),
    testAuc: num(r.test_auc),
    testLogLoss: num(r.test_log_loss),
    testBaseLogLoss: num(r.test_base_log_loss),
    iterations: r.iterations,
  };
}

/** The newest model, or null before the first training. */
export async function currentPropensityModel(db: Database): Promise<PropensityModel | null> {
  const row = (await db('propensity_models')
    .orderBy([
      { column: 'trained_at', order: 'desc' },
      { column: 'as_of', order: 'desc' },
    ])
    .first()) as ModelRow | undefined;
  return row ? toModel(row) : null;
}

export interface ScoreOptions {
  /** The day whose history counts (before it); default today. */
  asOf?: IsoDate;
  /** PROPENSITY_DEFAULT_SCORE. */
  defaultScore?: number;
}

export async function scoreAccounts(db: Database, accountIds: string[], options: ScoreOptions = {}): Promise<PropensityScore[]> {
  const prior = options.defaultScore ?? descriptors.propensityDefaultScore.default;
  const model = await currentPropensityModel(db);
  const histories =
    model && accountIds.length ? await accountHistories(db, options.asOf ?? localToday(), accountIds) : new Map<string, AccountHistory>();
  return accountIds.map((id) => {
    const h = histories.get(id);
    if (!model || !h)
      return {
        contractAccountId: id,
        probability: prior,
        source: 'prior',
        modelId: model?.id ?? null,
        baseLogOdds: null,
        contributions: [],
      };
    const p = predict(model, h.features);
    return {
      contractAccountId: id,
      probability: p.probability,
      source: 'model',
      modelId: model.id,
      baseLogOdds: model.intercept,
      contributions: p.contributions,
    };
  });
}

export async function propensityOf(db: Database, contractAccountId: string, options: ScoreOptions = {}): Promise<PropensityScore> {
  const [score] = await scoreAccounts(db, [contractAccountId], options);
  return score;
}

// ---- The model itself (pure) ----------------------------------------------------------------------

interface Fit {
  features: ModelFeature[];
  intercept: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function predict(model: Fit, x: FeatureVector): { probability: number; contributions: Contribution[] } {
  const contributions = model.features.map((f) => ({
    feature: f.name,
    value: x[f.name],
    contribution: (f.coefficient * (x[f.name] - f.mean)) / f.std,
  }));
  return { probability: sigmoid(model.intercept + contributions.reduce((s, c) => s + c.contribution, 0)), contributions };
}

/** Standardises with the training means and deviations, then full-batch gradient descent on the mean log loss. */
export function fitLogistic(xs: FeatureVector[], ys: Array<0 | 1>, opts: { iterations: number; learningRate: number; l2: number }): Fit {
  const n = xs.length;
  const d = FEATURES.length;
  const mean = FEATURES.map((f) => xs.reduce((s, x) => s + x[f], 0) / n);
  const std = FEATURES.map((f, j) => Math.sqrt(xs.reduce((s, x) => s + (x[f] - mean[j]) ** 2, 0) / n) || 1);
  const z = xs.map((x) => FEATURES.map((f, j) => (x[f] - mean[j]) / std[j]));
  const w = new Array<number>(d).fill(0);
  const rate = ys.reduce<number>((s, y) => s + y, 0) / n;
  // Start at the base rate's log-odds: the model with no features.
  let b = Math.log(rate / (1 - rate));
  for (let it = 0; it < opts.iterations; it++) {
    const gw = new Array<number>(d).fill(0);
    let gb = 0;
    for (let i = 0; i < n; i++) {
      let s = b;
      for (let j = 0; j < d; j++) s += w[j] * z[i][j];
      const err = sigmoid(s) - ys[i];
      gb += err;
      for (let j = 0; j < d; j++) gw[j] += err * z[i][j];
    }
    b -= (opts.learningRate * gb) / n;
    for (let j = 0; j < d; j++) w[j] -= opts.learningRate * (gw[j] / n + opts.l2 * w[j]);
  }
  return { intercept: b, features: FEATURES.map((name, j) => ({ name, mean: mean[j], std: std[j], coefficient: w[j] })) };
}

/** Area under the ROC curve by ranks (ties share their mean rank); null with one class only. */
export function auc(scores: number[], labels: Array<0 | 1>): number | null {
  const pos = labels.filter((y) => y === 1).length;
  const neg = labels.length - pos;
  if (pos === 0 || neg === 0) return null;
  const order = scores.map((s, i) => ({ s, y: labels[i] })).sort((a, b) => a.s - b.s);
  let rankSum = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1].s === order[i].s) j++;
    const meanRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (order[k].y === 1) rankSum += meanRank;
    i = j + 1;
  }
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

export function logLoss(probabilities: number[], labels: Array<0 | 1>): number {
  const eps = 1e-15;
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(1 - eps, Math.max(eps, probabilities[i]));
    sum += labels[i] === 1 ? -Math.log(p) : -Math.log(1 - p);
  }
  return sum / labels.length;
}

/** A fixed fifth of the accounts (FNV-1a of the id) never trains: the metrics are on accounts the model has not seen. */
export function isHeldOut(accountId: string): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < accountId.length; i++) h = Math.imul(h ^ accountId.charCodeAt(i), 0x01000193) >>> 0;
  return h % 5 === 0;
}

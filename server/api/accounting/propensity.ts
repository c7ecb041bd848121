/**
 * The payment propensity model (domain/dunning/propensity.ts):
 *   GET  /api/propensity-model            the model in use: coefficients, training date, sample sizes, held-out metrics
 *   POST /api/propensity-model/training   trains a new one on the history up to `asOf` (default today)
 */
import type { FastifyInstance } from 'fastify';
import type { Settings } from '../../../config/settings';
import { currentPropensityModel, trainPropensityModel } from '../../../domain/dunning/propensity';
import { isValidIsoDate, today } from '../../../domain/shared/dates';
import { problem, sendProblem } from '../../../engine/rest/problem';
import { ACCOUNTING_TAG } from '../openapi';
import { commonProblems, InputError, isoDateSchema, jsonResponse, NotFound, problemResponse, type AccountingDeps } from './http';

export interface PropensityDeps extends AccountingDeps {
  settings: AccountingDeps['settings'] & Partial<Pick<Settings, 'propensityPaidWithinDays'>>;
}

const modelSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    asOf: isoDateSchema,
    observationDate: { ...isoDateSchema, description: 'Features from the history before it; samples due in the window after it' },
    labelDays: { type: 'integer', description: 'Paid within this many days of the due date counts as paid' },
    features: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, mean: { type: 'number' }, std: { type: 'number' }, coefficient: { type: 'number' } },
      },
    },
    intercept: { type: 'number' },
    sampleSize: { type: 'integer' },
    trainSize: { type: 'integer' },
    testSize: { type: 'integer' },
    positiveRate: { type: 'number' },
    testAuc: { type: ['number', 'null'] },
    testLogLoss: { type: ['number', 'null'] },
    testBaseLogLoss: { type: ['number', 'null'], description: 'Log loss of the base rate alone on the same held-out items' },
    iterations: { type: 'integer' },
  },
};

export async function registerPropensityRoutes(app: FastifyInstance, deps: PropensityDeps): Promise<void> {
  const { db } = deps;
  const tags = [ACCOUNTING_TAG];
  app.get(
    '/api/propensity-model',
    {
      schema: {
        tags,
        summary: 'The payment propensity model in use, with its held-out metrics',
        response: {
          200: jsonResponse('The newest model', modelSchema),
          404: problemResponse('No model trained yet (scores are the prior)'),
          ...commonProblems,
        },
      },
    },
    async () => {
      const model = await currentPropensityModel(db);
      if (!model) throw new NotFound('propensity model (none trained yet: every score is PROPENSITY_DEFAULT_SCORE)');
      return model;
    },
  );

  app.post<{ Body: { asOf?: string } }>(
    '/api/propensity-model/training',
    {
      schema: {
        tags,
        summary: 'Train the payment propensity model on the history up to a day',
        body: { type: 'object', additionalProperties: false, properties: { asOf: { ...isoDateSchema, description: 'Default: today' } } },
        response: {
          201: jsonResponse('Trained and in use', modelSchema),
          400: problemResponse('A wrong date in `details`'),
          422: problemResponse('Too little history to learn from; nothing stored, scores stay as they were'),
          ...commonProblems,
        },
      },
    },
    async (request, reply) => {
      const asOf = request.body?.asOf ?? (deps.today ?? today)();
      if (!isValidIsoDate(asOf)) throw new InputError([{ field: 'asOf', message: 'must be a calendar date YYYY-MM-DD' }]);
      const model = await trainPropensityModel(db, { asOf, labelDays: deps.settings.propensityPaidWithinDays });
      if (!model)
        return sendProblem(
          reply,
          problem(422, 'INSUFFICIENT_HISTORY', 'Too little payment history to train a model; nothing was stored', request.url),
        );
      return reply.code(201).send(model);
    },
  );
}

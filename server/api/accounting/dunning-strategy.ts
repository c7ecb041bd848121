/**
 * Champion/challenger figures of the dunning procedures:
 *   GET /api/dunning/strategy?from=YYYY-MM-DD&to=YYYY-MM-DD   per procedure and variant, cases opened in the period
 */
import type { FastifyInstance } from 'fastify';
import type { Settings } from '../../../config/settings';
import { strategyStats } from '../../../domain/dunning/strategy-stats';
import { isValidIsoDate } from '../../../domain/shared/dates';
import { ACCOUNTING_TAG } from '../openapi';
import { commonProblems, InputError, isoDateSchema, itemsOf, jsonResponse, problemResponse, type AccountingDeps } from './http';

export interface StrategyDeps extends AccountingDeps {
  settings: AccountingDeps['settings'] & Partial<Pick<Settings, 'dunningLetterCostCents'>>;
}

const rate = { type: ['number', 'null'], description: '0..1; null when nothing to divide by' };
const rowSchema = {
  type: 'object',
  properties: {
    procedure: { type: ['string', 'null'] },
    variant: { type: ['string', 'null'], description: 'champion or challenger' },
    cases: { type: 'integer' },
    closed: { type: 'integer' },
    paid: { type: 'integer', description: "Closed with close_reason 'paid'" },
    realisationRate: { ...rate, description: 'paid / closed' },
    paidShareOfAll: { ...rate, description: 'paid / all cases' },
    avgDaysToPayment: { type: ['number', 'null'], description: 'Opened to closed, paid cases' },
    openedCents: { type: 'integer' },
    lettersSent: { type: 'integer' },
    letterCostCents: { type: 'integer', description: 'Letters × DUNNING_LETTER_COST_CENTS' },
    feesWaivedCents: { type: 'integer', description: 'Dunning fees reversed or written off' },
    costCents: { type: 'integer' },
    costPerCaseCents: { type: ['number', 'null'] },
  },
};

export async function registerDunningStrategyRoutes(app: FastifyInstance, deps: StrategyDeps): Promise<void> {
  const { db } = deps;
  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/api/dunning/strategy',
    {
      schema: {
        tags: [ACCOUNTING_TAG],
        summary: 'Champion/challenger: realisation rate, days to payment and cost per dunning procedure and variant',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            from: { ...isoDateSchema, description: 'Cases opened on or after (YYYY-MM-DD)' },
            to: { ...isoDateSchema, description: 'Cases opened on or before (YYYY-MM-DD)' },
          },
        },
        response: {
          200: jsonResponse('One row per procedure and variant', itemsOf(rowSchema)),
          400: problemResponse('A wrong date in `details`'),
          ...commonProblems,
        },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      const wrong = (['from', 'to'] as const).filter((f) => request.query[f] !== undefined && !isValidIsoDate(request.query[f]));
      if (wrong.length) throw new InputError(wrong.map((field) => ({ field, message: 'must be a calendar date YYYY-MM-DD' })));
      if (from && to && from > to) throw new InputError([{ field: 'to', message: 'must not be before from' }]);
      return { items: await strategyStats(db, { from, to, letterCostCents: deps.settings.dunningLetterCostCents }) };
    },
  );
}

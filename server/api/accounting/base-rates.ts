/**
 * The base rate of §247 BGB (default interest, §288 BGB), dated:
 *   GET  /api/base-rates   the rates in force from each date, oldest first
 *   POST /api/base-rates   a rate from 1 January or 1 July ({validFrom, ratePercent: "1.27"})
 * A rate is never edited: a second one for the same date is a 409 (interest was charged with it).
 */
import type { FastifyInstance } from 'fastify';
import { addBaseRate, BaseRateError } from '../../../domain/dunning/base-rates';
import { loadBaseRates, type BaseRate } from '../../../domain/dunning/interest';
import { problem, sendProblem } from '../../../engine/rest/problem';
import { ACCOUNTING_TAG } from '../openapi';
import { commonProblems, InputError, isoDateSchema, itemsOf, jsonResponse, problemResponse, type AccountingDeps } from './http';

const baseRateSchema = {
  type: 'object',
  properties: {
    validFrom: isoDateSchema,
    ratePercent: { type: 'string', description: 'Percent per year as a decimal string, e.g. "1.27" or "-0.88"' },
  },
};

export async function registerBaseRateRoutes(app: FastifyInstance, deps: AccountingDeps): Promise<void> {
  const { db } = deps;
  const tags = [ACCOUNTING_TAG];

  app.get(
    '/api/base-rates',
    {
      schema: {
        tags,
        summary: 'Base rates (§247 BGB) for default interest, ascending by date',
        response: { 200: jsonResponse('The rates', itemsOf(baseRateSchema)), ...commonProblems },
      },
    },
    async () => ({ items: await loadBaseRates(db) }),
  );

  app.post<{ Body: BaseRate }>(
    '/api/base-rates',
    {
      schema: {
        tags,
        summary: 'Add the base rate from 1 January or 1 July',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['validFrom', 'ratePercent'],
          properties: baseRateSchema.properties,
        },
        response: {
          201: jsonResponse('Added', baseRateSchema),
          400: problemResponse(
            'Wrong fields in `details` (a date other than 1 Jan or 1 Jul, a rate that is no decimal); nothing was stored',
          ),
          409: problemResponse('A rate from that date exists; published rates are not changed'),
          ...commonProblems,
        },
      },
    },
    async (request, reply) => {
      try {
        return reply.code(201).send(await addBaseRate(db, request.body));
      } catch (err) {
        if (!(err instanceof BaseRateError)) throw err;
        if (err.code === 'invalid') throw new InputError([{ field: err.field, message: err.message }]);
        return sendProblem(
          reply,
          problem(409, 'ALREADY_EXISTS', err.message, request.url.split('?')[0], [{ field: err.field, message: err.message }]),
        );
      }
    },
  );
}

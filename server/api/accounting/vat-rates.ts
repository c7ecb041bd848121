/**
 * VAT rates by commodity and date:
 *   GET  /api/vat-rates?commodity=electricity|gas   the rates in force from each date (both commodities without the filter)
 *   POST /api/vat-rates                             a rate from a date ({commodity, validFrom, ratePercent: "19"})
 */
import type { FastifyInstance } from 'fastify';
import { addVatRate, commodities, vatRatesFor, type Commodity, type VatRate } from '../../../domain/tariffs';
import { ACCOUNTING_TAG } from '../openapi';
import { commonProblems, isoDateSchema, itemsOf, jsonResponse, problemResponse, type AccountingDeps } from './http';

const vatRateSchema = {
  type: 'object',
  properties: {
    commodity: { type: 'string', enum: commodities },
    validFrom: isoDateSchema,
    ratePercent: { type: 'string', description: 'e.g. "19"' },
  },
};

export async function registerVatRateRoutes(app: FastifyInstance, deps: AccountingDeps): Promise<void> {
  const { db } = deps;
  const tags = [ACCOUNTING_TAG];

  app.get<{ Querystring: { commodity?: Commodity } }>(
    '/api/vat-rates',
    {
      schema: {
        tags,
        summary: 'VAT rates by commodity, ascending by date',
        querystring: { type: 'object', additionalProperties: false, properties: { commodity: { type: 'string', enum: commodities } } },
        response: { 200: jsonResponse('The rates', itemsOf(vatRateSchema)), 400: problemResponse('Unknown commodity'), ...commonProblems },
      },
    },
    async (request) => {
      const wanted = request.query.commodity ? [request.query.commodity] : commodities;
      const items: VatRate[] = [];
      for (const c of wanted) items.push(...(await vatRatesFor(db, c)));
      return { items };
    },
  );

  app.post<{ Body: VatRate }>(
    '/api/vat-rates',
    {
      schema: {
        tags,
        summary: 'Add a VAT rate from a date',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['commodity', 'validFrom', 'ratePercent'],
          properties: {
            ...vatRateSchema.properties,
            ratePercent: { type: 'string', description: 'Percent as a decimal string, e.g. "19" or "7"' },
          },
        },
        response: {
          201: jsonResponse('Added', vatRateSchema),
          400: problemResponse('Wrong fields in `errors`, or a rate from that date exists; nothing was stored'),
          ...commonProblems,
        },
      },
    },
    async (request, reply) => reply.code(201).send(await addVatRate(db, request.body)),
  );
}

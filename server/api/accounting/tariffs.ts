/**
 * Products and prices:
 *   GET  /api/tariffs                    every tariff with its versions
 *   GET  /api/tariffs/{code}             one tariff
 *   POST /api/tariffs                    a new product with its first version
 *   POST /api/tariffs/{code}/versions    a price change from a date: a new version (published ones never change)
 * Prices are net euros as decimal strings ("0.2521"); the domain checks them and names the field.
 */
import type { FastifyInstance } from 'fastify';
import {
  addTariffVersion,
  commodities,
  createTariff,
  getTariff,
  listTariffs,
  productKinds,
  type NewTariff,
  type NewTariffVersion,
} from '../../../domain/tariffs';
import { ACCOUNTING_TAG } from '../openapi';
import { callerOf, commonProblems, isoDateSchema, itemsOf, jsonResponse, NotFound, problemResponse, type AccountingDeps } from './http';

const price = (description: string) => ({ type: 'string', description: `${description}, net euros as a decimal string` });

export const tariffVersionBody = {
  type: 'object',
  additionalProperties: false,
  required: ['validFrom', 'basePriceMonthNet', 'workingPriceKwhNet'],
  properties: {
    validFrom: { ...isoDateSchema, description: 'First day of the new prices (YYYY-MM-DD); after the latest version' },
    basePriceMonthNet: price('Base price per month (at most 4 decimals)'),
    workingPriceKwhNet: price('Working price per kWh (at most 6 decimals)'),
    priceTiers: {
      type: 'array',
      description: 'scaled and tiered products: bands of annual consumption, ascending, the last open',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['upToKwh', 'workingPriceKwhNet'],
        properties: {
          upToKwh: { type: ['integer', 'null'] },
          workingPriceKwhNet: price('Working price per kWh of the band'),
          basePriceMonthNet: price('Base price per month of the band (scaled)'),
        },
      },
    },
    modules: {
      type: 'array',
      description: 'modular products: the modules a contract can pick',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['code', 'name', 'basePriceMonthNet', 'workingPriceKwhNet'],
        properties: {
          code: { type: 'string' },
          name: { type: 'string' },
          basePriceMonthNet: price('Base price per month'),
          workingPriceKwhNet: price('Working price per kWh'),
        },
      },
    },
    package: {
      type: ['object', 'null'],
      description: 'package products',
      additionalProperties: false,
      required: ['includedKwh', 'packagePriceNet', 'extraKwhNet'],
      properties: {
        includedKwh: { type: 'string', description: 'kWh included per billing period' },
        packagePriceNet: price('Package price per billing period'),
        extraKwhNet: price('Price of each kWh beyond the package'),
      },
    },
  },
} as const;

const newTariffBody = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'name', 'commodity', 'productKind', 'firstVersion'],
  properties: {
    code: { type: 'string', description: 'e.g. RHEIN-FIX-26: 2–40 upper-case letters, digits, - and _' },
    name: { type: 'string' },
    commodity: { type: 'string', enum: commodities },
    productKind: { type: 'string', enum: productKinds },
    customerId: { type: ['string', 'null'], description: 'A B2B tariff for this customer only' },
    billingPeriodMonths: { type: 'integer', description: '1 to 12, default 12' },
    noticePeriodDays: { type: 'integer', description: 'default 30' },
    firstVersion: tariffVersionBody,
  },
} as const;

const codeParams = { type: 'object', required: ['code'], properties: { code: { type: 'string', maxLength: 40 } } } as const;

const tariffSchema = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    name: { type: 'string' },
    commodity: { type: 'string', enum: commodities },
    productKind: { type: 'string', enum: productKinds },
    customerId: { type: ['string', 'null'] },
    billingPeriodMonths: { type: 'integer' },
    noticePeriodDays: { type: 'integer' },
    active: { type: 'boolean' },
    versions: { type: 'array', items: { type: 'object', description: 'ascending by validFrom' } },
  },
};

export async function registerTariffRoutes(app: FastifyInstance, deps: AccountingDeps): Promise<void> {
  const { db } = deps;
  const tags = [ACCOUNTING_TAG];

  app.get(
    '/api/tariffs',
    {
      schema: {
        tags,
        summary: 'List tariffs with their price versions',
        response: { 200: jsonResponse('The tariffs', itemsOf(tariffSchema)), ...commonProblems },
      },
    },
    async () => ({
      items: await listTariffs(db),
    }),
  );

  app.get<{ Params: { code: string } }>(
    '/api/tariffs/:code',
    {
      schema: {
        tags,
        summary: 'One tariff with its price versions',
        params: codeParams,
        response: { 200: jsonResponse('The tariff', tariffSchema), 404: problemResponse('No such tariff'), ...commonProblems },
      },
    },
    async (request) => {
      const tariff = await getTariff(db, request.params.code);
      if (!tariff) throw new NotFound(`tariff ${request.params.code}`);
      return tariff;
    },
  );

  app.post<{ Body: NewTariff }>(
    '/api/tariffs',
    {
      schema: {
        tags,
        summary: 'Create a product with its first price version',
        body: newTariffBody,
        response: {
          201: jsonResponse('Created', tariffSchema),
          400: problemResponse('Wrong fields in `errors` (and `details`); nothing was stored'),
          ...commonProblems,
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const tariff = await createTariff(db, { ...body, firstVersion: { ...body.firstVersion, createdBy: callerOf(request) } });
      return reply.code(201).send(tariff);
    },
  );

  app.post<{ Params: { code: string }; Body: NewTariffVersion }>(
    '/api/tariffs/:code/versions',
    {
      schema: {
        tags,
        summary: 'Change prices from a date (a new version)',
        description: 'A new immutable version; its validFrom must lie after the latest one, so no bill that used a price sees it change.',
        params: codeParams,
        body: tariffVersionBody,
        response: {
          201: jsonResponse('The new version', { type: 'object' }),
          400: problemResponse('Wrong fields in `errors` (and `details`), or the tariff does not exist (field `code`); nothing was stored'),
          ...commonProblems,
        },
      },
    },
    async (request, reply) => {
      const version = await addTariffVersion(db, request.params.code, { ...request.body, createdBy: callerOf(request) });
      return reply.code(201).send(version);
    },
  );
}

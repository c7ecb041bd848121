/**
 * The revenue forecast (Umsatzprognose) with what-if scenarios, for analysts:
 *   GET  /api/forecast?months=24&startMonth=2027-01       the portfolio as it is, no what-ifs
 *   POST /api/forecast  {months, startMonth, churn, priceChanges, newCustomers}
 *        → {asOf, scenario, products, months: [{month, items: [per product], total}]}
 *   …?format=csv, or GET/POST /api/forecast.csv: the same as CSV for a German Excel
 *        (semicolons, decimal comma, UTF-8 with BOM; domain/forecast/csv.ts)
 *   GET  /api/forecast/cost-bases                          the cost basis per product from dates
 *   POST /api/forecast/cost-bases                          a new one from a date
 * A wrong scenario is a 400 naming every field; nothing is stored by a forecast. The day of the
 * snapshot is the engine's (a pinned test clock moves it).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  addCostBasis,
  computeForecast,
  forecastCsv,
  forecastCsvFileName,
  ForecastError,
  listCostBases,
  loadPortfolioSnapshot,
  loadProfileCodes,
  MAX_MONTHS,
  MIN_MONTHS,
  parseScenario,
  type CostBasisRow,
} from '../../domain/forecast';
import { todayInGermany } from '../../domain/orders';
import type { Database } from '../../db';
import { ACCOUNTING_TAG } from './openapi';
import {
  callerOf,
  commonProblems,
  InputError,
  isoDateSchema,
  itemsOf,
  jsonResponse,
  problemResponse,
  useAccountingScope,
} from './accounting/http';

export interface ForecastDeps {
  db: Database;
  /** Today (YYYY-MM-DD): the engine's clock when embedded. */
  today?: () => string;
}

const tags = [ACCOUNTING_TAG];
const money = { type: 'integer', description: 'Net euro cents' };
const cellProperties = {
  customers: { type: 'string', description: 'Expected customers in the month (after churn, with new ones), 2 decimals' },
  kwh: { type: 'string', description: 'Expected consumption in the month, whole kWh' },
  revenueCents: money,
  procurementCents: money,
  networkCents: { ...money, description: 'Network charges, levies and taxes, net cents' },
  marginCents: { ...money, description: 'Contribution margin (Deckungsbeitrag): revenue − procurement − network' },
};
const month = { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' };
const percent = { type: ['number', 'string'], description: 'Percent as a number or a decimal string with a dot' };
const price = { type: 'string', description: 'Net euros as a decimal string with a dot' };

const scenarioSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    months: { type: 'integer', minimum: MIN_MONTHS, maximum: MAX_MONTHS, description: `Months to forecast (default ${MIN_MONTHS})` },
    startMonth: { ...month, description: 'First month (default: the month after today)' },
    churn: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['tariffCode', 'percentPerYear'],
        properties: {
          tariffCode: { type: 'string' },
          percentPerYear: { ...percent, description: 'Customers lost per year, 0–100 %, spread evenly over the months' },
        },
      },
    },
    priceChanges: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['tariffCode', 'fromMonth'],
        properties: {
          tariffCode: { type: 'string' },
          fromMonth: month,
          percent: { ...percent, description: 'Both prices changed by this percent… ' },
          basePriceMonthNet: { ...price, description: '…or a new base price per month' },
          workingPriceKwhNet: { ...price, description: '…and/or a new working price per kWh' },
        },
      },
    },
    newCustomers: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['tariffCode', 'perMonth'],
        properties: {
          tariffCode: { type: 'string' },
          perMonth: { type: 'integer', minimum: 0, description: 'New contracts starting each month' },
          annualKwh: { type: 'integer', minimum: 1, description: "Their annual consumption (default: the product's average)" },
        },
      },
    },
  },
};

const forecastSchema = {
  type: 'object',
  properties: {
    asOf: isoDateSchema,
    scenario: { type: 'object' },
    products: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          tariffCode: { type: 'string' },
          name: { type: 'string' },
          commodity: { type: 'string' },
          loadProfile: { type: 'string', enum: loadProfileCodes },
          contracts: { type: 'integer' },
          averageAnnualKwh: { type: ['integer', 'null'] },
          hasCostBasis: { type: 'boolean' },
        },
      },
    },
    months: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          month: { type: 'string' },
          items: { type: 'array', items: { type: 'object', properties: { tariffCode: { type: 'string' }, ...cellProperties } } },
          total: { type: 'object', properties: cellProperties },
        },
      },
    },
  },
};

const costBasisSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['tariffCode', 'validFrom', 'procurementKwhNet', 'networkKwhNet', 'networkMonthNet', 'loadProfile'],
  properties: {
    tariffCode: { type: 'string' },
    validFrom: isoDateSchema,
    procurementKwhNet: { ...price, description: 'Energy procurement, net euros per kWh' },
    networkKwhNet: { ...price, description: 'Network charges, levies and taxes, net euros per kWh' },
    networkMonthNet: { ...price, description: 'Network base price and metering, net euros per customer and month' },
    loadProfile: { type: 'string', enum: loadProfileCodes, description: 'Standard load profile for the monthly split' },
  },
};

const formatQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { format: { type: 'string', enum: ['json', 'csv'], description: 'csv: the CSV export' } },
};
const getQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...formatQuery.properties,
    months: { type: 'string', pattern: '^\\d{1,3}$', description: `${MIN_MONTHS}–${MAX_MONTHS}` },
    startMonth: month,
  },
};

const forecastResponses = {
  200: {
    description: 'Months × products; text/csv with ?format=csv or /api/forecast.csv',
    content: { 'application/json': { schema: forecastSchema }, 'text/csv': { schema: { type: 'string' } } },
  },
  400: problemResponse('A wrong scenario: every wrong field in `details`'),
  ...commonProblems,
};

type Query = { format?: 'json' | 'csv'; months?: string; startMonth?: string };

export async function registerForecastRoutes(app: FastifyInstance, deps: ForecastDeps): Promise<void> {
  const { db } = deps;
  const today = deps.today ?? (() => todayInGermany());

  async function answer(request: FastifyRequest, reply: FastifyReply, scenarioInput: unknown, csv: boolean) {
    const asOf = today();
    const snapshot = await loadPortfolioSnapshot(db, asOf);
    try {
      const scenario = parseScenario(scenarioInput, { asOf, tariffCodes: snapshot.products.map((p) => p.tariffCode) });
      const forecast = computeForecast(snapshot, scenario);
      if (!csv) return forecast;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${forecastCsvFileName(forecast)}"`)
        .send(forecastCsv(forecast));
    } catch (err) {
      if (err instanceof ForecastError) throw new InputError(err.details);
      throw err;
    }
  }

  /** The GET query as a scenario: no what-ifs; months as the number it names. */
  const fromQuery = (q: Query) => ({
    ...(q.months !== undefined ? { months: Number(q.months) } : {}),
    ...(q.startMonth !== undefined ? { startMonth: q.startMonth } : {}),
  });

  await app.register(async (scope) => {
    useAccountingScope(scope);

    for (const url of ['/api/forecast', '/api/forecast.csv']) {
      const csvOnly = url.endsWith('.csv');
      scope.get<{ Querystring: Query }>(
        url,
        {
          schema: {
            tags,
            summary: csvOnly ? 'The revenue forecast as CSV, no what-ifs' : 'The revenue forecast per product and month, no what-ifs',
            querystring: getQuery,
            response: forecastResponses,
          },
        },
        async (request, reply) => answer(request, reply, fromQuery(request.query), csvOnly || request.query.format === 'csv'),
      );
      scope.post<{ Querystring: { format?: 'json' | 'csv' }; Body: unknown }>(
        url,
        {
          schema: {
            tags,
            summary: csvOnly ? 'The revenue forecast of a what-if scenario as CSV' : 'The revenue forecast of a what-if scenario',
            querystring: formatQuery,
            body: scenarioSchema,
            response: forecastResponses,
          },
        },
        async (request, reply) => answer(request, reply, request.body, csvOnly || request.query.format === 'csv'),
      );
    }

    scope.get(
      '/api/forecast/cost-bases',
      {
        schema: {
          tags,
          summary: 'The cost basis of each product from its dates (procurement, network and levies, load profile)',
          response: { 200: jsonResponse('Ascending by product and date', itemsOf({ type: 'object' })), ...commonProblems },
        },
      },
      async () => ({ items: await listCostBases(db) }),
    );

    scope.post<{ Body: Omit<CostBasisRow, 'createdBy'> }>(
      '/api/forecast/cost-bases',
      {
        schema: {
          tags,
          summary: "Add a product's cost basis from a date (a change is a new row)",
          body: costBasisSchema,
          response: {
            201: jsonResponse('Added', { type: 'object' }),
            400: problemResponse('Wrong fields in `details`, or a cost basis of that product and date exists; nothing was stored'),
            ...commonProblems,
          },
        },
      },
      async (request, reply) => {
        try {
          const row = await addCostBasis(db, { ...request.body, createdBy: callerOf(request) });
          return reply.code(201).send(row);
        } catch (err) {
          if (err instanceof ForecastError) throw new InputError(err.details);
          throw err;
        }
      },
    );
  });
}

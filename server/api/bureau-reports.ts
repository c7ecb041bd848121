/**
 * Reports of negative payment experiences to the credit bureaus (domain/bureau-reporting):
 *   GET  /api/bureau-reports                   the reported claims (records), newest first; filter by bureau, period, account
 *   GET  /api/bureau-reports/deliveries        the transmissions, newest first (without payload)
 *   GET  /api/bureau-reports/deliveries/{id}   one transmission: exactly what was sent, the bureau's answer, its claims
 *   POST /api/bureau-report-runs               starts `bureau-reporting` now (besides the monthly timer), optionally for a `period`
 * Roles: server/auth/rules.ts (the log: case workers and analysts; the run: admin and system).
 */
import type { FastifyInstance } from 'fastify';
import {
  BureauReportingError,
  listDeliveries,
  listRecords,
  loadDelivery,
  reportPeriod,
  reportingBureaus,
} from '../../domain/bureau-reporting';
import { today } from '../../domain/shared/dates';
import { ACCOUNTING_TAG } from './openapi';
import {
  callerOf,
  commonProblems,
  idParams,
  InputError,
  itemsOf,
  jsonResponse,
  NotFound,
  problemResponse,
  startProcess,
  useAccountingScope,
  type AccountingDeps,
} from './accounting/http';

const periodSchema = { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'A month, YYYY-MM' } as const;
const nullableString = { type: ['string', 'null'] } as const;

const deliverySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    deliveryId: { type: 'string', description: 'The id the bureau deduplicates by: bureau-report:<bureau>:<period>:<n>' },
    bureau: { type: 'string', enum: [...reportingBureaus] },
    period: { type: 'string' },
    reportDate: { type: 'string', description: 'The cut-off day (Stichtag)' },
    recordCount: { type: 'integer' },
    status: { type: 'string', enum: ['pending', 'accepted', 'partly_accepted', 'rejected'] },
    attempts: { type: 'integer' },
    sentAt: nullableString,
    responseStatus: { type: ['integer', 'null'] },
    receiptId: nullableString,
    createdAt: { type: 'string' },
  },
};

const recordSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    deliveryId: { type: 'string' },
    bureau: { type: 'string' },
    period: { type: 'string' },
    accountNumber: { type: 'string' },
    caseNumber: { type: 'string', description: 'The dunning case: our claim reference at the bureau' },
    recordType: { type: 'string', enum: ['new', 'update'] },
    claimStatus: { type: 'string', enum: ['open', 'settled', 'written_off', 'disputed'] },
    openCents: { type: 'integer' },
    writtenOffCents: { type: 'integer' },
    dunningLevel: { type: 'integer' },
    status: { type: 'string', enum: ['pending', 'accepted', 'rejected'] },
    error: nullableString,
    sentAt: nullableString,
  },
};

const filterQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    bureau: { type: 'string', enum: [...reportingBureaus] },
    period: periodSchema,
    accountNumber: { type: 'string', maxLength: 40 },
    limit: { type: 'string', pattern: '^[0-9]{1,4}$', description: 'At most this many (default 200, at most 1000)' },
  },
} as const;

interface Filter {
  bureau?: string;
  period?: string;
  accountNumber?: string;
  limit?: string;
}

const limitOf = (q: Filter) => Math.min(1000, Math.max(1, Number(q.limit ?? 200)));

export async function registerBureauReportRoutes(app: FastifyInstance, deps: AccountingDeps): Promise<void> {
  const { db } = deps;
  const tags = [ACCOUNTING_TAG];
  await app.register(async (scope) => {
    useAccountingScope(scope);

    scope.get<{ Querystring: Filter }>(
      '/api/bureau-reports',
      {
        schema: {
          tags,
          summary: 'Claims reported to the credit bureaus, newest first',
          description:
            'One row per claim (dunning case) and delivery: first reports (`new`) and updates (paid, reduced, raised, written off, disputed).',
          querystring: filterQuery,
          response: {
            200: jsonResponse('The reported claims', itemsOf(recordSchema)),
            400: problemResponse('A wrong filter'),
            ...commonProblems,
          },
        },
      },
      async (request) => ({ items: await listRecords(db, { ...request.query, limit: limitOf(request.query) }) }),
    );

    scope.get<{ Querystring: Filter }>(
      '/api/bureau-reports/deliveries',
      {
        schema: {
          tags,
          summary: 'Transmissions to the credit bureaus, newest first',
          querystring: {
            ...filterQuery,
            properties: { bureau: filterQuery.properties.bureau, period: periodSchema, limit: filterQuery.properties.limit },
          },
          response: {
            200: jsonResponse('The transmissions', itemsOf(deliverySchema)),
            400: problemResponse('A wrong filter'),
            ...commonProblems,
          },
        },
      },
      async (request) => ({ items: await listDeliveries(db, { ...request.query, limit: limitOf(request.query) }) }),
    );

    scope.get<{ Params: { id: string } }>(
      '/api/bureau-reports/deliveries/:id',
      {
        schema: {
          tags,
          summary: 'One transmission: the payload as sent, the answer as received, its claims',
          params: idParams,
          response: {
            200: jsonResponse('The transmission', {
              ...deliverySchema,
              properties: {
                ...deliverySchema.properties,
                contentType: { type: 'string' },
                payload: { type: 'string', description: 'Exactly what was sent' },
                responseBody: nullableString,
                records: { type: 'array', items: recordSchema },
              },
            }),
            404: problemResponse('No such transmission'),
            ...commonProblems,
          },
        },
      },
      async (request) => {
        const delivery = await loadDelivery(db, request.params.id);
        if (!delivery) throw new NotFound(`bureau report delivery ${request.params.id}`);
        return delivery;
      },
    );

    scope.post<{ Body: { period?: string } }>(
      '/api/bureau-report-runs',
      {
        schema: {
          tags,
          summary: 'Report to the credit bureaus now',
          description:
            'Starts `bureau-reporting` at its manual start, for `period` (YYYY-MM, up to the running month) or, without one, the month just ended. A claim is reported at most once per bureau and period: a second run of a period sends only what the first did not.',
          body: { type: 'object', additionalProperties: false, properties: { period: periodSchema } },
          response: {
            202: jsonResponse('Started', {
              type: 'object',
              properties: { processInstanceKey: { type: 'string' }, period: { type: 'string' }, reportDate: { type: 'string' } },
            }),
            400: problemResponse('A wrong period'),
            ...commonProblems,
          },
        },
      },
      async (request, reply) => {
        let chosen: { period: string; reportDate: string };
        try {
          chosen = reportPeriod(request.body.period, (deps.today ?? today)());
        } catch (err) {
          if (err instanceof BureauReportingError) throw new InputError([{ field: err.field ?? 'period', message: err.message }]);
          throw err;
        }
        const processInstanceKey = await startProcess(deps, 'bureau-reporting', { period: chosen.period, requestedBy: callerOf(request) });
        return reply.code(202).send({ processInstanceKey, ...chosen });
      },
    );
  });
}

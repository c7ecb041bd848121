/**
 * Legal collection (process `collection`, processes/collection.bpmn):
 *   GET  /api/collection-cases/{caseNumber}                    the case: state, deadlines, claim, applications
 *   GET  /api/collection-cases/{caseNumber}/court-application  the payment-order application as EDA record (text)
 *   GET  /api/collection-cases/{caseNumber}/agency-export      the claim file handed to the agency (CSV or JSON)
 *   POST /api/collection-cases/{caseNumber}/court-events       {kind, date, note?} from the court: checked against
 *                                                              the case's state, recorded, published to the process
 *                                                              (correlation key: the case number)
 *   POST /api/collection-cases/{caseNumber}/insolvency-quota   {amountCents, date}: the administrator's quota
 *   POST /api/collection-cases/{caseNumber}/write-off          {reason}: a case worker writes the claim off
 *   POST /api/accounts/{accountNumber}/insolvency              {openedOn, court, caseReference, administrator}
 * Bad input is a 400 problem naming the field, an unknown case a 404, an event out of order or twice a
 * 409 naming why; in each case nothing is stored and nothing is published (the message is published
 * after the transaction that records it; a failed publish takes the record back). Roles: server/auth/rules.ts.
 */
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../../../db';
import { problem, sendProblem, toProblem, type Problem } from '../../../engine/rest/problem';
import { useStrictValidation } from '../../../engine/rest/validation';
import {
  agencyExportOf,
  applicationOf,
  CollectionError,
  courtEventKinds,
  currentClaim,
  loadCase,
  noteInsolvencyQuota,
  recordCourtEvent,
  reportInsolvency,
  writeOffCase,
  type CollectionCase,
  type CourtEventKind,
} from '../../../domain/collection';
import { todayInGermany } from '../../../domain/orders';
import { callerOf, commonProblems, domainProblem, isoDateSchema, jsonResponse, problemResponse } from '../accounting/http';
import { ACCOUNTING_TAG, documentOnly } from '../openapi';
import type { ZeebeClient } from '../../zeebe-client';

export interface CollectionRouteDeps {
  db: Database;
  zbc: () => ZeebeClient;
  /** Today (YYYY-MM-DD): the engine clock when embedded. */
  today?: () => string;
}

/** An insolvency report waits this long for a subscriber (dunning or collection starting meanwhile). */
const INSOLVENCY_MESSAGE_TTL_MS = 24 * 3600_000;
/**
 * A court message waits this long for its case's instance (still busy with a step, or an engine
 * restart); it can only ever meet that one instance, as its key is the case number.
 */
const COURT_MESSAGE_TTL_MS = 14 * 24 * 3600_000;

function collectionProblem(err: unknown, request: FastifyRequest): Problem | undefined {
  if (!(err instanceof CollectionError)) return undefined;
  const instance = request.url.split('?')[0];
  if (err.code === 'not_found') return problem(404, 'NOT_FOUND', err.message, instance);
  if (err.code === 'invalid') {
    const field = err.field ?? 'body';
    return problem(400, 'INVALID_ARGUMENT', `The request is invalid; nothing was stored: ${field}: ${err.message}`, instance, [
      { field, message: err.message },
    ]);
  }
  return Object.assign(problem(409, 'INVALID_STATE', `${err.message}; nothing was stored`, instance), { code: err.code });
}

const caseParams = {
  type: 'object',
  required: ['caseNumber'],
  properties: {
    caseNumber: { type: 'string', pattern: '^[A-Z]{2,5}-\\d{4}-\\d{6}$', description: 'Collection case number, e.g. INK-2026-000001' },
  },
} as const;

const caseSchema = {
  type: 'object',
  properties: {
    caseNumber: { type: 'string' },
    accountNumber: { type: 'string' },
    path: { type: ['string', 'null'], enum: ['agency', 'court', null] },
    state: { type: 'string' },
    claimCents: { type: 'integer', description: 'The claim when the case opened (court path: when the application was filed)' },
    openCents: { type: 'integer', description: 'What is claimed now (blocked items left out)' },
    courtFeeCents: { type: 'integer' },
    openedOn: isoDateSchema,
    paymentOrderServedOn: { type: ['string', 'null'] },
    objectionDeadline: { type: ['string', 'null'] },
    enforcementOrderDeadline: { type: ['string', 'null'] },
    enforcementOrderServedOn: { type: ['string', 'null'] },
    protestDeadline: { type: ['string', 'null'] },
    titleKind: { type: ['string', 'null'] },
    titleOn: { type: ['string', 'null'] },
    closedOn: { type: ['string', 'null'] },
    closeReason: { type: ['string', 'null'] },
  },
};

function caseView(c: CollectionCase, openCents: number) {
  const { id: _id, dunningCaseId: _d, contractAccountId: _a, ...rest } = c;
  return { ...rest, openCents };
}

export async function registerCollectionRoutes(app: FastifyInstance, deps: CollectionRouteDeps): Promise<void> {
  const { db } = deps;
  const today = deps.today ?? (() => todayInGermany());
  const tags = [ACCOUNTING_TAG];

  await app.register(async (scope) => {
    useStrictValidation(scope);
    scope.setSerializerCompiler(documentOnly.serializerCompiler);
    scope.setErrorHandler((err: FastifyError, request, reply) => {
      const p = collectionProblem(err, request) ?? domainProblem(err, request) ?? toProblem(err, request);
      if (p.status >= 500) request.log.error({ err, errorId: p.errorId, method: request.method, url: request.url }, 'request failed');
      return sendProblem(reply, p);
    });

    scope.get<{ Params: { caseNumber: string } }>(
      '/api/collection-cases/:caseNumber',
      {
        schema: {
          tags,
          summary: 'A collection case',
          params: caseParams,
          response: { 200: jsonResponse('The case', caseSchema), 404: problemResponse('No such case'), ...commonProblems },
        },
      },
      async (request) => {
        const c = await loadCase(db, request.params.caseNumber);
        return caseView(c, (await currentClaim(db, c.contractAccountId)).totalCents);
      },
    );

    scope.get<{ Params: { caseNumber: string } }>(
      '/api/collection-cases/:caseNumber/court-application',
      {
        schema: {
          tags,
          summary: 'The application for a payment order as EDA record',
          description:
            "Fixed-width records shaped after the dunning courts' EDA structure (header, applicant, respondent, claims, costs, trailer with count and control sum); the record types and widths are ours (domain/collection/eda.ts), not the courts' binding layout.",
          params: caseParams,
          response: {
            200: { description: 'The EDA records, ISO-8859-1, CRLF', content: { 'text/plain': { schema: { type: 'string' } } } },
            404: problemResponse('No such case, or no application filed yet'),
            ...commonProblems,
          },
        },
      },
      async (request, reply) => {
        const c = await loadCase(db, request.params.caseNumber);
        const a = await applicationOf(db, c.id, 'payment_order');
        if (!a) throw new CollectionError('not_found', `no application filed for ${c.caseNumber}`);
        return reply
          .type('text/plain; charset=iso-8859-1')
          .header('content-disposition', `attachment; filename="${c.caseNumber}.eda"`)
          .send(Buffer.from(a.edaRecord, 'latin1'));
      },
    );

    scope.get<{ Params: { caseNumber: string } }>(
      '/api/collection-cases/:caseNumber/agency-export',
      {
        schema: {
          tags,
          summary: 'The claim file handed to the collection agency',
          params: caseParams,
          response: {
            200: {
              description: 'CSV (semicolon-separated) or JSON, as COLLECTION_AGENCY_FORMAT was at the handover',
              content: { 'text/csv': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'object' } } },
            },
            404: problemResponse('No such case, or not handed to an agency'),
            ...commonProblems,
          },
        },
      },
      async (request, reply) => {
        const c = await loadCase(db, request.params.caseNumber);
        const e = await agencyExportOf(db, c.id);
        if (!e) throw new CollectionError('not_found', `${c.caseNumber} was not handed to an agency`);
        return reply
          .type(e.format === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${e.fileName}"`)
          .send(e.content);
      },
    );

    scope.post<{ Params: { caseNumber: string }; Body: { kind: CourtEventKind; date: string; note?: string } }>(
      '/api/collection-cases/:caseNumber/court-events',
      {
        schema: {
          tags,
          summary: 'Report an event of the dunning court',
          description:
            'payment-order-served (Mahnbescheid zugestellt), objection (Widerspruch), enforcement-order-served (Vollstreckungsbescheid zugestellt), protest (Einspruch). Checked against the case: an event in the wrong order or a second one of a kind is a 409 naming why; then recorded and published to the `collection` process (message court-…, correlation key the case number).',
          params: caseParams,
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['kind', 'date'],
            properties: {
              kind: { type: 'string', enum: [...courtEventKinds] },
              date: { ...isoDateSchema, description: 'When it happened (service, receipt of the objection …)' },
              note: { type: 'string', maxLength: 1000 },
            },
          },
          response: {
            202: jsonResponse('Recorded and passed to the process', {
              type: 'object',
              properties: { caseNumber: { type: 'string' }, state: { type: 'string' }, message: { type: 'string' } },
            }),
            400: problemResponse('Wrong fields in `details`; nothing stored'),
            404: problemResponse('No such case'),
            409: problemResponse('Not possible in the state of the case, or recorded before (`code`: wrong_state, duplicate_event)'),
            ...commonProblems,
          },
        },
      },
      async (request, reply) => {
        const { kind, date, note } = request.body;
        const r = await recordCourtEvent(db, request.params.caseNumber, {
          kind,
          date,
          details: note ? { note } : {},
          recordedBy: callerOf(request),
          today: today(),
          // After the commit; a failed publish takes the event back.
          publish: async (res) => {
            await deps.zbc().publishMessage({
              name: res.messageName,
              correlationKey: res.collectionCase.caseNumber,
              messageId: `court-event:${res.eventId}`,
              timeToLive: COURT_MESSAGE_TTL_MS,
              variables: res.variables as never,
            });
          },
        });
        return reply.code(202).send({ caseNumber: r.collectionCase.caseNumber, state: r.collectionCase.state, message: r.messageName });
      },
    );

    scope.post<{ Params: { caseNumber: string }; Body: { amountCents: number; date: string } }>(
      '/api/collection-cases/:caseNumber/insolvency-quota',
      {
        schema: {
          tags,
          summary: "Report the insolvency administrator's quota",
          description: 'The process books it as a payment cleared against the filed claim and writes the rest off.',
          params: caseParams,
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['amountCents', 'date'],
            properties: { amountCents: { type: 'integer', minimum: 0 }, date: isoDateSchema },
          },
          response: {
            202: jsonResponse('Noted and passed to the process', {
              type: 'object',
              properties: { caseNumber: { type: 'string' }, amountCents: { type: 'integer' } },
            }),
            400: problemResponse('Wrong fields in `details`; nothing stored'),
            404: problemResponse('No such case'),
            409: problemResponse('The case is not in insolvency proceedings, or the quota was reported before'),
            ...commonProblems,
          },
        },
      },
      async (request, reply) => {
        const { amountCents, date } = request.body;
        const r = await noteInsolvencyQuota(db, request.params.caseNumber, {
          amountCents,
          date,
          today: today(),
          publish: async (c) => {
            await deps.zbc().publishMessage({
              name: 'insolvency-quota',
              correlationKey: c.caseNumber,
              messageId: `insolvency-quota:${c.caseNumber}`,
              timeToLive: COURT_MESSAGE_TTL_MS,
              variables: { quotaCents: amountCents, quotaDate: date },
            });
          },
        });
        return reply.code(202).send({ caseNumber: r.collectionCase.caseNumber, amountCents });
      },
    );

    scope.post<{ Params: { caseNumber: string }; Body: { reason: string } }>(
      '/api/collection-cases/:caseNumber/write-off',
      {
        schema: {
          tags,
          summary: 'Write the claim off (Ausbuchung)',
          description:
            "Books a write_off document (the open items of the claim against the write-off account, each cleared), closes the case and its dunning case as written_off and ends the case's process.",
          params: caseParams,
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['reason'],
            properties: { reason: { type: 'string', minLength: 1, maxLength: 500 } },
          },
          response: {
            200: jsonResponse('Written off', {
              type: 'object',
              properties: { caseNumber: { type: 'string' }, state: { type: 'string' }, writtenOffCents: { type: 'integer' } },
            }),
            400: problemResponse('Wrong fields in `details`; nothing stored'),
            404: problemResponse('No such case'),
            409: problemResponse('The case is closed'),
            ...commonProblems,
          },
        },
      },
      async (request) => {
        const c = await loadCase(db, request.params.caseNumber);
        const r = await writeOffCase(db, c.id, {
          reason: request.body.reason,
          today: today(),
          businessKey: `collection:${c.caseNumber}:write-off:manual`,
        });
        // The instance ends through its interrupting sub-process; a lost message leaves a waiting instance
        // of a closed case, which every step treats as done.
        await deps
          .zbc()
          .publishMessage({
            name: 'collection-closed',
            correlationKey: c.accountNumber,
            messageId: `collection-closed:${c.caseNumber}`,
            timeToLive: 3600_000,
            variables: { closeReason: 'written_off' } as never,
          })
          .catch((err: unknown) => request.log.warn({ err }, 'collection-closed not published'));
        return { caseNumber: c.caseNumber, state: r.collectionCase.state, writtenOffCents: r.writtenOffCents };
      },
    );

    scope.post<{
      Params: { accountNumber: string };
      Body: { openedOn: string; court: string; caseReference: string; administrator: { name: string; address: string } };
    }>(
      '/api/accounts/:accountNumber/insolvency',
      {
        schema: {
          tags,
          summary: 'Report the insolvency of a customer',
          description:
            'Recorded for the account (the same court file number again changes nothing) and published as `insolvency-reported` (correlation key the account number): a running collection stops and files the claim (§174 InsO); a running dunning stops. With neither running the message waits a day for one to start.',
          params: {
            type: 'object',
            required: ['accountNumber'],
            properties: { accountNumber: { type: 'string', minLength: 1, maxLength: 40 } },
          },
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['openedOn', 'court', 'caseReference', 'administrator'],
            properties: {
              openedOn: { ...isoDateSchema, description: 'Opening of the proceedings' },
              court: { type: 'string', minLength: 1, maxLength: 200, description: 'Insolvency court' },
              caseReference: { type: 'string', minLength: 1, maxLength: 100, description: 'File number, e.g. 71 IN 123/26' },
              administrator: {
                type: 'object',
                additionalProperties: false,
                required: ['name', 'address'],
                properties: {
                  name: { type: 'string', minLength: 1, maxLength: 200 },
                  address: {
                    type: 'string',
                    minLength: 1,
                    maxLength: 300,
                    description: 'Street and number, postcode and town, comma-separated',
                  },
                },
              },
            },
          },
          response: {
            202: jsonResponse('Recorded and published', {
              type: 'object',
              properties: {
                insolvencyId: { type: 'string' },
                accountNumber: { type: 'string' },
                collectionCaseNumber: { type: ['string', 'null'] },
                duplicate: { type: 'boolean' },
              },
            }),
            400: problemResponse('Wrong fields in `details`; nothing stored'),
            404: problemResponse('No such account'),
            ...commonProblems,
          },
        },
      },
      async (request, reply) => {
        const { accountNumber } = request.params;
        const r = await reportInsolvency(db, accountNumber, {
          ...request.body,
          reportedBy: callerOf(request),
          today: today(),
          publish: async (insolvency) => {
            await deps.zbc().publishMessage({
              name: 'insolvency-reported',
              correlationKey: accountNumber,
              messageId: `insolvency:${insolvency.id}`,
              timeToLive: INSOLVENCY_MESSAGE_TTL_MS,
              variables: { insolvencyId: insolvency.id } as never,
            });
          },
        });
        return reply.code(202).send({
          insolvencyId: r.insolvency.id,
          accountNumber,
          collectionCaseNumber: r.collectionCase?.caseNumber ?? null,
          duplicate: !r.created,
        });
      },
    );
  });
}

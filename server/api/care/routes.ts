/**
 * The care API for case workers and other systems (the portal calls ./start.ts itself):
 *   GET  /api/care-kinds                              what can be asked for: [{kind, title, contract, portal, body}]
 *   POST /api/customers/{customerNumber}/care-cases   {kind, contractId?, …} → 202 {caseId, caseNumber, processInstanceKey, status}
 *   GET  /api/customers/{customerNumber}/care-cases   → {items}
 *   GET  /api/care-cases/{id}                         → the case with its events (the audit trail)
 */
import type { FastifyInstance } from 'fastify';
import { careCaseEvents, careCasesOf, CareError, getCareCase } from '../../../domain/care';
import { CARE_TAG } from '../openapi';
import { callerOf, commonProblems, idempotencyHeader, idempotencyKeyOf, idParams, jsonResponse, problemResponse } from '../accounting/http';
import { careKinds } from './kinds';
import { loadCustomer, requestSchema, startCareCase, type CareDeps } from './start';

const customerParams = {
  type: 'object',
  required: ['customerNumber'],
  properties: { customerNumber: { type: 'string', minLength: 1, maxLength: 40 } },
} as const;

export async function registerCareCaseRoutes(app: FastifyInstance, deps: CareDeps): Promise<void> {
  app.get(
    '/api/care-kinds',
    { schema: { tags: [CARE_TAG], summary: 'The care requests this product offers', response: { ...commonProblems } } },
    async () =>
      careKinds.map((k) => ({
        kind: k.kind,
        processId: k.processId,
        title: k.title,
        contract: k.contract,
        portal: k.portal,
        body: requestSchema(k),
      })),
  );

  app.post<{ Params: { customerNumber: string }; Body: Record<string, unknown> }>(
    '/api/customers/:customerNumber/care-cases',
    {
      schema: {
        tags: [CARE_TAG],
        summary: 'Start a care process for a customer',
        description:
          'The body names the `kind` (GET /api/care-kinds lists them with their fields) and its fields. The request is checked first; a refused one (e.g. a withdrawal after 14 days) is a 422 with the reason, and nothing is stored. The same Idempotency-Key answers the first case.',
        params: customerParams,
        headers: idempotencyHeader('Makes a retried request answer the case of the first'),
        body: { type: 'object', required: ['kind'], properties: { kind: { type: 'string', minLength: 1 } } },
        response: {
          202: jsonResponse('The case is open and its process runs'),
          400: problemResponse('Wrong fields in `details`; nothing was stored'),
          404: problemResponse('No such customer'),
          422: problemResponse('Refused by a business rule, the reason in `details`; nothing was stored'),
          ...commonProblems,
        },
      },
    },
    async (request, reply) => {
      const { kind, ...body } = request.body as { kind: string } & Record<string, unknown>;
      const started = await startCareCase(deps, {
        customerNumber: request.params.customerNumber,
        kind,
        body,
        channel: request.principal?.via === 'apikey' ? 'system' : 'caseworker',
        requestedBy: callerOf(request),
        idempotencyKey: idempotencyKeyOf(request),
      });
      return reply.code(202).send(started);
    },
  );

  app.get<{ Params: { customerNumber: string } }>(
    '/api/customers/:customerNumber/care-cases',
    {
      schema: {
        tags: [CARE_TAG],
        summary: "A customer's care cases, newest first",
        params: customerParams,
        response: { 404: problemResponse('No such customer'), ...commonProblems },
      },
    },
    async (request) => {
      const customer = await loadCustomer(deps, request.params.customerNumber);
      return { items: await careCasesOf(deps.db, customer.id) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/care-cases/:id',
    {
      schema: {
        tags: [CARE_TAG],
        summary: 'A care case with its audit trail',
        params: idParams,
        response: { 404: problemResponse('No such case'), ...commonProblems },
      },
    },
    async (request) => {
      const found = await getCareCase(deps.db, request.params.id);
      if (!found) throw new CareError('not_found', `No care case ${request.params.id}`);
      return { ...found, events: await careCaseEvents(deps.db, found.id) };
    },
  );
}

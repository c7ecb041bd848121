/**
 * Bills:
 *   GET  /api/contracts/{id}/bills       a contract's bills, oldest first (with their calculation)
 *   GET  /api/bills/{id}                 one bill
 *   GET  /api/bills/{id}/pdf             the rendered PDF (document `bill:<id>:pdf`); 404 until rendered
 *   POST /api/bills/{id}/cancellation    {reason}: the bill's ledger document is reversed (case workers)
 *   POST /api/bills/{id}/correction      {reason}: cancelled (if not yet) and billed again by a `contract-billing`
 *                                        instance with {contractId, billKind, periodEnd, correctsBillId} (202)
 */
import type { FastifyInstance } from 'fastify';
import type { Settings } from '../../../config/settings';
import { billsOfContract, cancelBill, loadBill } from '../../../domain/billing/bills';
import { today } from '../../../domain/shared/dates';
import { createDocumentStore, documentFilesDir } from '../../../workers/documents';
import { ACCOUNTING_TAG } from '../openapi';
import {
  callerOf,
  commonProblems,
  idParams,
  itemsOf,
  jsonResponse,
  NotFound,
  problemResponse,
  requireContract,
  startOnce,
  type AccountingDeps,
} from './http';

const billSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    billNumber: { type: 'string' },
    contractId: { type: 'string' },
    kind: { type: 'string', enum: ['annual', 'final', 'interim'] },
    periodStart: { type: 'string' },
    periodEnd: { type: 'string' },
    billDate: { type: 'string' },
    dueDate: { type: 'string' },
    grossCents: { type: 'integer' },
    amountDueCents: { type: 'integer', description: 'gross − installments: positive is due, negative a credit' },
    cancelled: { type: ['object', 'null'] },
    calculation: { type: 'object' },
  },
};

/** Bill PDFs are read from where the workers stored them (documentFilesDir). */
export type BillDeps = AccountingDeps & { settings: Pick<Settings, 'dataDir' | 'databaseUrl'> };

export async function registerBillRoutes(app: FastifyInstance, deps: BillDeps): Promise<void> {
  const { db } = deps;
  const documents = createDocumentStore(db, { directory: documentFilesDir(deps.settings) });
  const tags = [ACCOUNTING_TAG];
  const todayOf = deps.today ?? today;

  app.get<{ Params: { id: string } }>(
    '/api/contracts/:id/bills',
    {
      schema: {
        tags,
        summary: "A contract's bills",
        params: idParams,
        response: { 200: jsonResponse('The bills', itemsOf(billSchema)), 404: problemResponse('No such contract'), ...commonProblems },
      },
    },
    async (request) => {
      await requireContract(db, request.params.id);
      return { items: await billsOfContract(db, request.params.id) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/bills/:id',
    {
      schema: {
        tags,
        summary: 'One bill',
        params: idParams,
        response: { 200: jsonResponse('The bill', billSchema), 404: problemResponse('No such bill'), ...commonProblems },
      },
    },
    async (request) => loadBill(db, request.params.id),
  );

  app.get<{ Params: { id: string } }>(
    '/api/bills/:id/pdf',
    {
      schema: {
        tags,
        summary: "The bill's PDF",
        params: idParams,
        response: {
          200: { description: 'The PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } },
          404: problemResponse('No such bill, or its PDF is not rendered yet'),
          ...commonProblems,
        },
      },
    },
    async (request, reply) => {
      const bill = await loadBill(db, request.params.id);
      const doc = await documents.getByKey(`bill:${bill.id}:pdf`);
      if (!doc) throw new NotFound(`PDF of bill ${bill.billNumber} yet: it is not rendered`);
      return reply
        .type(doc.contentType)
        .header('cache-control', 'no-store')
        .header('content-disposition', `inline; filename="${doc.fileName.replace(/[^\w.\- ]/g, '_')}"`)
        .send(doc.content);
    },
  );

  app.post<{ Params: { id: string }; Body: { reason: string } }>(
    '/api/bills/:id/cancellation',
    {
      schema: {
        tags,
        summary: 'Cancel a bill (Storno)',
        description:
          "The bill's ledger document is reversed (what was open is settled, what was paid becomes a credit) and the billing period starts again, so a corrected bill can follow. Only the contract's latest bill; idempotent.",
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['reason'],
          properties: { reason: { type: 'string', minLength: 3, maxLength: 500 } },
        },
        response: {
          200: jsonResponse('The cancelled bill', billSchema),
          400: problemResponse('No reason, or a later bill exists (field `billId`); nothing was changed'),
          404: problemResponse('No such bill'),
          ...commonProblems,
        },
      },
    },
    async (request) => cancelBill(db, request.params.id, request.body.reason.trim(), callerOf(request), todayOf()),
  );

  app.post<{ Params: { id: string }; Body: { reason: string } }>(
    '/api/bills/:id/correction',
    {
      schema: {
        tags,
        summary: 'Correct a bill: cancel it and bill the period again',
        description:
          'Cancels the bill (if not yet cancelled: its ledger document is reversed, never deleted) and starts a `contract-billing` instance for the same contract, kind and period end with `correctsBillId`; the corrected bill refers to the cancelled one and its PDF says which bill it replaces. A retry finds the instance of the first call.',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['reason'],
          properties: { reason: { type: 'string', minLength: 3, maxLength: 500 } },
        },
        response: {
          202: jsonResponse('Cancelled; the corrected bill follows', {
            type: 'object',
            properties: {
              cancelledBill: billSchema,
              processInstanceKey: { type: 'string' },
              started: { type: 'boolean', description: 'false: a retry, the instance of an earlier call' },
            },
          }),
          400: problemResponse('No reason, or a later bill exists (field `billId`); nothing was changed'),
          404: problemResponse('No such bill'),
          ...commonProblems,
        },
      },
    },
    async (request, reply) => {
      const cancelled = await cancelBill(db, request.params.id, request.body.reason.trim(), callerOf(request), todayOf());
      const { processInstanceKey, started } = await startOnce(
        deps,
        'contract-billing',
        { contractId: cancelled.contractId, billKind: cancelled.kind, periodEnd: cancelled.periodEnd, correctsBillId: cancelled.id },
        ['correctsBillId'],
      );
      return reply.code(202).send({ cancelledBill: cancelled, processInstanceKey, started });
    },
  );
}

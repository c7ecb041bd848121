/**
 * Outgoing SEPA files (pain.008 direct debits, pain.001 credit transfers) and the payment run:
 *   GET  /api/payment-files            the files, newest first (without their XML)
 *   GET  /api/payment-files/{id}       one file with the payment orders it carries
 *   GET  /api/payment-files/{id}/xml   the file itself, to hand to the bank (attachment, named by its message id)
 *   POST /api/payment-runs             starts a `payment-run` now (besides the daily timer)
 */
import type { FastifyInstance } from 'fastify';
import { loadPaymentFile, toPaymentFile, type PaymentFile, type PaymentFileRow } from '../../../domain/payments/files';
import { isoDate, today } from '../../../domain/shared/dates';
import { toCents } from '../../../domain/shared/db';
import { ACCOUNTING_TAG } from '../openapi';
import {
  callerOf,
  commonProblems,
  idParams,
  itemsOf,
  jsonResponse,
  NotFound,
  problemResponse,
  startProcess,
  type AccountingDeps,
} from './http';

const fileSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: ['pain.008', 'pain.001'] },
    messageId: { type: 'string' },
    executionDate: { type: 'string' },
    transactionCount: { type: 'integer' },
    controlSumCents: { type: 'integer' },
    sha256: { type: 'string' },
    createdAt: { type: 'string' },
  },
};

const meta = ({ xml: _xml, ...rest }: PaymentFile) => rest;

type Row = Record<string, unknown>;
const orderView = (r: Row) => ({
  id: r.id as string,
  kind: r.kind as string,
  contractAccountId: r.contract_account_id as string,
  accountNumber: (r.account_number as string | null) ?? null,
  amountCents: toCents(r.amount_cents as string),
  endToEndId: r.end_to_end_id as string,
  sequenceType: (r.sequence_type as string | null) ?? null,
  executionDate: isoDate(r.execution_date as Date | string),
  counterpartyName: r.counterparty_name as string,
  counterpartyIban: r.counterparty_iban as string,
  remittance: r.remittance as string,
  status: r.status as string,
});

export async function registerPaymentFileRoutes(app: FastifyInstance, deps: AccountingDeps): Promise<void> {
  const { db } = deps;
  const tags = [ACCOUNTING_TAG];

  app.get<{ Querystring: { limit?: number } }>(
    '/api/payment-files',
    {
      schema: {
        tags,
        summary: 'Outgoing SEPA files, newest first',
        response: { 200: jsonResponse('The files', itemsOf(fileSchema)), ...commonProblems },
      },
    },
    async () => {
      const rows = (await db('payment_files')
        .select(
          'id',
          'kind',
          'message_id',
          'business_key',
          'execution_date',
          'transaction_count',
          'control_sum_cents',
          'sha256',
          'created_at',
        )
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'message_id', order: 'asc' },
        ])
        .limit(500)) as PaymentFileRow[];
      return { items: rows.map((r) => meta(toPaymentFile({ ...r, xml: '' }))) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/payment-files/:id',
    {
      schema: {
        tags,
        summary: 'One SEPA file with its payment orders',
        params: idParams,
        response: {
          200: jsonResponse('The file', {
            ...fileSchema,
            properties: { ...fileSchema.properties, items: { type: 'array', items: { type: 'object' } } },
          }),
          404: problemResponse('No such file'),
          ...commonProblems,
        },
      },
    },
    async (request) => {
      const file = await loadPaymentFile(db, request.params.id);
      if (!file) throw new NotFound(`payment file ${request.params.id}`);
      const orders = (await db('payment_orders as o')
        .leftJoin('contract_accounts as a', 'a.id', 'o.contract_account_id')
        .where('o.file_id', file.id)
        .orderBy('o.end_to_end_id')
        .select('o.*', 'a.account_number')) as Row[];
      return { ...meta(file), items: orders.map(orderView) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/payment-files/:id/xml',
    {
      schema: {
        tags,
        summary: 'Download the SEPA file (XML)',
        params: idParams,
        response: {
          200: { description: 'The pain.008 or pain.001 XML', content: { 'application/xml': { schema: { type: 'string' } } } },
          404: problemResponse('No such file'),
          ...commonProblems,
        },
      },
    },
    async (request, reply) => {
      const file = await loadPaymentFile(db, request.params.id);
      if (!file) throw new NotFound(`payment file ${request.params.id}`);
      const name = `${file.kind}-${file.messageId}.xml`.replace(/[^\w.-]/g, '_');
      return reply
        .type('application/xml; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(file.xml);
    },
  );

  app.post(
    '/api/payment-runs',
    {
      schema: {
        tags,
        summary: 'Start a payment run now',
        description:
          'Starts `payment-run` at its manual start: direct debits due (pain.008) and credits to pay out (pain.001) go into files; the daily run does the same. Items already in a file are never taken twice.',
        response: {
          202: jsonResponse('Started', {
            type: 'object',
            properties: { processInstanceKey: { type: 'string' }, runDate: { type: 'string' } },
          }),
          ...commonProblems,
        },
      },
    },
    async (request, reply) => {
      const runDate = (deps.today ?? today)();
      const processInstanceKey = await startProcess(deps, 'payment-run', { runDate, requestedBy: callerOf(request) });
      return reply.code(202).send({ processInstanceKey, runDate });
    },
  );
}

/**
 * Incoming bank statements (camt.053 statements, camt.054 notifications, camt.052 reports):
 *   POST /api/bank-statements        the file: raw XML (application/xml or text/xml, `?fileName=`) or JSON {fileName, xml};
 *                                    new: stored with its entries and a `bank-statement` instance {statementId} (202);
 *                                    the same file again (bytes or message id): 200 with `duplicate: true`, nothing new;
 *                                    not camt, not EUR, broken amounts: 400 with `code` and `path`, nothing stored
 *   GET  /api/bank-statements        the statements, newest first, with status and match rate
 *   GET  /api/bank-statements/{id}   one statement with its summary (entries by status, match rate, sums)
 * Uploads may be up to BANK_STATEMENT_MAX_BYTES (the rest of the API keeps the server's smaller limit).
 */
import type { FastifyInstance } from 'fastify';
import { listStatements, receiveStatement, statementSummary } from '../../../domain/payments/statements';
import { today } from '../../../domain/shared/dates';
import { ACCOUNTING_TAG } from '../openapi';
import {
  callerOf,
  commonProblems,
  idParams,
  InputError,
  itemsOf,
  jsonResponse,
  problemResponse,
  startOnce,
  type AccountingDeps,
} from './http';

const XML_TYPES = ['application/xml', 'text/xml'];

const statementSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    messageId: { type: 'string' },
    format: { type: 'string', enum: ['camt.052', 'camt.053', 'camt.054'] },
    version: { type: 'string' },
    fileName: { type: 'string' },
    entryCount: { type: 'integer' },
    status: { type: 'string', enum: ['received', 'matching', 'done', 'failed'] },
    uploadedBy: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
    finishedAt: { type: ['string', 'null'] },
  },
};

const summarySchema = {
  type: 'object',
  properties: {
    statement: statementSchema,
    byStatus: { type: 'object', description: 'Entries per status: new, matched, unmatched, clarified, returned, ignored' },
    payments: { type: 'integer', description: 'Incoming payments (credits that are no returns)' },
    matchRate: { type: 'number', description: 'Share of the payments matched automatically, 0..1' },
    returns: { type: 'integer' },
    creditCents: { type: 'integer' },
    debitCents: { type: 'integer' },
  },
};

interface JsonUpload {
  fileName: string;
  xml: string;
}

export async function registerBankStatementRoutes(app: FastifyInstance, deps: AccountingDeps): Promise<void> {
  const { db } = deps;
  const tags = [ACCOUNTING_TAG];

  // Raw XML bodies, in this scope only; JSON stays fastify's own parser.
  app.addContentTypeParser(XML_TYPES, { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.post<{ Body: string | JsonUpload; Querystring: { fileName?: string } }>(
    '/api/bank-statements',
    {
      bodyLimit: deps.settings.bankStatementMaxBytes,
      schema: {
        tags,
        summary: 'Upload a camt bank statement',
        description:
          'A new file is stored with one entry per transaction and the `bank-statement` process matches it (202). The same file again is a 200 with `duplicate: true` and books nothing. A file that is no camt.052/053/054 in EUR is a 400 with `code` and `path`; nothing is stored.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { fileName: { type: 'string', maxLength: 255, description: 'For a raw XML body: the original file name' } },
        },
        body: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                required: ['fileName', 'xml'],
                properties: {
                  fileName: { type: 'string', minLength: 1, maxLength: 255 },
                  xml: { type: 'string', description: 'The camt XML' },
                },
              },
            },
            'application/xml': { schema: { type: 'string', description: 'The camt XML' } },
            'text/xml': { schema: { type: 'string', description: 'The camt XML' } },
          },
        },
        response: {
          202: jsonResponse('Stored; the bank-statement process matches it', {
            type: 'object',
            properties: {
              statement: statementSchema,
              duplicate: { type: 'boolean', const: false },
              processInstanceKey: { type: 'string' },
            },
          }),
          200: jsonResponse('Received before: nothing stored or started', {
            type: 'object',
            properties: {
              statement: statementSchema,
              duplicate: { type: 'boolean', const: true },
              processInstanceKey: { type: ['string', 'null'] },
            },
          }),
          400: problemResponse(
            'Not a camt statement in EUR (`code`: not_xml, not_camt, unsupported_version, wrong_currency, invalid_amount, missing_field; `path`); nothing stored',
          ),
          413: problemResponse('Larger than BANK_STATEMENT_MAX_BYTES'),
          415: problemResponse('Neither XML nor JSON'),
          ...commonProblems,
        },
      },
    },
    async (request, reply) => {
      const body = request.body as string | JsonUpload | undefined;
      if (body === undefined || body === null || body === '')
        throw new InputError([{ field: 'body', message: 'is empty: send the camt XML (application/xml) or {fileName, xml}' }]);
      const raw = typeof body === 'string';
      const xml = raw ? body : body.xml;
      const fileName = (raw ? request.query.fileName : body.fileName)?.trim() || `kontoauszug-${(deps.today ?? today)()}.xml`;
      const { statement, duplicate } = await receiveStatement(db, { xml, fileName, uploadedBy: callerOf(request) });
      const row = (await db('bank_statements').where({ id: statement.id }).first('process_instance_key')) as
        { process_instance_key: string | null } | undefined;
      let processInstanceKey = row?.process_instance_key ?? null;
      if (duplicate && processInstanceKey) return reply.code(200).send({ statement, duplicate, processInstanceKey });
      // New; or received before but its process never started (the start failed): start it now, once.
      ({ processInstanceKey } = await startOnce(deps, 'bank-statement', { statementId: statement.id }, ['statementId']));
      await db('bank_statements')
        .where({ id: statement.id })
        .whereNull('process_instance_key')
        .update({ process_instance_key: processInstanceKey });
      return reply.code(duplicate ? 200 : 202).send({ statement, duplicate, processInstanceKey });
    },
  );

  app.get(
    '/api/bank-statements',
    {
      schema: {
        tags,
        summary: 'Bank statements, newest first, with their match rate',
        response: { 200: jsonResponse('The statements', itemsOf(summarySchema)), ...commonProblems },
      },
    },
    async () => {
      const statements = await listStatements(db, { limit: 100 });
      return { items: await Promise.all(statements.map((s) => statementSummary(db, s.id))) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/bank-statements/:id',
    {
      schema: {
        tags,
        summary: 'One bank statement with its summary',
        params: idParams,
        response: { 200: jsonResponse('The statement', summarySchema), 404: problemResponse('No such statement'), ...commonProblems },
      },
    },
    async (request) => statementSummary(db, request.params.id),
  );
}

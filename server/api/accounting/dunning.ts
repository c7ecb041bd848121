/**
 * Dunning over REST:
 *   POST /api/dunning-runs                               {runId?} → starts the run (proposal, then activity)
 *   GET  /api/dunning-runs, /api/dunning-runs/{id}       runs with their counts
 *   GET  /api/dunning-runs/{id}/proposals                the proposal, largest amounts first, paged
 *   GET  /api/accounts/{accountNumber}/dunning           cases with notices, blocks, agreements
 *   POST /api/accounts/{accountNumber}/dunning-blocks    {reason, validUntil, lineId?} → a dispute pauses dunning
 *   POST /api/accounts/{accountNumber}/installment-agreements {rateCount, firstDueDate} → rates replace the items
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  agreementsOfAccount,
  blocksOf,
  casesOfAccount,
  createInstallmentAgreement,
  listRuns,
  loadRun,
  noticesOfCase,
  proposalPage,
  setBlock,
} from '../../../domain/dunning';
import { today } from '../../../domain/shared/dates';
import { ACCOUNTING_TAG } from '../openapi';
import {
  callerOf,
  commonProblems,
  isoDateSchema,
  jsonResponse,
  NotFound,
  problemResponse,
  startProcess,
  uuid,
  type AccountingDeps,
} from './http';

const accountParams = {
  type: 'object',
  required: ['accountNumber'],
  properties: { accountNumber: { type: 'string', minLength: 1, maxLength: 40 } },
} as const;
const runParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 200 } } } as const;

export async function registerDunningRoutes(app: FastifyInstance, deps: AccountingDeps): Promise<void> {
  const { db } = deps;
  const todayOf = deps.today ?? today;

  async function accountOf(accountNumber: string): Promise<{ id: string; accountNumber: string }> {
    const row = (await db('contract_accounts').where({ account_number: accountNumber }).first('id', 'account_number')) as
      { id: string; account_number: string } | undefined;
    if (!row) throw new NotFound(`contract account ${accountNumber}`);
    return { id: row.id, accountNumber: row.account_number };
  }

  app.post<{ Body: { runId?: string } }>(
    '/api/dunning-runs',
    {
      schema: {
        tags: [ACCOUNTING_TAG],
        summary: 'Start a dunning run now',
        description:
          'Starts the process `dunning-run`: the proposal over the open items (inspect it under /api/dunning-runs/{id}/proposals), then one `dunning` instance per proposed account, or a message to the running one. The daily timer does the same at 06:00. A run id names the run: the same id twice makes one proposal.',
        body: { type: 'object', additionalProperties: false, properties: { runId: { type: 'string', minLength: 1, maxLength: 100 } } },
        response: {
          202: jsonResponse('The run is started', {
            type: 'object',
            properties: { runId: { type: 'string' }, processInstanceKey: { type: 'string' } },
          }),
          400: problemResponse('Wrong fields in `details`'),
          ...commonProblems,
        },
      },
    },
    async (request, reply) => {
      const runId = request.body?.runId ?? `${todayOf()}-${randomUUID().slice(0, 8)}`;
      const processInstanceKey = await startProcess(deps, 'dunning-run', { runId });
      return reply.code(202).send({ runId, processInstanceKey });
    },
  );

  app.get(
    '/api/dunning-runs',
    {
      schema: {
        tags: [ACCOUNTING_TAG],
        summary: 'The latest dunning runs',
        response: { 200: jsonResponse('Newest first'), ...commonProblems },
      },
    },
    async () => ({ items: await listRuns(db) }),
  );

  app.get<{ Params: { id: string } }>(
    '/api/dunning-runs/:id',
    {
      schema: {
        tags: [ACCOUNTING_TAG],
        summary: 'A dunning run by id or run key',
        params: runParams,
        response: { 200: jsonResponse('The run with its counts'), 404: problemResponse('No such run'), ...commonProblems },
      },
    },
    async (request) => loadRunOr404(request.params.id),
  );

  async function loadRunOr404(id: string) {
    try {
      return await loadRun(db, id);
    } catch {
      throw new NotFound(`dunning run ${id}`);
    }
  }

  app.get<{ Params: { id: string }; Querystring: { limit?: string; offset?: string } }>(
    '/api/dunning-runs/:id/proposals',
    {
      schema: {
        tags: [ACCOUNTING_TAG],
        summary: 'The proposal of a dunning run',
        description:
          'One line per proposed contract account: overdue amount, items, oldest due date, cause, and what the activity step did.',
        params: runParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { limit: { type: 'string', pattern: '^[0-9]{1,4}$' }, offset: { type: 'string', pattern: '^[0-9]{1,9}$' } },
        },
        response: { 200: jsonResponse('A page of the proposal'), 404: problemResponse('No such run'), ...commonProblems },
      },
    },
    async (request) => {
      const run = await loadRunOr404(request.params.id);
      const limit = Math.min(1000, Number(request.query.limit ?? 100));
      const offset = Number(request.query.offset ?? 0);
      return { run, items: await proposalPage(db, run.id, { limit, offset }) };
    },
  );

  app.get<{ Params: { accountNumber: string } }>(
    '/api/accounts/:accountNumber/dunning',
    {
      schema: {
        tags: [ACCOUNTING_TAG],
        summary: 'Dunning of a contract account',
        description: 'Its dunning cases (newest first) with their notices, its dunning blocks, installment agreements and text messages.',
        params: accountParams,
        response: { 200: jsonResponse('The dunning history'), 404: problemResponse('No such contract account'), ...commonProblems },
      },
    },
    async (request) => {
      const account = await accountOf(request.params.accountNumber);
      const cases = await casesOfAccount(db, account.id);
      return {
        accountNumber: account.accountNumber,
        cases: await Promise.all(cases.map(async (c) => ({ ...c, notices: await noticesOfCase(db, c.id) }))),
        blocks: await blocksOf(db, account.id),
        agreements: await agreementsOfAccount(db, account.id),
      };
    },
  );

  app.post<{ Params: { accountNumber: string }; Body: { reason: string; validUntil: string; lineId?: string } }>(
    '/api/accounts/:accountNumber/dunning-blocks',
    {
      schema: {
        tags: [ACCOUNTING_TAG],
        summary: 'Set a dunning block (Mahnsperre) for a dispute',
        description:
          'The customer disputes an item (`lineId`) or the whole account. Until the block is resolved in the Tasklist (process `dunning-block`) or its end date passes, the blocked items are never dunned, charged interest, reported to a bureau or handed over; a running dunning pauses.',
        params: accountParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['reason', 'validUntil'],
          properties: {
            reason: { type: 'string', minLength: 1, maxLength: 500, description: 'Why the customer disputes the claim' },
            validUntil: { ...isoDateSchema, description: 'The block ends at the latest on this day' },
            lineId: { ...uuid, description: 'The disputed item; absent: the whole account' },
          },
        },
        response: {
          201: jsonResponse('The block; its clarification task is created'),
          400: problemResponse('Wrong fields in `details` (`reason`, `validUntil`, `lineId`); nothing was stored'),
          404: problemResponse('No such contract account'),
          ...commonProblems,
        },
      },
    },
    async (request, reply) => {
      const account = await accountOf(request.params.accountNumber);
      const block = await setBlock(db, {
        contractAccountId: account.id,
        lineId: request.body.lineId ?? null,
        reason: request.body.reason,
        validUntil: request.body.validUntil,
        createdBy: callerOf(request),
        today: todayOf(),
      });
      const processInstanceKey = await startProcess(deps, 'dunning-block', {
        blockId: block.id,
        accountNumber: account.accountNumber,
        contractAccountId: account.id,
        reason: block.reason,
        validUntil: block.validUntil,
      });
      return reply.code(201).send({ block, processInstanceKey });
    },
  );

  app.post<{ Params: { accountNumber: string }; Body: { rateCount: number; firstDueDate: string } }>(
    '/api/accounts/:accountNumber/installment-agreements',
    {
      schema: {
        tags: [ACCOUNTING_TAG],
        summary: 'Agree installments (Ratenzahlung) for the open items',
        description:
          'The open, undisputed items are replaced by monthly rates (a ledger document of kind `agreement`). A running dunning pauses; the daily run watches the rates: all paid ends the case, a rate overdue revives the dunning.',
        params: accountParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['rateCount', 'firstDueDate'],
          properties: { rateCount: { type: 'integer', minimum: 2, maximum: 36 }, firstDueDate: isoDateSchema },
        },
        response: {
          201: jsonResponse('The agreement with its rates'),
          400: problemResponse('Wrong fields in `details`; nothing was stored'),
          404: problemResponse('No such contract account'),
          409: problemResponse('The account already has an active agreement'),
          ...commonProblems,
        },
      },
    },
    async (request, reply) => {
      const account = await accountOf(request.params.accountNumber);
      const agreement = await createInstallmentAgreement(db, {
        contractAccountId: account.id,
        rateCount: request.body.rateCount,
        firstDueDate: request.body.firstDueDate,
        origin: 'caseworker',
        today: todayOf(),
      });
      await deps.zbc().publishMessage({
        name: 'dunning-agreement-made',
        correlationKey: account.accountNumber,
        messageId: `dunning-agreement-made:${agreement.agreementId}`,
        timeToLive: 3_600_000,
        variables: { agreementId: agreement.agreementId },
      });
      return reply.code(201).send(agreement);
    },
  );
}

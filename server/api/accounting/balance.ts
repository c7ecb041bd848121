/**
 * The account balance display:
 *   GET /api/accounts/{accountNumber}/balance   open items, cleared items with what cleared them, balance and overdue
 */
import type { FastifyInstance } from 'fastify';
import { accountBalance } from '../../../domain/ledger';
import { today } from '../../../domain/shared/dates';
import { ACCOUNTING_TAG } from '../openapi';
import { commonProblems, jsonResponse, NotFound, problemResponse, type AccountingDeps } from './http';

export async function registerBalanceRoutes(app: FastifyInstance, deps: AccountingDeps): Promise<void> {
  const { db } = deps;
  const todayOf = deps.today ?? today;

  app.get<{ Params: { accountNumber: string } }>(
    '/api/accounts/:accountNumber/balance',
    {
      schema: {
        tags: [ACCOUNTING_TAG],
        summary: 'Balance of a contract account (Kontostand)',
        params: {
          type: 'object',
          required: ['accountNumber'],
          properties: { accountNumber: { type: 'string', maxLength: 40, description: 'The contract account number, as on the bill' } },
        },
        response: {
          200: jsonResponse('The balance: positive is owed by the customer, negative a credit', {
            type: 'object',
            properties: {
              accountNumber: { type: 'string' },
              contractAccountId: { type: 'string' },
              balanceCents: { type: 'integer' },
              overdueCents: { type: 'integer' },
              openItems: { type: 'array', items: { type: 'object' } },
              clearedItems: { type: 'array', items: { type: 'object' } },
            },
          }),
          404: problemResponse('No such contract account'),
          ...commonProblems,
        },
      },
    },
    async (request) => {
      const { accountNumber } = request.params;
      const account = (await db('contract_accounts').where({ account_number: accountNumber.trim() }).first('id', 'payment_method')) as
        { id: string; payment_method: string } | undefined;
      if (!account) throw new NotFound(`contract account ${accountNumber}`);
      return {
        accountNumber: accountNumber.trim(),
        paymentMethod: account.payment_method,
        ...(await accountBalance(db, account.id, todayOf())),
      };
    },
  );
}

/**
 * The customer account screen's reads (the app at /care):
 *   GET /api/care/customers?q=              customers by name, customer, account, contract or meter number, IBAN, order number or id
 *   GET /api/care/customers/{customerNumber} the customer whole: master data, contracts, readings, plans, bills, items,
 *                                            payments, dunning, collection, bureau reports, letters, mails, process instances
 * Roles: server/auth/rules.ts (case workers and admins).
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { customerAccountView, cockpitUrl, type InstanceLookup } from '../../../domain/care/account-view';
import { MIN_QUERY_LENGTH, searchCustomers } from '../../../domain/care/search';
import { today } from '../../../domain/shared/dates';
import { readBarrier } from '../../../engine/state/read-barrier';
import type { ProcessInstanceSearch } from '../../cluster/search';
import { CARE_TAG } from '../openapi';
import {
  commonProblems,
  instanceSearch,
  itemsOf,
  jsonResponse,
  NotFound,
  problemResponse,
  useAccountingScope,
  type AccountingDeps,
} from '../accounting/http';

/**
 * The screen's instance look-up: the engine's read models or the cluster's search, with links into
 * the cockpit. When the search fails the rest of the account still shows, the instances as unavailable.
 */
function instanceLookup(search: ProcessInstanceSearch, log: FastifyBaseLogger): InstanceLookup {
  return async (keys) => {
    try {
      return (await search.byKeys(keys)).map((i) => ({ ...i, cockpitUrl: cockpitUrl(i.processInstanceKey) }));
    } catch (err) {
      log.error({ err }, 'account screen: the process instance search failed');
      return null;
    }
  };
}

export async function registerCareAccountRoutes(app: FastifyInstance, deps: AccountingDeps): Promise<void> {
  const { db } = deps;
  const todayOf = deps.today ?? today;
  const search = instanceSearch(deps);
  const instances = search && instanceLookup(search, app.log);

  await app.register(async (scope) => {
    useAccountingScope(scope);

    scope.get<{ Querystring: { q: string } }>(
      '/api/care/customers',
      {
        schema: {
          tags: [CARE_TAG],
          summary: 'Find customers (account screen search)',
          description:
            'One search box: a name (prefix, "Erika Must" or "Mustermann, Erika"), a customer, contract account, contract or meter number, ' +
            'an IBAN (spaces and case do not matter), an order number (A-1B2C3D4E), or a customer, contract or order id. At most 20 hits.',
          querystring: {
            type: 'object',
            required: ['q'],
            properties: { q: { type: 'string', minLength: MIN_QUERY_LENGTH, maxLength: 120 } },
          },
          response: {
            200: jsonResponse(
              'The customers found, with what matched',
              itemsOf({
                type: 'object',
                properties: {
                  customerNumber: { type: 'string' },
                  firstName: { type: 'string' },
                  lastName: { type: 'string' },
                  matchedBy: { type: 'string' },
                },
              }),
            ),
            400: problemResponse('q missing, shorter than 2 or longer than 120 characters'),
            ...commonProblems,
          },
        },
      },
      async (request) => ({ items: await searchCustomers(db, request.query.q) }),
    );

    scope.get<{ Params: { customerNumber: string } }>(
      '/api/care/customers/:customerNumber',
      {
        schema: {
          tags: [CARE_TAG],
          summary: 'A customer whole (account screen)',
          description:
            'Master data, contracts with meters, readings, installment plans and bills (with their PDF links); per contract account the ' +
            'balance with open and cleared items, payments and return debits, the dunning state and history, blocks, agreements, collection ' +
            'cases and bureau reports; the letters and mails sent; the process instances of the customer with links into the cockpit. ' +
            'Care cases: GET /api/customers/{customerNumber}/care-cases.',
          params: {
            type: 'object',
            required: ['customerNumber'],
            properties: { customerNumber: { type: 'string', minLength: 1, maxLength: 40 } },
          },
          response: { 200: jsonResponse('The customer account view'), 404: problemResponse('No such customer'), ...commonProblems },
        },
      },
      async (request) => {
        // The view finds the customer's instances by their variables in engine_record, which follows
        // the embedded engine's journal: let it catch up first (a no-op on PostgreSQL).
        await readBarrier(db);
        const view = await customerAccountView(db, request.params.customerNumber.trim(), { today: todayOf(), instances });
        if (!view) throw new NotFound(`customer ${request.params.customerNumber}`);
        return view;
      },
    );
  });
}

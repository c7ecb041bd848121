/**
 * What the accounting routes share: their dependencies, the one place that starts a process
 * instance, the mapping of domain errors to problems (at the edge only), and schema pieces.
 *
 * Every 400 of these routes names the wrong fields in `details` (`[{field, message}]`), the one
 * error shape of the product. Nothing is stored on a 400.
 */
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { Settings } from '../../../config/settings';
import type { Database } from '../../../db';
import type { EmbeddedEngine } from '../../../engine';
import type { ErrorDetail } from '../../../engine/errors';
import { createEngineQueries, type EngineQueries } from '../../../engine/query';
import { clusterProcessInstanceSearch, embeddedProcessInstanceSearch, type ProcessInstanceSearch } from '../../cluster/search';
import { problem, sendProblem, toProblem, type Problem } from '../../../engine/rest/problem';
import { useStrictValidation } from '../../../engine/rest/validation';
import { BillNotFoundError } from '../../../domain/billing/bills';
import { BillingError } from '../../../domain/billing/calculate';
import { InstallmentError } from '../../../domain/billing/installments-repository';
import { CareError } from '../../../domain/care/errors';
import { ContractNotFoundError } from '../../../domain/contracts';
import { DunningError } from '../../../domain/dunning/errors';
import { AmountError } from '../../../domain/money';
import { CamtError } from '../../../domain/payments/camt/parse';
import { PaymentsError } from '../../../domain/payments/errors';
import { ReadingError } from '../../../domain/readings';
import { TariffError } from '../../../domain/tariffs';
import { camundaRestClient, type ZeebeClient } from '../../zeebe-client';
import { documentOnly } from '../openapi';

export interface AccountingDeps {
  db: Database;
  settings: Pick<Settings, 'installmentTolerancePercent' | 'bankStatementMaxBytes'>;
  /** The SDK client: starts instances on an external Camunda 8. */
  zbc: () => ZeebeClient;
  /** The embedded engine: starts instances in-process, like server/order-starts.ts. */
  engine?: EmbeddedEngine;
  /** The engine's read models (made from `db` when the engine is embedded and none is given). */
  queries?: EngineQueries;
  /** Finding instances: the engine's read models, or a cluster's search (made from the two above or `settings` when none is given). */
  instances?: ProcessInstanceSearch;
  /** Today (YYYY-MM-DD), for balances and cancellations; a parameter for tests. */
  today?: () => string;
}

/** Wrong input found at the edge, before any domain function ran. */
export class InputError extends Error {
  constructor(readonly errors: ErrorDetail[]) {
    super(errors.map((e) => `${e.field} ${e.message}`).join('; '));
    this.name = 'InputError';
  }
}

/** A 404 of a thing named by the path. */
export class NotFound extends Error {
  constructor(readonly what: string) {
    super(`No ${what}`);
    this.name = 'NotFound';
  }
}

/** Starts an instance of a deployed process; its key. The embedded engine in-process, else through the SDK. */
export async function startProcess(
  deps: AccountingDeps,
  bpmnProcessId: string,
  variables: Record<string, string | number | boolean | null>,
): Promise<string> {
  if (deps.engine) return (await deps.engine.commands.createProcessInstance({ bpmnProcessId, variables })).processInstanceKey;
  // JSON null is a variable value like any other; the SDK's type leaves it out.
  return String((await deps.zbc().createProcessInstance({ bpmnProcessId, variables: variables as never })).processInstanceKey);
}

/**
 * The instance search of these routes: the embedded engine's read models, else the cluster's
 * search through the SDK's REST client (the routes get the whole settings; ZEEBE_REST_ADDRESS and
 * the credentials are among them).
 */
export function instanceSearch(deps: AccountingDeps): ProcessInstanceSearch | undefined {
  if (deps.instances) return deps.instances;
  if (deps.engine) return (deps.instances = embeddedProcessInstanceSearch((deps.queries ??= createEngineQueries(deps.db))));
  const settings = deps.settings as Partial<Settings>;
  if (settings.zeebeRestAddress === undefined) return undefined;
  return (deps.instances = clusterProcessInstanceSearch(() => camundaRestClient(settings as Settings)));
}

/**
 * Starts the process unless an instance with the same values of `identifying` variables exists:
 * a retried request finds the instance of the first. Exact on the embedded engine (its search reads
 * its own writes, as server/order-starts.ts relies on). A cluster's search lags behind its engine
 * by seconds: a retry after that finds the first instance too, but one within that lag may start
 * a second (at least once; the workers are idempotent).
 */
export async function startOnce(
  deps: AccountingDeps,
  bpmnProcessId: string,
  variables: Record<string, string | number | boolean>,
  identifying: string[],
): Promise<{ processInstanceKey: string; started: boolean }> {
  const search = instanceSearch(deps);
  if (search) {
    const values = Object.fromEntries(identifying.map((name) => [name, variables[name]]));
    const [existing] = await search.byVariables(bpmnProcessId, values, { limit: 1 });
    if (existing) return { processInstanceKey: existing.processInstanceKey, started: false };
  }
  return { processInstanceKey: await startProcess(deps, bpmnProcessId, variables), started: true };
}

/** Who made the call, for the columns that record it (requested_by, uploaded_by …). */
export function callerOf(request: FastifyRequest): string {
  return request.principal?.username ?? 'unknown';
}

const pathOf = (request: FastifyRequest) => request.url.split('?')[0];

/** The problem for a domain error, or undefined when it is none of theirs. */
export function domainProblem(err: unknown, request: FastifyRequest): Problem | undefined {
  const instance = pathOf(request);
  const invalid = (details: ErrorDetail[], what = 'The request is invalid') =>
    problem(
      400,
      'INVALID_ARGUMENT',
      `${what}; nothing was stored: ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`,
      instance,
      details,
    );
  if (err instanceof InputError) return invalid(err.errors);
  if (err instanceof TariffError || err instanceof ReadingError || err instanceof InstallmentError || err instanceof BillingError)
    return invalid([{ field: err.field, message: err.message }]);
  if (err instanceof AmountError) return invalid([{ field: 'amount', message: err.message }]);
  if (err instanceof CamtError) {
    const p = problem(400, 'INVALID_CAMT', `The bank statement was refused; nothing was stored: ${err.message}`, instance, [
      { field: err.path ?? 'xml', message: err.message },
    ]);
    return Object.assign(p, { code: err.code, path: err.path ?? null });
  }
  if (err instanceof PaymentsError) {
    if (err.code === 'not_found') return problem(404, 'NOT_FOUND', err.message, instance);
    return Object.assign(problem(409, 'INVALID_STATE', err.message, instance), { code: err.code });
  }
  if (err instanceof DunningError) {
    if (err.code === 'invalid') return invalid([{ field: err.field ?? 'body', message: err.message }]);
    if (err.code === 'not_found') return problem(404, 'NOT_FOUND', err.message, instance);
    return problem(409, 'INVALID_STATE', err.message, instance);
  }
  if (err instanceof CareError) {
    if (err.code === 'invalid') return invalid([{ field: err.field ?? 'body', message: err.message }]);
    if (err.code === 'not_found') return problem(404, 'NOT_FOUND', err.message, instance);
    if (err.code === 'refused')
      return problem(422, 'REFUSED', `The request was refused; nothing was changed: ${err.message}`, instance, [
        { field: err.field ?? 'body', message: err.message },
      ]);
    return problem(409, 'INVALID_STATE', err.message, instance);
  }
  if (err instanceof NotFound) return problem(404, 'NOT_FOUND', `No ${err.what}`, instance);
  if (err instanceof BillNotFoundError) return problem(404, 'NOT_FOUND', `No bill ${err.billId}`, instance);
  if (err instanceof ContractNotFoundError) return problem(404, 'NOT_FOUND', `No contract ${err.contractId}`, instance);
  return undefined;
}

/**
 * The scope of the accounting routes: strict validation (no coercion, no dropped fields, every
 * wrong field named), JSON answers as the handlers build them, and the error answers.
 */
export function useAccountingScope(scope: FastifyInstance): void {
  useStrictValidation(scope);
  scope.setSerializerCompiler(documentOnly.serializerCompiler);
  scope.setErrorHandler((err: FastifyError, request, reply) => {
    const p = domainProblem(err, request) ?? toProblem(err, request);
    if (p.status >= 500) request.log.error({ err, errorId: p.errorId, method: request.method, url: request.url }, 'request failed');
    return sendProblem(reply, p);
  });
}

// ---- Schema pieces (they describe for /api/docs and validate the request) ----------------------

export const uuid = {
  type: 'string',
  description: 'A UUID',
  pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
} as const;
export const isoDateSchema = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' } as const;
export const idParams = { type: 'object', required: ['id'], properties: { id: uuid } } as const;

export const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } },
});

export const jsonResponse = (description: string, schema: Record<string, unknown> = { type: 'object' }) => ({
  description,
  content: { 'application/json': { schema } },
});

/** The problems every route of the API can answer. */
export const commonProblems = {
  401: problemResponse('Not signed in and no API key'),
  403: problemResponse('The caller lacks a role of the route (server/auth/rules.ts)'),
};

export const itemsOf = (item: Record<string, unknown>) => ({ type: 'object', properties: { items: { type: 'array', items: item } } });

/** The request's Idempotency-Key header, trimmed; undefined when absent. */
export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const raw = request.headers['idempotency-key'];
  const key = typeof raw === 'string' ? raw.trim() : '';
  return key || undefined;
}

export const idempotencyHeader = (what: string) => ({
  type: 'object',
  properties: { 'idempotency-key': { type: 'string', maxLength: 200, description: what } },
});

/** The contract named by the path, or a 404. */
export async function requireContract(db: Database, contractId: string): Promise<void> {
  const row = (await db('contracts').where({ id: contractId }).first('id')) as { id: string } | undefined;
  if (!row) throw new NotFound(`contract ${contractId}`);
}

const kwhPattern = /^\d{1,11}(\.\d{1,3})?$/;

/**
 * A meter value as the domain takes it: a decimal string with a dot and at most 3 decimals. A JSON
 * number is turned into its string (never computed with), so 12.5 is "12.5" and 1e21 is refused.
 */
export function kwhOf(field: string, value: unknown): string {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!kwhPattern.test(text))
    throw new InputError([
      { field, message: 'must be a meter value in kWh: a decimal number ≥ 0 with a dot and at most 3 decimals, e.g. "12345.6"' },
    ]);
  return text;
}

/**
 * The one way a care process starts, for a case worker's button and the customer portal alike:
 *
 *   customer (+ contract) look-up → the kind's schema → the kind's business checks → the case → the process
 *
 * Nothing is written before the checks pass. The case is opened first (with the request, who asked
 * and through which channel), then its process starts with the case id; a retry with the same
 * Idempotency-Key finds the case and, if its start was cut off, starts it then.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import {
  assertSameRequest,
  attachCareProcess,
  caseOfIdempotencyKey,
  CareError,
  getCareCase,
  openCareCase,
  recordCareEvent,
  type CareCase,
  type CareChannel,
} from '../../../domain/care';
import { todayInGermany } from '../../../domain/orders';
import { validationDetails } from '../../../engine/rest/problem';
import { InputError, startProcess, type AccountingDeps } from '../accounting/http';
import { careKind, type CareContext, type CareContract, type CareCustomer, type CareKindDefinition } from './kinds';
import type { Settings } from '../../../config/settings';

export interface CareDeps extends AccountingDeps {
  settings: Settings;
}

export interface StartCareCase {
  customerNumber: string;
  kind: string;
  body: Record<string, unknown>;
  channel: CareChannel;
  requestedBy: string;
  idempotencyKey?: string;
}

export interface StartedCareCase {
  caseId: string;
  caseNumber: string;
  processInstanceKey: string | null;
  status: string;
}

const START_CUT_OFF_MS = 60_000;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, coerceTypes: false, useDefaults: false });
const validators = new Map<string, ValidateFunction>();

/** The kind's body schema with the core's own fields. */
export function requestSchema(def: CareKindDefinition): Record<string, unknown> {
  const required = [...(def.body.required ?? [])];
  if (def.contract === 'required') required.push('contractId');
  return {
    type: 'object',
    additionalProperties: false,
    required,
    properties: {
      ...def.body.properties,
      ...(def.contract === 'none'
        ? {}
        : { contractId: { type: 'string', pattern: UUID.source, description: 'A contract of this customer' } }),
    },
  };
}

function validate(def: CareKindDefinition, body: Record<string, unknown>): void {
  let fn = validators.get(def.kind);
  if (!fn) {
    fn = ajv.compile(requestSchema(def));
    validators.set(def.kind, fn);
  }
  if (!fn(body)) throw new InputError(validationDetails('body', fn.errors ?? []));
}

export async function loadCustomer(deps: Pick<CareDeps, 'db'>, customerNumber: string): Promise<CareCustomer> {
  const r = await deps.db('customers').where({ customer_number: customerNumber }).first();
  if (!r) throw new CareError('not_found', `No customer ${customerNumber}`);
  return {
    id: r.id,
    customerNumber: r.customer_number,
    firstName: r.first_name,
    lastName: r.last_name,
    email: r.email,
    phone: r.phone ?? null,
    address: typeof r.address === 'string' ? JSON.parse(r.address) : r.address,
  };
}

const dateText = (v: unknown) => (v == null ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

async function loadContract(deps: Pick<CareDeps, 'db'>, customer: CareCustomer, contractId: string): Promise<CareContract> {
  const r = await deps.db('contracts').where({ id: contractId }).first();
  // Another customer's contract is as unknown as a missing one: the answer tells nothing about it.
  if (!r || r.customer_id !== customer.id) {
    throw Object.assign(new CareError('invalid', 'is not a contract of this customer', 'contractId'));
  }
  return {
    id: r.id,
    contractNumber: r.contract_number,
    status: r.status,
    tariffCode: r.tariff_code,
    startDate: dateText(r.start_date),
    endDate: dateText(r.end_date),
    contractAccountId: r.contract_account_id,
    meterId: r.meter_id ?? null,
    createdAt: new Date(r.created_at),
  };
}

function todayOf(deps: CareDeps): string {
  if (deps.today) return deps.today();
  if (deps.engine) return todayInGermany(new Date(deps.engine.engine.clock.now()));
  return todayInGermany(new Date());
}

/** The context a kind's checks see: customer, contract, account and today. */
export async function careContext(deps: CareDeps, def: CareKindDefinition, customerNumber: string, body: Record<string, unknown>) {
  const customer = await loadCustomer(deps, customerNumber);
  validate(def, body);
  const contract = typeof body.contractId === 'string' ? await loadContract(deps, customer, body.contractId) : undefined;
  let accountId = contract?.contractAccountId ?? null;
  if (!accountId) {
    const accounts = await deps.db('contract_accounts').where({ customer_id: customer.id }).select('id');
    if (accounts.length === 1) accountId = accounts[0].id as string;
  }
  const ctx: CareContext = { db: deps.db, settings: deps.settings, today: todayOf(deps), customer, contract, accountId };
  return ctx;
}

export async function startCareCase(deps: CareDeps, input: StartCareCase): Promise<StartedCareCase> {
  const def = careKind(input.kind);
  if (!def) throw new InputError([{ field: 'kind', message: `is not a care kind of this product` }]);
  if (input.channel === 'portal' && !def.portal) throw new CareError('refused', 'This request is not offered in self-service', 'kind');
  const body = input.body;
  // A retry answers the case of the first request before the checks: by now that case may have done
  // what it was asked (the new mandate active), and the same checks would refuse the retry.
  const earlier = input.idempotencyKey ? await caseOfIdempotencyKey(deps.db, input.idempotencyKey) : undefined;
  if (earlier?.processInstanceKey) {
    const customer = await loadCustomer(deps, input.customerNumber);
    assertSameRequest(earlier, { customerId: customer.id, kind: def.kind });
    return startedOf(earlier, earlier.processInstanceKey, earlier.status);
  }
  const ctx = await careContext(deps, def, input.customerNumber, body);
  await def.check?.(ctx, body);

  const { careCase, created } = await openCareCase(deps.db, {
    customerId: ctx.customer.id,
    contractId: ctx.contract?.id ?? null,
    accountId: ctx.accountId,
    kind: def.kind,
    channel: input.channel,
    requestedBy: input.requestedBy,
    request: body,
    idempotencyKey: input.idempotencyKey,
  });
  // A retry finds its case. Its start is repeated only when the first one was cut off (no key after
  // a minute), so two retries at once do not both start a process.
  const cutOff = Date.now() - careCase.createdAt.getTime() > START_CUT_OFF_MS;
  if (!created && (careCase.processInstanceKey || !cutOff)) return startedOf(careCase, careCase.processInstanceKey, careCase.status);
  const variables = {
    careCaseId: careCase.id,
    caseNumber: careCase.caseNumber,
    customerId: ctx.customer.id,
    customerNumber: ctx.customer.customerNumber,
    contractId: ctx.contract?.id ?? null,
    accountId: ctx.accountId,
    kind: def.kind,
    channel: input.channel,
    ...(def.variables?.(ctx, body) ?? {}),
  };
  const processInstanceKey = await startProcess(deps, def.processId, variables);
  await attachCareProcess(deps.db, careCase.id, processInstanceKey);
  await recordCareEvent(deps.db, careCase.id, {
    actor: input.requestedBy,
    action: 'process-started',
    detail: { processId: def.processId, processInstanceKey },
  });
  const now = await getCareCase(deps.db, careCase.id);
  return startedOf(careCase, processInstanceKey, now?.status ?? 'open');
}

function startedOf(careCase: CareCase, processInstanceKey: StartedCareCase['processInstanceKey'], status: string): StartedCareCase {
  return { caseId: careCase.id, caseNumber: careCase.caseNumber, processInstanceKey, status };
}

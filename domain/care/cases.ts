/**
 * Care cases: the record of one change a case worker or a customer asked for, and its audit trail.
 * A case is opened before its process starts (with the validated request), gets the process
 * instance's key, and is closed once by the process's last step. Nothing here changes customer
 * data: the process's workers do, and record what they did as events.
 */
import type { Knex } from 'knex';
import type { Database } from '../../db';
import { jsonColumn } from '../shared/db';
import { CareError } from './errors';

export type CareChannel = 'caseworker' | 'portal' | 'system';
export type CareStatus = 'open' | 'completed' | 'rejected' | 'cancelled';
type Db = Database | Knex.Transaction;

export interface CareCase {
  id: string;
  caseNumber: string;
  customerId: string;
  contractId: string | null;
  accountId: string | null;
  kind: string;
  channel: CareChannel;
  requestedBy: string;
  request: Record<string, unknown>;
  status: CareStatus;
  result: Record<string, unknown> | null;
  reason: string | null;
  processInstanceKey: string | null;
  createdAt: Date;
  completedAt: Date | null;
}

export interface CareCaseEvent {
  id: string;
  at: Date;
  actor: string;
  action: string;
  detail: Record<string, unknown> | null;
}

export interface OpenCareCase {
  customerId: string;
  contractId?: string | null;
  accountId?: string | null;
  kind: string;
  channel: CareChannel;
  requestedBy: string;
  request: Record<string, unknown>;
  /** The same key opens no second case: the first one is answered. */
  idempotencyKey?: string;
}

type Row = Record<string, unknown>;

function toCase(r: Row): CareCase {
  return {
    id: r.id as string,
    caseNumber: r.case_number as string,
    customerId: r.customer_id as string,
    contractId: (r.contract_id as string | null) ?? null,
    accountId: (r.account_id as string | null) ?? null,
    kind: r.kind as string,
    channel: r.channel as CareChannel,
    requestedBy: r.requested_by as string,
    request: jsonColumn<Record<string, unknown>>(r.request),
    status: r.status as CareStatus,
    result: r.result == null ? null : jsonColumn<Record<string, unknown>>(r.result),
    reason: (r.reason as string | null) ?? null,
    processInstanceKey: (r.process_instance_key as string | null) ?? null,
    createdAt: new Date(r.created_at as string),
    completedAt: r.completed_at ? new Date(r.completed_at as string) : null,
  };
}

/** The case opened earlier with this idempotency key, if any. */
export async function caseOfIdempotencyKey(db: Database, idempotencyKey: string): Promise<CareCase | undefined> {
  const row = (await db('care_cases').where({ idempotency_key: idempotencyKey }).first()) as Row | undefined;
  return row ? toCase(row) : undefined;
}

/** A retry must be the same request: an idempotency key used for another customer or kind is a conflict. */
export function assertSameRequest(found: CareCase, request: { customerId: string; kind: string }): CareCase {
  if (found.customerId !== request.customerId || found.kind !== request.kind) {
    throw new CareError('conflict', 'This Idempotency-Key was used for another request', 'Idempotency-Key');
  }
  return found;
}

/** Opens a case with its first event, or finds the one opened with the same idempotency key. */
export async function openCareCase(db: Database, input: OpenCareCase): Promise<{ careCase: CareCase; created: boolean }> {
  return db.transaction(async (trx) => {
    const inserted = (await trx('care_cases')
      .insert({
        customer_id: input.customerId,
        contract_id: input.contractId ?? null,
        account_id: input.accountId ?? null,
        kind: input.kind,
        channel: input.channel,
        requested_by: input.requestedBy,
        request: JSON.stringify(input.request),
        idempotency_key: input.idempotencyKey ?? null,
      })
      .onConflict('idempotency_key')
      .ignore()
      .returning('*')) as Row[];
    if (inserted.length === 0) {
      return { careCase: assertSameRequest((await caseOfIdempotencyKey(trx, input.idempotencyKey!))!, input), created: false };
    }
    const careCase = toCase(inserted[0]);
    await recordCareEvent(trx, careCase.id, {
      actor: input.requestedBy,
      action: 'opened',
      detail: { kind: input.kind, channel: input.channel, request: input.request },
    });
    return { careCase, created: true };
  });
}

/** Stores the key of the case's process instance (once; a second start of the same case is refused earlier). */
export async function attachCareProcess(db: Db, caseId: string, processInstanceKey: string): Promise<void> {
  await db('care_cases').where({ id: caseId }).whereNull('process_instance_key').update({ process_instance_key: processInstanceKey });
}

export async function recordCareEvent(
  db: Db,
  caseId: string,
  event: { actor: string; action: string; detail?: Record<string, unknown> },
): Promise<void> {
  await db('care_case_events').insert({
    care_case_id: caseId,
    actor: event.actor,
    action: event.action,
    detail: event.detail === undefined ? null : JSON.stringify(event.detail),
  });
}

/** Closes an open case with its outcome; a retried close (or a second one) leaves the first outcome. */
export async function completeCareCase(
  db: Database,
  caseId: string,
  outcome: { status: Exclude<CareStatus, 'open'>; result?: Record<string, unknown>; reason?: string; actor?: string },
): Promise<CareCase> {
  return db.transaction(async (trx) => {
    const closed = (await trx('care_cases')
      .where({ id: caseId, status: 'open' })
      .update({
        status: outcome.status,
        result: outcome.result === undefined ? null : JSON.stringify(outcome.result),
        reason: outcome.reason ?? null,
        completed_at: trx.fn.now(),
      })
      .returning('*')) as Row[];
    if (closed.length > 0) {
      await recordCareEvent(trx, caseId, {
        actor: outcome.actor ?? 'process',
        action: outcome.status,
        detail: { ...(outcome.reason ? { reason: outcome.reason } : {}), ...(outcome.result ? { result: outcome.result } : {}) },
      });
      return toCase(closed[0]);
    }
    const row = (await trx('care_cases').where({ id: caseId }).first()) as Row | undefined;
    if (!row) throw new CareError('not_found', `No care case ${caseId}`);
    return toCase(row);
  });
}

export async function getCareCase(db: Db, id: string): Promise<CareCase | undefined> {
  const row = (await db('care_cases').where({ id }).first()) as Row | undefined;
  return row && toCase(row);
}

/** A customer's cases, newest first. */
export async function careCasesOf(db: Db, customerId: string, limit = 200): Promise<CareCase[]> {
  const rows = (await db('care_cases').where({ customer_id: customerId }).orderBy('created_at', 'desc').limit(limit)) as Row[];
  return rows.map(toCase);
}

export async function careCaseEvents(db: Db, caseId: string): Promise<CareCaseEvent[]> {
  const rows = (await db('care_case_events').where({ care_case_id: caseId }).orderBy('id')) as Row[];
  return rows.map((r) => ({
    id: String(r.id),
    at: new Date(r.at as string),
    actor: r.actor as string,
    action: r.action as string,
    detail: r.detail == null ? null : jsonColumn<Record<string, unknown>>(r.detail),
  }));
}

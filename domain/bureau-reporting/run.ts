/**
 * A reporting run in two steps, so that a crash or a retry never reports a claim twice:
 * 1. `prepareDeliveries`: in one transaction, find the claims to report (./claims.ts, set-based),
 *    decide per bureau (./eligibility.ts), and store the deliveries with their exact payload and
 *    records, pending. A claim has at most one record per bureau and period.
 * 2. `pendingDeliveries` / `recordAnswer`: the worker sends each pending delivery (under its
 *    delivery id, so a resend after a crash is recognised by the bureau) and stores the answer.
 */
import type { Knex } from 'knex';
import type { Database } from '../../db';
import type { IsoDate } from '../shared/dates';
import { loadClaims, reportedStates, stateKey } from './claims';
import { decide, type ReportingRules } from './eligibility';
import { deliveryMessage, recordOf, type DeliveryAnswer, type ReportingBureau, type ReportRecord } from './formats';

export interface PrepareInput {
  period: string;
  reportDate: IsoDate;
  bureaus: ReportingBureau[];
  rules: ReportingRules;
  memberNumber: string;
  batchSize: number;
  processInstanceKey?: string;
}

export interface PrepareResult {
  deliveries: number;
  records: number;
  newRecords: number;
  updates: number;
}

export async function prepareDeliveries(db: Database, input: PrepareInput): Promise<PrepareResult> {
  return db.transaction(async (trx) => {
    // One run of a period at a time: a second waits and then finds the claims already taken.
    await trx.raw(`LOCK TABLE bureau_report_records IN SHARE ROW EXCLUSIVE MODE`);
    const claims = await loadClaims(trx, input.reportDate, input.rules.minNotices);
    const { lastAccepted, inPeriod } = await reportedStates(trx, input.period);
    const result: PrepareResult = { deliveries: 0, records: 0, newRecords: 0, updates: 0 };
    for (const bureau of input.bureaus) {
      const chosen: { record: ReportRecord; caseId: string; accountId: string }[] = [];
      for (const facts of claims) {
        const key = stateKey(bureau, facts.caseId);
        if (inPeriod.has(key)) continue;
        const decision = decide(facts, lastAccepted.get(key), input.reportDate, input.rules);
        if (!decision) continue;
        chosen.push({
          record: recordOf(facts, decision.recordType, decision.state, input.reportDate),
          caseId: facts.caseId,
          accountId: facts.contractAccountId,
        });
      }
      const existing = Number(
        ((await trx('bureau_report_deliveries').where({ bureau, period: input.period }).count('* as n')) as { n: string | number }[])[0].n,
      );
      for (let i = 0; i < chosen.length; i += input.batchSize) {
        const batch = chosen.slice(i, i + input.batchSize);
        const deliveryId = `bureau-report:${bureau}:${input.period}:${existing + 1 + i / input.batchSize}`;
        await storeDelivery(trx, bureau, input, deliveryId, batch);
        result.deliveries += 1;
        result.records += batch.length;
        for (const c of batch) result[c.record.recordType === 'new' ? 'newRecords' : 'updates'] += 1;
      }
    }
    return result;
  });
}

async function storeDelivery(
  trx: Knex.Transaction,
  bureau: ReportingBureau,
  input: PrepareInput,
  deliveryId: string,
  batch: { record: ReportRecord; caseId: string; accountId: string }[],
): Promise<void> {
  const message = deliveryMessage(bureau, {
    deliveryId,
    memberNumber: input.memberNumber,
    period: input.period,
    reportDate: input.reportDate,
    records: batch.map((c) => c.record),
  });
  const [delivery] = (await trx('bureau_report_deliveries')
    .insert({
      delivery_key: deliveryId,
      bureau,
      period: input.period,
      report_date: input.reportDate,
      record_count: batch.length,
      content_type: message.contentType,
      payload: message.body,
      run_process_instance_key: input.processInstanceKey ?? null,
    })
    .returning('id')) as { id: string }[];
  for (let i = 0; i < batch.length; i += 1000)
    await trx('bureau_report_records').insert(
      batch.slice(i, i + 1000).map((c) => ({
        delivery_id: delivery.id,
        bureau,
        period: input.period,
        contract_account_id: c.accountId,
        case_id: c.caseId,
        record_type: c.record.recordType,
        claim_status: c.record.state.status,
        open_cents: c.record.state.openCents,
        written_off_cents: c.record.state.writtenOffCents,
        dunning_level: c.record.state.dunningLevel,
      })),
    );
}

export interface PendingDelivery {
  id: string;
  deliveryKey: string;
  bureau: ReportingBureau;
  period: string;
  contentType: string;
  payload: string;
}

/** Deliveries prepared and not yet answered, oldest first (a retried run sends them again). */
export async function pendingDeliveries(db: Database, period?: string): Promise<PendingDelivery[]> {
  const q = db('bureau_report_deliveries').where({ status: 'pending' });
  if (period) q.andWhere({ period });
  const rows = (await q
    .orderBy('created_at')
    .orderBy('delivery_key')
    .select('id', 'delivery_key', 'bureau', 'period', 'content_type', 'payload')) as {
    id: string;
    delivery_key: string;
    bureau: ReportingBureau;
    period: string;
    content_type: string;
    payload: string;
  }[];
  return rows.map((r) => ({
    id: r.id,
    deliveryKey: r.delivery_key,
    bureau: r.bureau,
    period: r.period,
    contentType: r.content_type,
    payload: r.payload,
  }));
}

/** Counts an attempt before the delivery goes out: the log shows resends. */
export async function markSending(db: Database, deliveryId: string, sentAt: Date): Promise<void> {
  await db('bureau_report_deliveries').where({ id: deliveryId }).increment('attempts', 1).update({ sent_at: sentAt });
}

export interface AnswerInput {
  status: number;
  body: string;
  /** The parsed answer of a 200; undefined for a refusal or an unreadable answer. */
  answer?: DeliveryAnswer;
}

/**
 * Stores the bureau's answer: records the bureau accepted become the claim's last reported state;
 * a refused delivery (4xx, unreadable) leaves them rejected, so the next period tries again.
 */
export async function recordAnswer(db: Database, deliveryId: string, input: AnswerInput): Promise<{ accepted: number; rejected: number }> {
  return db.transaction(async (trx) => {
    const records = (await trx('bureau_report_records as r')
      .join('dunning_cases as c', 'c.id', 'r.case_id')
      .where('r.delivery_id', deliveryId)
      .select('r.id', 'c.case_number')) as { id: string; case_number: string }[];
    const results = new Map((input.answer?.records ?? []).map((r) => [r.reference, r]));
    const acceptedIds: string[] = [];
    const rejected: { id: string; error: string }[] = [];
    for (const r of records) {
      const res = results.get(r.case_number);
      if (input.status === 200 && res?.accepted === true) acceptedIds.push(r.id);
      else rejected.push({ id: r.id, error: res?.error ?? (input.status === 200 ? 'no result for this record' : `HTTP ${input.status}`) });
    }
    for (let i = 0; i < acceptedIds.length; i += 1000)
      await trx('bureau_report_records')
        .whereIn('id', acceptedIds.slice(i, i + 1000))
        .update({ status: 'accepted', error: null });
    // Refusals are few (a whole refused delivery shares one error).
    const byError = new Map<string, string[]>();
    for (const r of rejected) {
      const ids = byError.get(r.error) ?? [];
      ids.push(r.id);
      byError.set(r.error, ids);
    }
    for (const [error, ids] of byError)
      for (let i = 0; i < ids.length; i += 1000)
        await trx('bureau_report_records')
          .whereIn('id', ids.slice(i, i + 1000))
          .update({ status: 'rejected', error });
    const accepted = acceptedIds.length;
    await trx('bureau_report_deliveries')
      .where({ id: deliveryId })
      .update({
        status: rejected.length === 0 ? 'accepted' : accepted === 0 ? 'rejected' : 'partly_accepted',
        response_status: input.status,
        response_body: input.body,
        receipt_id: input.answer?.receiptId ?? null,
      });
    return { accepted, rejected: rejected.length };
  });
}

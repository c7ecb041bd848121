/**
 * Complaints (Beschwerden) of care cases: the subject and text, the time by which a case worker
 * should answer, when it went to a team lead, and the recorded answer. Each write is idempotent so
 * retried jobs change nothing twice; the first answer recorded is the answer.
 */
import type { Database } from '../../db';
import { recordCareEvent } from './cases';

export interface Complaint {
  careCaseId: string;
  contractId: string | null;
  subject: string;
  text: string;
  dueAt: string;
  escalatedAt: string | null;
  answer: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
}

type Row = Record<string, unknown>;
const ts = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

function toComplaint(r: Row): Complaint {
  return {
    careCaseId: r.care_case_id as string,
    contractId: (r.contract_id as string | null) ?? null,
    subject: r.subject as string,
    text: r.text as string,
    dueAt: ts(r.due_at)!,
    escalatedAt: ts(r.escalated_at),
    answer: (r.answer as string | null) ?? null,
    answeredBy: (r.answered_by as string | null) ?? null,
    answeredAt: ts(r.answered_at),
  };
}

export async function getComplaint(db: Database, careCaseId: string): Promise<Complaint | undefined> {
  const row = (await db('care_complaints').where({ care_case_id: careCaseId }).first()) as Row | undefined;
  return row ? toComplaint(row) : undefined;
}

/** Records the complaint with its due time; a second call returns the first record. */
export async function openComplaint(
  db: Database,
  input: { careCaseId: string; contractId?: string | null; subject: string; text: string; dueAt: Date },
): Promise<Complaint> {
  await db.transaction(async (trx) => {
    const inserted = (await trx('care_complaints')
      .insert({
        care_case_id: input.careCaseId,
        contract_id: input.contractId ?? null,
        subject: input.subject,
        text: input.text,
        due_at: input.dueAt,
      })
      .onConflict('care_case_id')
      .ignore()
      .returning('care_case_id')) as unknown[];
    if (inserted.length > 0)
      await recordCareEvent(trx, input.careCaseId, {
        actor: 'process',
        action: 'complaint-recorded',
        detail: { subject: input.subject, dueAt: input.dueAt.toISOString() },
      });
  });
  return (await getComplaint(db, input.careCaseId))!;
}

/** The due time passed without an answer: the complaint goes to a team lead (once). */
export async function escalateComplaint(db: Database, careCaseId: string, at: Date): Promise<Complaint> {
  await db.transaction(async (trx) => {
    const n = await trx('care_complaints')
      .where({ care_case_id: careCaseId })
      .whereNull('escalated_at')
      .whereNull('answer')
      .update({ escalated_at: at });
    if (n > 0)
      await recordCareEvent(trx, careCaseId, { actor: 'process', action: 'complaint-escalated', detail: { at: at.toISOString() } });
  });
  const c = await getComplaint(db, careCaseId);
  if (!c) throw new Error(`complaint of case ${careCaseId} not found`);
  return c;
}

/** The answer, recorded once: a retry (or a late second answer) keeps the first. */
export async function answerComplaint(
  db: Database,
  careCaseId: string,
  input: { answer: string; answeredBy: string; at: Date },
): Promise<Complaint> {
  await db.transaction(async (trx) => {
    const n = await trx('care_complaints')
      .where({ care_case_id: careCaseId })
      .whereNull('answer')
      .update({ answer: input.answer, answered_by: input.answeredBy, answered_at: input.at });
    if (n > 0)
      await recordCareEvent(trx, careCaseId, { actor: input.answeredBy, action: 'complaint-answered', detail: { answer: input.answer } });
  });
  const c = await getComplaint(db, careCaseId);
  if (!c) throw new Error(`complaint of case ${careCaseId} not found`);
  return c;
}

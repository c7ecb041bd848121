/**
 * Claims of runs that start one process instance per case (the billing run, the statement's
 * clarifications and return debits): a rerun or a retried job starts no case twice. A claim whose
 * start a crash cut off (no instance key after a job's timeout) is taken over by the next run.
 */
import type { Database } from '../db';

/** Longer than a job's timeout (60 s): a claim this old without an instance was cut off by a crash. */
const STALE_CLAIM_MS = 120_000;

export async function claimProcessStart(db: Database, businessKey: string): Promise<boolean> {
  const inserted = (await db('process_starts')
    .insert({ business_key: businessKey })
    .onConflict('business_key')
    .ignore()
    .returning('business_key')) as unknown[];
  if (inserted.length > 0) return true;
  const takenOver = (await db('process_starts')
    .where({ business_key: businessKey })
    .whereNull('process_instance_key')
    .where('created_at', '<', new Date(Date.now() - STALE_CLAIM_MS))
    .update({ created_at: new Date() })
    .returning('business_key')) as unknown[];
  return takenOver.length > 0;
}

export async function recordProcessStart(db: Database, businessKey: string, processInstanceKey: string): Promise<void> {
  await db('process_starts').where({ business_key: businessKey }).update({ process_instance_key: processInstanceKey });
}

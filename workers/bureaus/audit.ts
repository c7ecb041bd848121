import { createHash } from 'node:crypto';
import type { Database } from '../../db';
import { PersonUnknownError } from './errors';
import type { BureauAdapter, BureauName, BureauResult, PersonQuery } from './types';

/** Same order, bureau and person data → same key; changed data (after DNB) → a new request. */
export function bureauRequestKey(orderId: string, bureau: BureauName, person: PersonQuery, prefix = 'order'): string {
  const { reference: _ignored, ...data } = person;
  const digest = createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 32);
  return `${prefix}:${orderId}:${bureau}:${digest}`;
}

/** Whom a bureau call is for: an order (its id), or a credit check asked on its own (the phone app). */
export type BureauSubject = string | { creditCheckId: string };

interface AnsweredRow {
  outcome: 'answered' | 'person_unknown';
  request: unknown;
  response: unknown;
  result: BureauResult | null;
}

const insertAnswer = `INSERT INTO bureau_requests (order_id, credit_check_id, bureau, request_key, outcome, request, response, result, duration_ms)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (request_key) WHERE outcome IN ('answered', 'person_unknown') DO NOTHING`;

/**
 * Asks a bureau once per order and person data, and keeps every call for audit. A retried job
 * gets the stored answer instead of a second (paid) request; failed calls are logged and rethrown.
 */
export async function checkWithAudit(
  db: Database,
  adapter: BureauAdapter,
  subject: BureauSubject,
  person: PersonQuery,
): Promise<BureauResult> {
  const creditCheckId = typeof subject === 'string' ? null : subject.creditCheckId;
  const orderId = typeof subject === 'string' ? subject : null;
  const id = orderId ?? creditCheckId!;
  const key = bureauRequestKey(id, adapter.name, person, orderId ? 'order' : 'credit-check');
  const stored = (await db('bureau_requests').where({ request_key: key }).whereIn('outcome', ['answered', 'person_unknown']).first()) as
    AnsweredRow | undefined;
  if (stored?.outcome === 'answered' && stored.result) return { ...stored.result, request: stored.request, raw: stored.response };
  if (stored?.outcome === 'person_unknown') throw new PersonUnknownError(adapter.name, stored.request, stored.response);

  const started = Date.now();
  try {
    const result = await adapter.check({ ...person, reference: person.reference ?? id });
    const { raw, request, ...normalised } = result;
    await db.raw(insertAnswer, [
      orderId,
      creditCheckId,
      adapter.name,
      key,
      'answered',
      json(request),
      json(raw),
      json(normalised),
      Date.now() - started,
    ]);
    return result;
  } catch (err) {
    if (err instanceof PersonUnknownError) {
      await db.raw(insertAnswer, [
        orderId,
        creditCheckId,
        adapter.name,
        key,
        'person_unknown',
        json(err.request),
        json(err.raw),
        null,
        Date.now() - started,
      ]);
    } else {
      await db('bureau_requests').insert({
        order_id: orderId,
        credit_check_id: creditCheckId,
        bureau: adapter.name,
        request_key: key,
        outcome: 'failed',
        request: json(person),
        error: (err as Error).message,
        duration_ms: Date.now() - started,
      });
    }
    throw err;
  }
}

/** jsonb parameters: strings (XML answers) must be encoded, or PostgreSQL reads them as JSON text. */
function json(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/**
 * Credit checks asked from the phone app: the query log. Every query names its purpose, the
 * legitimate interest of GDPR Art. 6(1)(f) (a bureau may only be asked for a reason), and keeps who
 * asked and when. The check itself runs in the process credit-check (the same bureaus and plan as an
 * order's); its result is written back here, where the app reads it.
 */
import type { Database } from '../../db';
import { CareError } from '../care/errors';
import { isValidIsoDate } from '../shared/dates';

export const CREDIT_CHECK_PURPOSES = ['contract_initiation', 'claim_review', 'business_relationship'] as const;
export type CreditCheckPurpose = (typeof CREDIT_CHECK_PURPOSES)[number];

/** German names of the purposes, as the log and the app show them. */
export const purposeLabels: Record<CreditCheckPurpose, string> = {
  contract_initiation: 'Vertragsanbahnung',
  claim_review: 'Forderungsprüfung',
  business_relationship: 'Bestehende Geschäftsbeziehung',
};

export type TrafficLight = 'green' | 'yellow' | 'red';

export interface CheckedPerson {
  firstName: string;
  lastName: string;
  /** YYYY-MM-DD: every bureau identifies a consumer by name, birth date and address. */
  birthDate: string;
  address: { street: string; houseNumber: string; postalCode: string; city: string };
}

export interface BureauLine {
  bureau: string;
  outcome: 'answered' | 'person_unknown' | 'unavailable';
  score?: number;
  trafficLight?: TrafficLight;
  fraudSuspicion?: boolean;
}

export interface CreditCheck {
  id: string;
  requestedBy: string;
  purpose: CreditCheckPurpose;
  subject: CheckedPerson;
  status: 'pending' | 'completed' | 'failed';
  /** The worst answer decides, as in an order's check; null while pending or when nobody knows the person. */
  trafficLight: TrafficLight | null;
  score: number | null;
  fraudSuspicion: boolean | null;
  personUnknown: boolean | null;
  results: BureauLine[];
  processInstanceKey: string | null;
  createdAt: Date;
  completedAt: Date | null;
}

interface Row {
  id: string;
  requested_by: string;
  purpose: CreditCheckPurpose;
  subject: CheckedPerson | string;
  status: CreditCheck['status'];
  traffic_light: TrafficLight | null;
  score: number | null;
  fraud_suspicion: boolean | null;
  person_unknown: boolean | null;
  results: BureauLine[] | string | null;
  process_instance_key: string | null;
  created_at: Date | string;
  completed_at: Date | string | null;
}

const parsed = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

function toCheck(r: Row): CreditCheck {
  return {
    id: r.id,
    requestedBy: r.requested_by,
    purpose: r.purpose,
    subject: parsed(r.subject),
    status: r.status,
    trafficLight: r.traffic_light,
    score: r.score,
    fraudSuspicion: r.fraud_suspicion,
    personUnknown: r.person_unknown,
    results: r.results ? parsed(r.results) : [],
    processInstanceKey: r.process_instance_key,
    createdAt: new Date(r.created_at),
    completedAt: r.completed_at ? new Date(r.completed_at) : null,
  };
}

const trimmed = (v: string) => v.trim().replace(/\s+/g, ' ');

/** The business checks beyond the request schema: a real purpose, a real birth date in the past. */
export function validateCreditCheck(input: { purpose: string; person: CheckedPerson; today: string }): void {
  if (!(CREDIT_CHECK_PURPOSES as readonly string[]).includes(input.purpose))
    throw new CareError('invalid', `must be one of ${CREDIT_CHECK_PURPOSES.join(', ')} (GDPR Art. 6(1)(f))`, 'purpose');
  const p = input.person;
  if (!isValidIsoDate(p.birthDate)) throw new CareError('invalid', 'must be a date YYYY-MM-DD', 'person.birthDate');
  if (p.birthDate >= input.today) throw new CareError('invalid', 'must be in the past', 'person.birthDate');
  if (!/^\d{5}$/.test(p.address.postalCode.trim()))
    throw new CareError('invalid', 'must be a German postal code (5 digits)', 'person.address.postalCode');
  for (const [field, value] of [
    ['person.firstName', p.firstName],
    ['person.lastName', p.lastName],
    ['person.address.street', p.address.street],
    ['person.address.houseNumber', p.address.houseNumber],
    ['person.address.city', p.address.city],
  ] as const) {
    if (!value.trim()) throw new CareError('invalid', 'must not be empty', field);
  }
}

/** Logs the query before any bureau is asked: no bureau call without its purpose on record. */
export async function logCreditCheck(
  db: Database,
  input: { requestedBy: string; purpose: CreditCheckPurpose; person: CheckedPerson; today: string },
): Promise<CreditCheck> {
  validateCreditCheck(input);
  const p = input.person;
  const subject: CheckedPerson = {
    firstName: trimmed(p.firstName),
    lastName: trimmed(p.lastName),
    birthDate: p.birthDate,
    address: {
      street: trimmed(p.address.street),
      houseNumber: trimmed(p.address.houseNumber),
      postalCode: p.address.postalCode.trim(),
      city: trimmed(p.address.city),
    },
  };
  const [row] = (await db('credit_checks')
    .insert({ requested_by: input.requestedBy, purpose: input.purpose, subject: JSON.stringify(subject) })
    .returning('*')) as Row[];
  return toCheck(row);
}

export async function attachCreditCheckProcess(db: Database, id: string, processInstanceKey: string): Promise<void> {
  await db('credit_checks').where({ id }).whereNull('process_instance_key').update({ process_instance_key: processInstanceKey });
}

export async function getCreditCheck(db: Database, id: string): Promise<CreditCheck | undefined> {
  const row = (await db('credit_checks').where({ id }).first()) as Row | undefined;
  return row && toCheck(row);
}

/** A user's log, newest first. */
export async function creditChecksOf(db: Database, requestedBy: string, limit = 50): Promise<CreditCheck[]> {
  const rows = (await db('credit_checks').where({ requested_by: requestedBy }).orderBy('created_at', 'desc').limit(limit)) as Row[];
  return rows.map(toCheck);
}

/**
 * The bureaus' answers summed up: the worst score and its light count (as for an order), fraud if
 * any bureau suspects it, "unknown" when no bureau knows the person. Pure.
 */
export function summarise(results: BureauLine[]): {
  trafficLight: TrafficLight | null;
  score: number | null;
  fraudSuspicion: boolean;
  personUnknown: boolean;
} {
  const answered = results.filter((r) => r.outcome === 'answered' && typeof r.score === 'number');
  const worst = answered.reduce<BureauLine | undefined>((w, r) => (!w || r.score! < w.score! ? r : w), undefined);
  const fraudSuspicion = answered.some((r) => r.fraudSuspicion === true);
  return {
    // A fraud suspicion is red whatever the score says.
    trafficLight: fraudSuspicion ? 'red' : (worst?.trafficLight ?? null),
    score: worst?.score ?? null,
    fraudSuspicion,
    personUnknown: answered.length === 0 && results.some((r) => r.outcome === 'person_unknown'),
  };
}

/** The check could not be started (the engine refused): the log keeps the query, marked failed. */
export async function failCreditCheck(db: Database, id: string): Promise<void> {
  await db('credit_checks').where({ id, status: 'pending' }).update({ status: 'failed', completed_at: db.fn.now() });
}

/** Writes the result once; a retried job finds the check completed and changes nothing. */
export async function completeCreditCheck(db: Database, id: string, results: BureauLine[]): Promise<CreditCheck> {
  const s = summarise(results);
  await db('credit_checks')
    .where({ id, status: 'pending' })
    .update({
      status: 'completed',
      traffic_light: s.trafficLight,
      score: s.score,
      fraud_suspicion: s.fraudSuspicion,
      person_unknown: s.personUnknown,
      results: JSON.stringify(results),
      completed_at: db.fn.now(),
    });
  const c = await getCreditCheck(db, id);
  if (!c) throw new CareError('not_found', `No credit check ${id}`);
  return c;
}

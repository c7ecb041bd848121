/**
 * Termination (Kündigung) by the customer: the end date the tariff allows, and its booking.
 *
 * The earliest end is the later of: the notice period (tariffs.notice_period_days) counted from the
 * day the termination was received, and the end of the minimum term (tariffs.minimum_term_months
 * from the supply start). A wished end date before that is refused, naming the earliest possible
 * date; no end date means the earliest. §41b (1) EnWG: the supplier confirms a termination in
 * text form within one week of receipt (`confirmationDeadline`).
 */
import type { Database } from '../../db';
import { CareError } from '../care/errors';
import { addDays, addMonths, isoDate, isValidIsoDate, maxDate } from '../shared/dates';
import { endContract, type ContractView } from './repository';

/** §41b (1) EnWG: the confirmation within one week. */
export const CONFIRMATION_DAYS = 7;

/** 31.12.2027 */
export function germanDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

export interface TerminationTerms {
  startDate: string;
  minimumTermMonths: number;
  noticePeriodDays: number;
}

export interface EarliestEnd {
  earliest: string;
  /** Last day of the minimum term; null without one. */
  minimumTermEnd: string | null;
  /** receivedOn + notice period. */
  noticeEnd: string;
}

/** The earliest end date of a termination received on `receivedOn` (pure). */
export function earliestTerminationDate(terms: TerminationTerms, receivedOn: string): EarliestEnd {
  const minimumTermEnd = terms.minimumTermMonths > 0 ? addDays(addMonths(terms.startDate, terms.minimumTermMonths), -1) : null;
  const noticeEnd = addDays(receivedOn, terms.noticePeriodDays);
  return { earliest: maxDate(maxDate(noticeEnd, minimumTermEnd ?? noticeEnd), terms.startDate), minimumTermEnd, noticeEnd };
}

/**
 * The end date of a termination: the wished one if the terms allow it, else refused with the
 * earliest possible date in the message (field endDate); none wished: the earliest.
 */
export function terminationEndDate(terms: TerminationTerms, receivedOn: string, wished?: string): string {
  const { earliest, minimumTermEnd, noticeEnd } = earliestTerminationDate(terms, receivedOn);
  if (wished === undefined) return earliest;
  if (!isValidIsoDate(wished)) throw new CareError('invalid', 'Datum im Format JJJJ-MM-TT erwartet', 'endDate');
  if (wished >= earliest) return wished;
  const why =
    minimumTermEnd && wished <= minimumTermEnd
      ? `die Mindestlaufzeit von ${terms.minimumTermMonths} Monaten endet am ${germanDate(minimumTermEnd)}`
      : `die Kündigungsfrist von ${terms.noticePeriodDays} Tagen endet am ${germanDate(noticeEnd)}`;
  throw new CareError(
    'refused',
    `Eine Kündigung zum ${germanDate(wished)} ist nicht möglich: ${why}. Frühestmöglicher Termin: ${germanDate(earliest)}`,
    'endDate',
  );
}

/** The confirmation's deadline: one week after receipt (§41b (1) EnWG). */
export function confirmationDeadline(receivedOn: string): string {
  return addDays(receivedOn, CONFIRMATION_DAYS);
}

/** The contract's terms as the termination rules need them; refuses a contract that cannot be terminated. */
export async function terminationTermsOf(db: Database, contractId: string): Promise<TerminationTerms & { contractNumber: string }> {
  const c = (await db('contracts as c')
    .join('tariffs as t', 't.code', 'c.tariff_code')
    .where('c.id', contractId)
    .first('c.contract_number', 'c.status', 'c.start_date', 'c.end_date', 't.notice_period_days', 't.minimum_term_months')) as
    Record<string, any> | undefined;
  if (!c) throw new CareError('not_found', 'Vertrag nicht gefunden', 'contractId');
  if (c.status === 'terminated' && c.end_date)
    throw new CareError('refused', `Vertrag ${c.contract_number} ist bereits zum ${germanDate(isoDate(c.end_date))} beendet`, 'contractId');
  if (c.status !== 'active' || !c.start_date)
    throw new CareError(
      'refused',
      c.status === 'pending'
        ? `Die Belieferung aus Vertrag ${c.contract_number} hat noch nicht begonnen; gekündigt werden kann ab Lieferbeginn (innerhalb von 14 Tagen nach Vertragsschluss ist ein Widerruf möglich)`
        : `Vertrag ${c.contract_number} ist ${c.status} und kann nicht gekündigt werden`,
      'contractId',
    );
  return {
    contractNumber: c.contract_number,
    startDate: isoDate(c.start_date),
    minimumTermMonths: Number(c.minimum_term_months ?? 0),
    noticePeriodDays: Number(c.notice_period_days ?? 0),
  };
}

/**
 * Works out the end date (terminationEndDate) and books the end of supply. Idempotent: a contract
 * this termination ended already answers with its end date.
 */
export async function terminateContract(
  db: Database,
  input: { contractId: string; receivedOn: string; wishedEndDate?: string },
): Promise<{ endDate: string; contract: ContractView }> {
  const c = (await db('contracts').where({ id: input.contractId }).first('status', 'end_reason', 'end_date')) as
    Record<string, any> | undefined;
  if (c?.status === 'terminated' && c.end_reason === 'termination' && c.end_date) {
    const endDate = isoDate(c.end_date);
    return { endDate, contract: await endContract(db, input.contractId, endDate, 'termination') };
  }
  const endDate = terminationEndDate(await terminationTermsOf(db, input.contractId), input.receivedOn, input.wishedEndDate);
  return { endDate, contract: await endContract(db, input.contractId, endDate, 'termination') };
}

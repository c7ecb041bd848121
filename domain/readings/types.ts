/** Meter readings (Zählerstände). Values are kWh as decimal strings (3 decimals, Wh). */
import type { ReadingKind } from '../billing/types';

/** Who read the meter: the customer, a case worker (e.g. from a phone call), the meter operator, or us (estimate). */
export type ReadingSource = 'customer' | 'case_worker' | 'meter_operator' | 'estimate';
export const readingSources: readonly ReadingSource[] = ['customer', 'case_worker', 'meter_operator', 'estimate'];

/** pending (in the plausibility check) | plausible | implausible (a case worker decides) | accepted | rejected */
export type ReadingStatus = 'pending' | 'plausible' | 'implausible' | 'accepted' | 'rejected';
export const readingStatuses: readonly ReadingStatus[] = ['pending', 'plausible', 'implausible', 'accepted', 'rejected'];

/** Readings a bill or a later reading may rely on. */
export const validStatuses: readonly ReadingStatus[] = ['plausible', 'accepted'];

export interface MeterReading {
  id: string;
  businessKey: string;
  meterId: string;
  contractId: string | null;
  readingDate: string;
  valueKwh: string;
  source: ReadingSource;
  status: ReadingStatus;
  note: string | null;
  decidedBy: string | null;
}

export class ReadingError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ReadingError';
  }
}

/** How the bill names a reading's origin (§40 EnWG): an operator's or case worker's reading counts as read. */
export function readingKindOf(source: ReadingSource): ReadingKind {
  switch (source) {
    case 'meter_operator':
    case 'case_worker':
      return 'read';
    case 'customer':
      return 'customer';
    case 'estimate':
      return 'estimated';
  }
}

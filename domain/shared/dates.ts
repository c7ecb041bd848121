/**
 * ISO calendar dates ('YYYY-MM-DD') without time zones. pg/PGlite return DATE columns as a JS
 * Date at LOCAL midnight, so `isoDate` reads the local Y/M/D; all arithmetic runs on UTC day
 * numbers, where a day is always 86,400,000 ms (no daylight-saving surprises).
 */
export type IsoDate = string;

const isoPattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const dayMs = 86_400_000;

export class DateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DateError';
  }
}

/** True for a real calendar date written 'YYYY-MM-DD' (rejects 2023-02-29). */
export function isValidIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = isoPattern.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** A DATE column value (local-midnight Date) or an ISO string to 'YYYY-MM-DD'. */
export function isoDate(v: Date | string): IsoDate {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw new DateError('invalid Date');
    return `${String(v.getFullYear()).padStart(4, '0')}-${pad(v.getMonth() + 1)}-${pad(v.getDate())}`;
  }
  // Accept a timestamp string's date part ('2024-04-01T00:00:00Z'), never reinterpret its zone.
  const text = v.length > 10 && v[10] === 'T' ? v.slice(0, 10) : v;
  if (!isValidIsoDate(text)) throw new DateError(`not a date 'YYYY-MM-DD': ${JSON.stringify(v)}`);
  return text;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** Calendar months; a day beyond the target month's end is clamped (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const ty = Math.floor(index / 12);
  const tm = index - ty * 12 + 1;
  return `${String(ty).padStart(4, '0')}-${pad(tm)}-${pad(Math.min(d, daysInMonth(ty, tm)))}`;
}

/** Days from `from` to `to`, both counted: 2024-01-01..2024-01-01 is 1. */
export function daysBetweenInclusive(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from) + 1;
}

/** Days elapsed from `from` to `to` (to − from): 2024-01-01 → 2024-01-02 is 1. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

/** ISO dates compare as strings; named for readability at call sites. */
export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}

/** Today in local time, for defaults at the edges (domain functions take dates as input). */
export function today(): IsoDate {
  return isoDate(new Date());
}

function parts(date: IsoDate): [number, number, number] {
  const m = isoPattern.exec(date);
  if (!m || !isValidIsoDate(date)) throw new DateError(`not a date 'YYYY-MM-DD': ${JSON.stringify(date)}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function dayNumber(date: IsoDate): number {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d) / dayMs;
}

function fromDayNumber(n: number): IsoDate {
  const dt = new Date(n * dayMs);
  return `${String(dt.getUTCFullYear()).padStart(4, '0')}-${pad(dt.getUTCMonth() + 1)}-${pad(dt.getUTCDate())}`;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

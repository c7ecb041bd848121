/**
 * Banking and working-day calendar on ISO dates ('YYYY-MM-DD'). All arithmetic is done on UTC
 * dates so the host's time zone never shifts a day.
 */
import { getHolidays } from 'feiertagejs';

/** German federal states as feiertagejs names them ('BUND' = nationwide holidays only). */
export type GermanState =
  'BW' | 'BY' | 'BE' | 'BB' | 'HB' | 'HE' | 'HH' | 'MV' | 'NI' | 'NW' | 'RP' | 'SL' | 'SN' | 'ST' | 'SH' | 'TH' | 'BUND';

export class CalendarError extends Error {
  override name = 'CalendarError';
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function toUtc(iso: string): Date {
  const m = ISO_DATE.exec(iso);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!d || d.toISOString().slice(0, 10) !== iso) throw new CalendarError(`not an ISO date (YYYY-MM-DD): ${iso}`);
  return d;
}

function fromUtc(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function isIsoDate(iso: string): boolean {
  try {
    toUtc(iso);
    return true;
  } catch {
    return false;
  }
}

/** Adds calendar days. */
export function addDays(iso: string, days: number): string {
  return fromUtc(new Date(toUtc(iso).getTime() + days * DAY_MS));
}

function isWeekend(d: Date): boolean {
  const wd = d.getUTCDay();
  return wd === 0 || wd === 6;
}

/** Easter Sunday (Gregorian), anonymous algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const target2Cache = new Map<number, Set<string>>();

/** TARGET2 closing days of a year besides weekends: 1 Jan, Good Friday, Easter Monday, 1 May, 25 and 26 Dec. */
export function target2Holidays(year: number): ReadonlySet<string> {
  let days = target2Cache.get(year);
  if (!days) {
    const easter = easterSunday(year);
    days = new Set([`${year}-01-01`, addDays(easter, -2), addDays(easter, 1), `${year}-05-01`, `${year}-12-25`, `${year}-12-26`]);
    target2Cache.set(year, days);
  }
  return days;
}

export function isTarget2BusinessDay(iso: string): boolean {
  const d = toUtc(iso);
  return !isWeekend(d) && !target2Holidays(d.getUTCFullYear()).has(iso);
}

/**
 * The first TARGET2 business day on or after `iso` when `minBusinessDaysAhead` is 0; otherwise the
 * day that lies that many business days after `iso` (e.g. D-1 submission lead times).
 */
export function nextTarget2BusinessDay(iso: string, minBusinessDaysAhead = 0): string {
  if (!Number.isSafeInteger(minBusinessDaysAhead) || minBusinessDaysAhead < 0) {
    throw new CalendarError(`minBusinessDaysAhead must be a whole number >= 0: ${minBusinessDaysAhead}`);
  }
  let day = iso;
  if (minBusinessDaysAhead === 0) {
    while (!isTarget2BusinessDay(day)) day = addDays(day, 1);
    return day;
  }
  for (let left = minBusinessDaysAhead; left > 0;) {
    day = addDays(day, 1);
    if (isTarget2BusinessDay(day)) left--;
  }
  return day;
}

const germanCache = new Map<string, Set<string>>();

/** Public holidays of a state in a year, as ISO dates. */
export function germanHolidays(year: number, state: GermanState = 'BW'): ReadonlySet<string> {
  const key = `${year}:${state}`;
  let days = germanCache.get(key);
  if (!days) {
    // feiertagejs dates are noon UTC; its dateString uses local fields and is a day off east of UTC+12.
    days = new Set(getHolidays(year, state).map((h) => fromUtc(h.date)));
    germanCache.set(key, days);
  }
  return days;
}

/** Monday to Friday and not a public holiday in the state. */
export function isGermanWorkingDay(iso: string, state: GermanState = 'BW'): boolean {
  const d = toUtc(iso);
  return !isWeekend(d) && !germanHolidays(d.getUTCFullYear(), state).has(iso);
}

/**
 * Moves `n` working days from `iso` (the start day itself is not counted; negative `n` goes back).
 * `n` = 0 returns `iso` unchanged.
 */
export function addGermanWorkingDays(iso: string, n: number, state: GermanState = 'BW'): string {
  if (!Number.isSafeInteger(n)) throw new CalendarError(`n must be a whole number: ${n}`);
  toUtc(iso);
  const step = n < 0 ? -1 : 1;
  let day = iso;
  for (let left = Math.abs(n); left > 0;) {
    day = addDays(day, step);
    if (isGermanWorkingDay(day, state)) left--;
  }
  return day;
}

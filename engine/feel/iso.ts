/**
 * ISO 8601 date-times and durations as Zeebe reads timer definitions: date-times need an offset
 * (java.time.ZonedDateTime.parse; a bare `[Zone]` is accepted too), durations combine a period
 * (years, months, weeks, days) with a time part, and calendar units are added in a time zone.
 */
import { Temporal } from 'temporal-polyfill';

export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  /** May have a fraction. */
  seconds: number;
}

export interface ZonedInstant {
  epochMs: number;
  /** The zone calendar arithmetic continues in: the bracketed zone, else the offset. */
  zone: string;
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?)(Z|[+-]\d{2}:\d{2}(?::\d{2})?)?(?:\[([^\]]+)\])?$/i;

/** Parses `2026-01-01T10:00:00Z`, `...+01:00`, `...+01:00[Europe/Berlin]` or `...[Europe/Berlin]`. */
export function parseIsoDateTime(text: string): ZonedInstant | null {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return null;
  const [, date, time, offset, zone] = m;
  const local = `${date}T${time.replace(',', '.')}`;
  try {
    if (zone) {
      const zoned = Temporal.ZonedDateTime.from(`${local}${offset ?? ''}[${zone}]`, { offset: 'prefer' });
      return { epochMs: zoned.epochMilliseconds, zone: zoned.timeZoneId };
    }
    if (!offset) return null;
    const instant = Temporal.Instant.from(`${local}${offset}`);
    return { epochMs: instant.epochMilliseconds, zone: offset.toUpperCase() === 'Z' ? 'UTC' : offset };
  } catch {
    return null;
  }
}

const DURATION =
  /^([-+]?)P(?:([-+]?\d+)Y)?(?:([-+]?\d+)M)?(?:([-+]?\d+)W)?(?:([-+]?\d+)D)?(?:T(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?(?:([-+]?\d+)(?:[.,](\d{1,9}))?S)?)?$/i;

/** Parses `P1Y2M`, `P7D`, `PT30S`, `-P1DT12H`, `PT0.5S`, ... (java.time Period + Duration). */
export function parseIsoDuration(text: string): IsoDuration | null {
  const m = DURATION.exec(text.trim());
  if (!m) return null;
  const [, sign, y, mo, w, d, h, mi, s, frac] = m;
  const timePart = /T/i.test(text);
  if (![y, mo, w, d, h, mi, s].some((part) => part !== undefined)) return null;
  if (timePart && ![h, mi, s].some((part) => part !== undefined)) return null;
  const factor = sign === '-' ? -1 : 1;
  const n = (part: string | undefined): number => (part === undefined ? 0 : factor * Number(part));
  return {
    years: n(y),
    months: n(mo),
    weeks: n(w),
    days: n(d),
    hours: n(h),
    minutes: n(mi),
    seconds: n(s === undefined ? undefined : `${s}.${frac ?? '0'}`),
  };
}

/**
 * `epochMs` plus the duration: period units on the calendar of `zone` (month ends are clamped,
 * days keep the wall-clock time across DST changes), time units as exact elapsed time.
 */
export function addIsoDuration(epochMs: number, duration: IsoDuration, zone: string): number {
  const { years, months, weeks, days, hours, minutes, seconds } = duration;
  const elapsed = Math.round(((hours * 60 + minutes) * 60 + seconds) * 1000);
  const calendar = { months: years * 12 + months, days: weeks * 7 + days };
  if (calendar.months === 0 && calendar.days === 0) return epochMs + elapsed;
  // separate steps, because java.time allows mixed signs such as P1M-1D and Temporal does not
  return Temporal.Instant.fromEpochMilliseconds(epochMs)
    .toZonedDateTimeISO(zone)
    .add({ months: calendar.months })
    .add({ days: calendar.days })
    .add({ milliseconds: elapsed }).epochMilliseconds;
}

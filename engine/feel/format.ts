/**
 * Text forms of FEEL temporal values, as Zeebe writes them into variables (its
 * FeelToMessagePackTransformer): date-times with an offset (ISO_OFFSET_DATE_TIME), local values as
 * Java's ISO formats, durations in feel-scala's canonical form (`P1DT2H`, `P1Y2M`, `P0D`).
 */
import { FeelDate, FeelDateTime, FeelDuration, FeelTime } from 'feelin';
import type { Temporal } from 'temporal-polyfill';

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, '0');

function formatYear(year: number): string {
  if (year > 9999) return `+${year}`;
  if (year < 0) return `-${pad(year, 4)}`;
  return pad(year, 4);
}

/** Nanoseconds as Java's ISO formatter prints them: minimal digits, none when zero. */
function fraction(t: { millisecond: number; microsecond: number; nanosecond: number }): string {
  const nanos = t.millisecond * 1_000_000 + t.microsecond * 1000 + t.nanosecond;
  if (nanos === 0) return '';
  return '.' + String(nanos).padStart(9, '0').replace(/0+$/, '');
}

function isoDate(d: { year: number; month: number; day: number }): string {
  return `${formatYear(d.year)}-${pad(d.month)}-${pad(d.day)}`;
}

function isoTime(t: Temporal.PlainTime | Temporal.PlainDateTime | Temporal.ZonedDateTime): string {
  return `${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}${fraction(t)}`;
}

/** `+01:00`, or `Z` for a zero offset, as ISO_OFFSET_DATE_TIME prints offsets. */
function offsetText(offset: string): string {
  return offset === '+00:00' || offset === '-00:00' ? 'Z' : offset;
}

export function formatDate(value: FeelDate): string {
  return isoDate(value.unwrap());
}

export function formatDateTime(value: FeelDateTime): string {
  const local = value.unwrap();
  if (value.zone === null) return `${isoDate(local)}T${isoTime(local)}`;
  const zoned = local.toZonedDateTime(value.zone);
  return `${isoDate(zoned)}T${isoTime(zoned)}${offsetText(zoned.offset)}`;
}

/** Local times follow Java's LocalTime.toString: seconds only when set, fractions in groups of 3. */
function javaLocalTime(t: Temporal.PlainTime): string {
  let text = `${pad(t.hour)}:${pad(t.minute)}`;
  const nanos = t.millisecond * 1_000_000 + t.microsecond * 1000 + t.nanosecond;
  if (t.second === 0 && nanos === 0) return text;
  text += `:${pad(t.second)}`;
  if (nanos === 0) return text;
  if (nanos % 1_000_000 === 0) return `${text}.${String(nanos / 1_000_000).padStart(3, '0')}`;
  if (nanos % 1000 === 0) return `${text}.${String(nanos / 1000).padStart(6, '0')}`;
  return `${text}.${String(nanos).padStart(9, '0')}`;
}

export function formatTime(value: FeelTime): string {
  const time = value.unwrap();
  if (value.zone === null) return javaLocalTime(time);
  if (value.zone === 'UTC' || /^[+-]\d{2}:\d{2}$/.test(value.zone)) {
    return isoTime(time) + (value.zone === 'UTC' ? 'Z' : offsetText(value.zone));
  }
  return `${isoTime(time)}@${value.zone}`;
}

export function formatDuration(value: FeelDuration): string {
  const d = value.unwrap();
  if (value.yearsMonths) {
    const total = d.years * 12 + d.months;
    if (total === 0) return 'P0Y';
    const abs = Math.abs(total);
    const y = Math.floor(abs / 12);
    const m = abs % 12;
    return `${total < 0 ? '-' : ''}P${y ? `${y}Y` : ''}${m ? `${m}M` : ''}`;
  }
  // feel-scala drops fractions of seconds; days are always 24 hours in a days-time duration
  const totalSeconds = Math.trunc(
    (d.weeks * 7 + d.days) * 86400 +
      d.hours * 3600 +
      d.minutes * 60 +
      d.seconds +
      (d.milliseconds / 1000 + d.microseconds / 1e6 + d.nanoseconds / 1e9),
  );
  if (totalSeconds === 0) return 'P0D';
  const abs = Math.abs(totalSeconds);
  const days = Math.floor(abs / 86400);
  const hours = Math.floor((abs % 86400) / 3600);
  const minutes = Math.floor((abs % 3600) / 60);
  const seconds = abs % 60;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds ? `${seconds}S` : ''}`;
  return `${totalSeconds < 0 ? '-' : ''}P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}

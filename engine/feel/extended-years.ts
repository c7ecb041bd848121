/**
 * Dates and date-times with negative years (feel-scala reads `@"-2017-12-31"`, java.time allows
 * years down to -999,999,999); feelin throws "not implemented: negative date" for them. The
 * literal forms `@"-…"`, `date("-…")` and `date and time("-…")` are rewritten into a call of
 * our own parser, and `string()` prints such years as feel-scala does (`-2017-12-31`, where
 * Temporal would print `-002017-12-31`). Temporal's range (years -271,821 to 275,760) bounds them.
 * The same literal forms with a zone offset beyond ±18:00, which java.time rejects and feelin
 * accepts, are null (TCK 1116 067/068, 1117 078/079).
 */
import { evaluate, FeelDate, FeelDateTime, FeelDuration, FeelFunction } from 'feelin';
import { Temporal } from 'temporal-polyfill';
import { formatDate, formatDateTime } from './format';
import { segments } from './source';

const PARSE = '__feel_extended_temporal';
const NEGATIVE = /^"-\d{4,}-\d{2}-\d{2}/;
const OFFSET_BEYOND_18H = /[+-](?:18:(?:0[1-9]|[1-5]\d)|19:\d\d|2[0-3]:\d\d)"$/;
const TEXT = /^-(\d{4,})-(\d{2})-(\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?(Z|[+-]\d{2}:\d{2}|@.+)?$/;

type Kind = 'at' | 'date' | 'date and time' | 'time';

function zoneOf(suffix: string | undefined): string | null {
  if (suffix === undefined) return null;
  if (suffix === 'Z') return 'UTC';
  return suffix.startsWith('@') ? suffix.slice(1) : suffix;
}

/** A negative-year date or date-time text as feel-scala reads it; null when it is none (or a time). */
export function parseExtended(text: unknown, kind: Kind): FeelDate | FeelDateTime | null {
  if (typeof text !== 'string') return null;
  const m = TEXT.exec(text);
  if (!m || m[1].length > 6 || kind === 'time') return null;
  try {
    const date = Temporal.PlainDate.from({ year: -Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, { overflow: 'reject' });
    const zone = zoneOf(m[5]);
    // `date("…T…")` is the date part; `@"…"` is a date unless it has a time or zone
    if (kind === 'date' || (kind === 'at' && m[4] === undefined && zone === null)) return new FeelDate(date);
    const time = m[4] === undefined ? new Temporal.PlainTime() : Temporal.PlainTime.from(m[4], { overflow: 'reject' });
    const value = date.toPlainDateTime(time);
    if (zone !== null) value.toZonedDateTime(zone); // throws for an unknown zone
    return new FeelDateTime(value, zone);
  } catch {
    return null;
  }
}

const extendedParser = new FeelFunction((text: unknown, kind: unknown) => parseExtended(text, kind as Kind), ['text', 'kind']);

/**
 * The source with negative-year literals turned into parser calls, and what the calls need in the
 * context; the source itself when it has none.
 */
export function rewriteExtendedYears(source: string): { source: string; context: Record<string, unknown> } {
  if (!source.includes('"-') && !/[+-](?:1[89]|2\d):\d\d"/.test(source)) return { source, context: {} };
  const parts = segments(source);
  let out = '';
  let changed = false;
  for (let i = 0; i < parts.length; i++) {
    const seg = parts[i];
    const text = source.slice(seg.from, seg.to);
    if (seg.kind !== 'string' || !(NEGATIVE.test(text) || OFFSET_BEYOND_18H.test(text))) {
      out += text;
      continue;
    }
    const at = /@\s*$/.exec(out);
    const call = /(?<![\p{L}\p{N}_.])(date and time|date|time)\s*\(\s*$/u.exec(out);
    const next = parts[i + 1];
    const closes = next?.kind === 'code' && /^\s*\)/.exec(source.slice(next.from, next.to));
    if (at) {
      out = `${out.slice(0, at.index)}${PARSE}(${text}, "at")`;
      changed = true;
    } else if (call && closes) {
      out = `${out.slice(0, call.index)}${PARSE}(${text}, "${call[1]}"`;
      changed = true;
    } else {
      out += text;
    }
  }
  return changed ? { source: out, context: { [PARSE]: extendedParser } } : { source, context: {} };
}

let nativeString: ((value: unknown) => unknown) | undefined;

/**
 * `string(from)`: feelin's, except for years feelin prints in Temporal's six-digit form, and zero
 * durations, which feel-scala prints `P0D` and `P0Y` (feelin: `PT0S`, `P0M`).
 */
function string(from: unknown): unknown {
  if (from instanceof FeelDuration && from.unwrap().sign === 0) return from.yearsMonths ? 'P0Y' : 'P0D';
  if ((from instanceof FeelDate || from instanceof FeelDateTime) && (from.year < 0 || from.year > 9999)) {
    return from instanceof FeelDate ? formatDate(from) : formatExtendedDateTime(from);
  }
  nativeString ??= evaluate('string', {}, 'camunda').value as (value: unknown) => unknown;
  return nativeString(from);
}

/** As feel-scala prints a date-time: with its zone id when it has one, else its offset. */
function formatExtendedDateTime(value: FeelDateTime): string {
  if (value.zone === null || value.zone === 'UTC' || /^[+-]\d{2}:\d{2}/.test(value.zone)) return formatDateTime(value);
  const local = formatDateTime(new FeelDateTime(value.unwrap(), null));
  return `${local}@${value.zone}`;
}

export const extendedYearFunctions: Readonly<Record<string, FeelFunction>> = {
  string: new FeelFunction(string, ['from']),
};

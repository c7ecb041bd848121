/**
 * Compares a raw FEEL value of ours with an expected value taken from feel-scala's test suite
 * (cases.json, tagged by extract.py): numbers by value, temporals by what they denote.
 */
import { FeelDate, FeelDateTime, FeelDuration, FeelTime } from 'feelin';
import { Temporal } from 'temporal-polyfill';

export type Expected =
  | { t: 'number'; v: string }
  | { t: 'string'; v: string }
  | { t: 'boolean'; v: boolean }
  | { t: 'null' }
  | { t: 'list'; v: Expected[] }
  | { t: 'context'; v: [string, Expected][] }
  | {
      t: 'date' | 'local date time' | 'date time' | 'local time' | 'time' | 'days-time duration' | 'years-months duration';
      v: string;
    };

export interface FeelScalaCase {
  origin: string;
  expression: string;
  input?: Expected;
  expected: Expected;
}

/** java.time's ISO durations allow a sign per component (`PT-1H`, `P-1D`). */
function javaDuration(text: string): { months: number; nanos: bigint } {
  const m =
    /^([-+]?)P(?:([-+]?\d+)Y)?(?:([-+]?\d+)M)?(?:([-+]?\d+)W)?(?:([-+]?\d+)D)?(?:T(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?(?:([-+]?\d+(?:\.\d+)?)S)?)?$/.exec(
      text,
    );
  if (!m) throw new Error(`not a duration: ${text}`);
  const sign = m[1] === '-' ? -1n : 1n;
  const n = (i: number): number => Number(m[i] ?? 0);
  const seconds = BigInt(((n(4) * 7 + n(5)) * 24 + n(6)) * 3600 + n(7) * 60) * 1_000_000_000n + BigInt(Math.round(n(8) * 1e9));
  return { months: Number(sign) * (n(2) * 12 + n(3)), nanos: sign * seconds };
}

function actualDuration(d: FeelDuration): { months: number; nanos: bigint } {
  const v = d.unwrap();
  if (d.yearsMonths) return { months: v.years * 12 + v.months, nanos: 0n };
  const seconds = BigInt(((v.weeks * 7 + v.days) * 24 + v.hours) * 3600 + v.minutes * 60 + v.seconds);
  return { months: 0, nanos: seconds * 1_000_000_000n + BigInt(v.milliseconds * 1e6 + v.microseconds * 1e3 + v.nanoseconds) };
}

const zoneOf = (zone: string): string => (zone === 'Z' ? 'UTC' : zone);

function matchesDateTime(actual: FeelDateTime, expected: string): boolean {
  if (actual.zone === null) return false;
  const [, instantText, region] = /^(.*?)(?:\[(.*)\])?$/.exec(expected)!;
  const want = Temporal.Instant.from(instantText);
  const zoned = actual.unwrap().toZonedDateTime(zoneOf(actual.zone));
  if (zoned.epochNanoseconds !== want.epochNanoseconds) return false;
  if (region) return zoneOf(actual.zone) === region;
  const offset = /([+-]\d{2}:\d{2}|Z)$/.exec(instantText)![1];
  return zoned.offset === (offset === 'Z' ? '+00:00' : offset);
}

function matchesTime(actual: FeelTime, expected: string): boolean {
  const m = /^(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:\d{2})?$/.exec(expected);
  if (!m || actual.zone === null) return false;
  if (!actual.unwrap().equals(Temporal.PlainTime.from(m[1]))) return false;
  const offset = m[2] === 'Z' ? '+00:00' : m[2];
  const zone = zoneOf(actual.zone);
  const actualOffset = zone === 'UTC' ? '+00:00' : /^[+-]\d{2}:\d{2}$/.test(zone) ? zone : null;
  return actualOffset === offset;
}

export function matches(actual: unknown, expected: Expected): boolean {
  switch (expected.t) {
    case 'null':
      return actual === null || actual === undefined;
    case 'number':
      return typeof actual === 'number' && actual === Number(expected.v);
    case 'string':
    case 'boolean':
      return actual === expected.v;
    case 'list':
      return Array.isArray(actual) && actual.length === expected.v.length && expected.v.every((e, i) => matches(actual[i], e));
    case 'context': {
      if (typeof actual !== 'object' || actual === null || Object.getPrototypeOf(actual) !== Object.prototype) return false;
      const entries = actual as Record<string, unknown>;
      return (
        Object.keys(entries).length === expected.v.length &&
        expected.v.every(([k, e]) => Object.hasOwn(entries, k) && matches(entries[k], e))
      );
    }
    case 'date':
      return actual instanceof FeelDate && actual.unwrap().equals(Temporal.PlainDate.from(expected.v));
    case 'local date time':
      return actual instanceof FeelDateTime && actual.zone === null && actual.unwrap().equals(Temporal.PlainDateTime.from(expected.v));
    case 'date time':
      return actual instanceof FeelDateTime && matchesDateTime(actual, expected.v);
    case 'local time':
      return actual instanceof FeelTime && actual.zone === null && actual.unwrap().equals(Temporal.PlainTime.from(expected.v));
    case 'time':
      return actual instanceof FeelTime && matchesTime(actual, expected.v);
    case 'days-time duration':
    case 'years-months duration': {
      if (!(actual instanceof FeelDuration) || actual.yearsMonths !== (expected.t === 'years-months duration')) return false;
      const a = actualDuration(actual);
      const e = javaDuration(expected.v);
      return a.months === e.months && a.nanos === e.nanos;
    }
  }
}

/** An input value for unary tests, as a FEEL value. */
export function inputValue(expected: Expected): unknown {
  switch (expected.t) {
    case 'null':
      return null;
    case 'number':
      return Number(expected.v);
    case 'string':
    case 'boolean':
      return expected.v;
    case 'list':
      return expected.v.map(inputValue);
    case 'context':
      return Object.fromEntries(expected.v.map(([k, v]) => [k, inputValue(v)]));
    case 'date':
      return new FeelDate(Temporal.PlainDate.from(expected.v));
    case 'local date time':
      return new FeelDateTime(Temporal.PlainDateTime.from(expected.v), null);
    case 'local time':
      return new FeelTime(Temporal.PlainTime.from(expected.v), null);
    default:
      throw new Error(`unsupported input ${expected.t}`);
  }
}

/**
 * FEEL arithmetic as feel-scala 1.19 (Camunda 8.8) defines it (FeelInterpreter.addOp, subOp,
 * mulOp, divOp): numbers as decimals with 34 significant digits (MathContext.DECIMAL128), and the
 * temporal table, where feelin differs: `date ± days-time duration` stays a date, `duration *
 * number` and `duration / number|duration` exist, zoned date-times add exact time.
 *
 * Numbers stay JS numbers between operations (feelin's built-ins and comparisons need them), so
 * each operation computes exactly in decimal from the shortest decimal form of its operands and
 * rounds once: `0.1 + 0.2` is 0.3, `19.99 * 3` is 59.97. What a double cannot hold (more than 17
 * significant digits) is still lost; docs/decisions/feel-numbers.md says why and what remains.
 */
import Decimal from 'decimal.js';
import { FeelDate, FeelDateTime, FeelDuration, FeelTime } from 'feelin';
import { Temporal } from 'temporal-polyfill';
import { feelNow } from './clock';
import type { FeelWarning } from './warnings';

/** feel-scala's MathContext.DECIMAL128: 34 digits, half-even. */
export const FeelDecimal = Decimal.clone({ precision: 34, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -40, toExpPos: 40 });
export type FeelDecimal = InstanceType<typeof FeelDecimal>;

export const toDecimal = (n: number): FeelDecimal => new FeelDecimal(n);

/** Back to a JS number; non-finite results (overflow) are no FEEL number. */
export function fromDecimal(d: FeelDecimal): number | null {
  const n = d.toNumber();
  return Number.isFinite(n) ? (Object.is(n, -0) ? 0 : n) : null;
}

export const decimalSum = (list: readonly number[]): FeelDecimal => list.reduce((acc, n) => acc.plus(n), new FeelDecimal(0));

/** Exact sum of numbers, as a DMN COLLECT SUM or FEEL's sum() computes it. */
export const sumNumbers = (list: readonly number[]): number | null => fromDecimal(decimalSum(list));

// --- warnings -------------------------------------------------------------------------------

/** Warnings of the operations during one evaluation; evaluate.ts merges them into feelin's. */
let sink: FeelWarning[] | null = null;

export function withArithmeticWarnings<T>(run: () => T): { result: T; warnings: FeelWarning[] } {
  const outer = sink;
  const warnings: FeelWarning[] = [];
  sink = warnings;
  try {
    return { result: run(), warnings };
  } finally {
    sink = outer;
  }
}

function show(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return `"${value}"`;
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return '{...}';
  return String(value);
}

function invalid(message: string): null {
  sink?.push({ type: 'INVALID_TYPE', message });
  return null;
}

// --- durations ------------------------------------------------------------------------------

const isYm = (v: unknown): v is FeelDuration => v instanceof FeelDuration && v.yearsMonths;
const isDt = (v: unknown): v is FeelDuration => v instanceof FeelDuration && !v.yearsMonths;
const isNum = (v: unknown): v is number => typeof v === 'number';
const isLocalDateTime = (v: unknown): v is FeelDateTime => v instanceof FeelDateTime && v.zone === null;
const isZonedDateTime = (v: unknown): v is FeelDateTime => v instanceof FeelDateTime && v.zone !== null;
const isLocalTime = (v: unknown): v is FeelTime => v instanceof FeelTime && v.zone === null;
const isZonedTime = (v: unknown): v is FeelTime => v instanceof FeelTime && v.zone !== null;

export function totalMonths(d: FeelDuration): number {
  const v = d.unwrap();
  return v.years * 12 + v.months;
}

/** A days-time duration in nanoseconds (days are 24 hours, as in java.time.Duration). */
export function totalNanos(d: FeelDuration): bigint {
  const v = d.unwrap();
  const seconds = BigInt(((v.weeks * 7 + v.days) * 24 + v.hours) * 3600 + v.minutes * 60 + v.seconds);
  return seconds * 1_000_000_000n + BigInt(v.milliseconds * 1_000_000 + v.microseconds * 1000 + v.nanoseconds);
}

const months = (n: number): FeelDuration => new FeelDuration(Temporal.Duration.from({ months: n === 0 ? 0 : n }), true);

function nanos(n: bigint): FeelDuration {
  const seconds = n / 1_000_000_000n;
  const rest = n % 1_000_000_000n;
  return new FeelDuration(Temporal.Duration.from({ seconds: Number(seconds), nanoseconds: Number(rest) }), false);
}

/** The Temporal duration to add: exact time for days-time, calendar units for years-months. */
function amount(d: FeelDuration, sign: 1 | -1): Temporal.Duration {
  if (d.yearsMonths) return Temporal.Duration.from({ months: sign * totalMonths(d) || 0 });
  const n = totalNanos(d) * BigInt(sign);
  return Temporal.Duration.from({ seconds: Number(n / 1_000_000_000n), nanoseconds: Number(n % 1_000_000_000n) });
}

// --- temporal instants ----------------------------------------------------------------------

const FIXED_OFFSET = /^(?:UTC|Z|[+-]\d{2}:\d{2}(?::\d{2})?)$/;

function shiftDateTime(x: FeelDateTime, d: FeelDuration, sign: 1 | -1): FeelDateTime {
  const a = amount(d, sign);
  if (x.zone === null || FIXED_OFFSET.test(x.zone)) return new FeelDateTime(x.unwrap().add(a), x.zone);
  // a region: days-time durations add exact time across DST changes, periods add wall-clock time
  const shifted = x.unwrap().toZonedDateTime(x.zone).add(a);
  return new FeelDateTime(shifted.toPlainDateTime(), x.zone);
}

function shiftDate(x: FeelDate, d: FeelDuration, sign: 1 | -1): FeelDate {
  if (d.yearsMonths) return new FeelDate(x.unwrap().add(amount(d, sign)));
  // feel-scala: date.atStartOfDay.plus(duration).toLocalDate
  return new FeelDate(x.unwrap().toPlainDateTime().add(amount(d, sign)).toPlainDate());
}

function shiftTime(x: FeelTime, d: FeelDuration, sign: 1 | -1): FeelTime {
  return new FeelTime(x.unwrap().add(amount(d, sign)), x.zone);
}

export function epochNanos(x: FeelDateTime): bigint {
  return x.unwrap().toZonedDateTime(x.zone === 'Z' ? 'UTC' : (x.zone as string)).epochNanoseconds;
}

export function localNanos(x: Temporal.PlainDateTime): bigint {
  return x.toZonedDateTime('UTC').epochNanoseconds;
}

export function zonedTimeNanos(x: FeelTime): bigint {
  const t = x.unwrap();
  const nod = BigInt(
    ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000_000 + t.millisecond * 1_000_000 + t.microsecond * 1000 + t.nanosecond,
  );
  const zone = x.zone === 'Z' ? 'UTC' : (x.zone as string);
  const offset = Temporal.Instant.fromEpochMilliseconds(feelNow()).toZonedDateTimeISO(zone).offsetNanoseconds;
  return nod - BigInt(offset);
}

// --- operations -----------------------------------------------------------------------------

export function add(x: unknown, y: unknown): unknown {
  if (isNum(x) && isNum(y)) return fromDecimal(toDecimal(x).plus(y));
  if (typeof x === 'string' && typeof y === 'string') return x + y;
  if (x instanceof FeelTime && isDt(y)) return shiftTime(x, y, 1);
  if (x instanceof FeelDateTime && y instanceof FeelDuration) return shiftDateTime(x, y, 1);
  if (x instanceof FeelDate && y instanceof FeelDuration) return shiftDate(x, y, 1);
  if (isYm(x) && isYm(y)) return months(totalMonths(x) + totalMonths(y));
  if (isDt(x) && isDt(y)) return nanos(totalNanos(x) + totalNanos(y));
  if (isYm(x) && (y instanceof FeelDateTime || y instanceof FeelDate)) return add(y, x);
  if (isDt(x) && (y instanceof FeelDateTime || y instanceof FeelTime || y instanceof FeelDate)) return add(y, x);
  return invalid(`Can't add '${show(y)}' to '${show(x)}'`);
}

export function subtract(x: unknown, y: unknown): unknown {
  if (isNum(x) && isNum(y)) return fromDecimal(toDecimal(x).minus(y));
  if (isLocalTime(x) && isLocalTime(y)) return nanos(BigInt(y.unwrap().until(x.unwrap()).total('nanoseconds')));
  if (isZonedTime(x) && isZonedTime(y)) {
    // feel-scala's ZonedTime.between gives the absolute difference
    const diff = zonedTimeNanos(x) - zonedTimeNanos(y);
    return nanos(diff < 0n ? -diff : diff);
  }
  if (x instanceof FeelTime && isDt(y)) return shiftTime(x, y, -1);
  if (isLocalDateTime(x) && isLocalDateTime(y)) return nanos(localNanos(x.unwrap()) - localNanos(y.unwrap()));
  if (isZonedDateTime(x) && isZonedDateTime(y)) return nanos(epochNanos(x) - epochNanos(y));
  if (x instanceof FeelDateTime && y instanceof FeelDuration) return shiftDateTime(x, y, -1);
  if (x instanceof FeelDate && y instanceof FeelDate) {
    return nanos(localNanos(x.unwrap().toPlainDateTime()) - localNanos(y.unwrap().toPlainDateTime()));
  }
  if (x instanceof FeelDate && y instanceof FeelDuration) return shiftDate(x, y, -1);
  if (isYm(x) && isYm(y)) return months(totalMonths(x) - totalMonths(y));
  if (isDt(x) && isDt(y)) return nanos(totalNanos(x) - totalNanos(y));
  return invalid(`Can't subtract '${show(y)}' from '${show(x)}'`);
}

/** Java's BigDecimal.intValue: the integer part (truncated). */
const intValue = (n: number): number => Math.trunc(n);

export function multiply(x: unknown, y: unknown): unknown {
  if (isNum(x) && isNum(y)) return fromDecimal(toDecimal(x).times(y));
  if (isNum(x) && y instanceof FeelDuration) return multiply(y, x);
  if (isYm(x) && isNum(y)) return months(totalMonths(x) * intValue(y));
  if (isDt(x) && isNum(y)) return nanos(totalNanos(x) * BigInt(intValue(y)));
  return invalid(`Can't multiply '${show(x)}' by '${show(y)}'`);
}

export function divide(x: unknown, y: unknown): unknown {
  if (isNum(x) && isNum(y) && y !== 0) return fromDecimal(toDecimal(x).div(y));
  if (isYm(x) && isNum(y) && y !== 0) return months(intValue(toDecimal(totalMonths(x)).div(y).toNumber()));
  if (isYm(x) && isYm(y) && totalMonths(y) !== 0) return fromDecimal(toDecimal(totalMonths(x)).div(totalMonths(y)));
  if (isDt(x) && isDt(y) && totalNanos(y) !== 0n) {
    // feel-scala divides whole milliseconds (Duration.toMillis)
    return fromDecimal(toDecimal(Number(totalNanos(x) / 1_000_000n)).div(Number(totalNanos(y) / 1_000_000n)));
  }
  if (isDt(x) && isNum(y) && y !== 0) {
    const millis = intValue(
      toDecimal(Number(totalNanos(x) / 1_000_000n))
        .div(y)
        .toNumber(),
    );
    return nanos(BigInt(millis) * 1_000_000n);
  }
  return invalid(`Can't divide '${show(x)}' by '${show(y)}'`);
}

export function power(x: unknown, y: unknown): unknown {
  if (!isNum(x) || !isNum(y)) return invalid(`Can't exponentiate '${show(x)}' by '${show(y)}'`);
  // feel-scala: BigDecimal.pow for whole exponents, doubles otherwise
  if (Number.isInteger(y) && Math.abs(y) <= 999_999_999) {
    if (x === 0 && y < 0) return null;
    return fromDecimal(toDecimal(x).pow(y));
  }
  const result = Math.pow(x, y);
  return Number.isFinite(result) ? result : null;
}

export function negate(x: unknown): unknown {
  if (isNum(x)) return x === 0 ? 0 : -x;
  return invalid(`Expected number but found '${show(x)}'`);
}

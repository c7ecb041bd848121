/**
 * Due dates of BPMN timers, following Zeebe: `timeDate` is an ISO date-time with offset,
 * `timeDuration` an ISO duration (optionally `start/duration`), `timeCycle` a repeating interval
 * `R[n]/[start/]duration` or a Spring cron expression. Calendar units use the FEEL time zone.
 */
import { FeelDateTime, FeelDuration } from 'feelin';
import { EvaluationError } from '../errors';
import { feelTimeZone } from './clock';
import { nextCronExecution } from './cron';
import { intervalDueDate, parseCycle, parseInterval } from './cycle';
import { addIsoDuration, parseIsoDateTime, type IsoDuration } from './iso';
import { feelResultType } from './result-type';

export type TimerType = 'date' | 'cycle' | 'duration';

export interface ResolvedTimer {
  /** Epoch ms when the timer fires first. */
  dueDate: number;
  /** How often the timer fires: 1 for date/duration, the cycle's count, or -1 for infinite. */
  repetitions: number;
  /** Cycles only: the text to pass to nextCycleDueDate after each firing. */
  cycle?: string;
}

function fromFeelDuration(value: FeelDuration): IsoDuration {
  const d = value.unwrap();
  return {
    years: d.years,
    months: d.months,
    weeks: d.weeks,
    days: d.days,
    hours: d.hours,
    minutes: d.minutes,
    seconds: d.seconds + d.milliseconds / 1000 + d.microseconds / 1e6 + d.nanoseconds / 1e9,
  };
}

function fromFeelDateTime(value: FeelDateTime): number {
  return value.unwrap().toZonedDateTime(value.zone ?? feelTimeZone()).epochMilliseconds;
}

function invalid(message: string): never {
  throw new EvaluationError(message);
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : `a value of type '${feelResultType(value)}'`;
}

/**
 * Resolves a timer definition. `value` is the static text, or the result of its FEEL expression
 * (a raw value from evaluateFeelRaw, or the ISO string evaluateFeel turned it into).
 */
export function resolveTimer(type: TimerType, value: unknown, nowMs: number): ResolvedTimer {
  switch (type) {
    case 'date': {
      if (value instanceof FeelDateTime) return { dueDate: fromFeelDateTime(value), repetitions: 1 };
      const instant = typeof value === 'string' ? parseIsoDateTime(value) : null;
      if (!instant)
        invalid(
          `Invalid date-time format ${describe(value)}: expected an ISO 8601 date-time with offset, e.g. '2026-01-01T10:00:00+01:00'`,
        );
      return { dueDate: instant.epochMs, repetitions: 1 };
    }
    case 'duration': {
      if (value instanceof FeelDuration) {
        return { dueDate: addIsoDuration(nowMs, fromFeelDuration(value), feelTimeZone()), repetitions: 1 };
      }
      const interval = typeof value === 'string' ? parseInterval(value.trim()) : "expected an ISO 8601 duration, e.g. 'PT30S'";
      if (typeof interval === 'string') invalid(`Invalid duration format ${describe(value)}: ${interval}`);
      return { dueDate: intervalDueDate(interval, nowMs), repetitions: 1 };
    }
    case 'cycle': {
      if (typeof value !== 'string')
        invalid(`Invalid timer cycle ${describe(value)}: expected a repeating interval such as 'R5/PT10S' or a cron expression`);
      const cycle = parseCycle(value);
      if (typeof cycle === 'string') invalid(`Invalid timer cycle '${value}': ${cycle}`);
      const text = value.trim();
      if (cycle.kind === 'repeating') {
        return { dueDate: intervalDueDate(cycle.interval, nowMs), repetitions: cycle.repetitions, cycle: text };
      }
      const next = nextCronExecution(cycle.cron, nowMs, feelTimeZone());
      // like Zeebe: a cron without further executions fires once, now
      return next === null ? { dueDate: nowMs, repetitions: 0, cycle: text } : { dueDate: next, repetitions: -1, cycle: text };
    }
  }
}

/**
 * The due date after a cycle fired at `fromMs`: one interval later, or, when that is already past
 * `nowMs` (missed firings), one interval after now; for cron the next execution after both.
 */
export function nextCycleDueDate(cycle: string, fromMs: number, nowMs: number = fromMs): number {
  const parsed = parseCycle(cycle);
  if (typeof parsed === 'string') invalid(`Invalid timer cycle '${cycle}': ${parsed}`);
  if (parsed.kind === 'cron') {
    const next = nextCronExecution(parsed.cron, Math.max(fromMs, nowMs), feelTimeZone());
    if (next === null) invalid(`The cron expression '${cycle}' has no further execution after ${new Date(fromMs).toISOString()}`);
    return next;
  }
  const { start, duration } = parsed.interval;
  const zone = start?.zone ?? feelTimeZone();
  const natural = addIsoDuration(fromMs, duration, zone);
  return natural > nowMs ? natural : addIsoDuration(nowMs, duration, zone);
}

/** Validates a static timer definition at deployment; returns the reason it is invalid. */
export function checkTimer(type: TimerType, text: string): string | undefined {
  try {
    resolveTimer(type, text, 0);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

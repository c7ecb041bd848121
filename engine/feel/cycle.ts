/**
 * Timer cycle and interval texts as Zeebe parses them: `R[n]/[start/]duration` (RepeatingInterval,
 * Interval) or a Spring cron expression.
 */
import { feelTimeZone } from './clock';
import { parseCron, type ParsedCron } from './cron';
import { addIsoDuration, parseIsoDateTime, parseIsoDuration, type IsoDuration, type ZonedInstant } from './iso';

/** `[start/]duration`, Zeebe's Interval. */
export interface Interval {
  start?: ZonedInstant;
  duration: IsoDuration;
}

export type Cycle = { kind: 'repeating'; repetitions: number; interval: Interval } | { kind: 'cron'; cron: ParsedCron };

export function parseInterval(text: string): Interval | string {
  const slash = text.lastIndexOf('/');
  const duration = parseIsoDuration(text.slice(slash + 1));
  if (!duration) return `'${text.slice(slash + 1)}' is not an ISO 8601 duration`;
  if (slash <= 0) return { duration };
  const start = parseIsoDateTime(text.slice(0, slash));
  if (!start) return `'${text.slice(0, slash)}' is not an ISO 8601 date-time with offset`;
  return { start, duration };
}

export function parseCycle(text: string): Cycle | string {
  const trimmed = text.trim();
  if (!trimmed.startsWith('R')) {
    const cron = parseCron(trimmed);
    return typeof cron === 'string'
      ? `not a repeating interval (R[n]/duration) nor a valid cron expression: ${cron}`
      : { kind: 'cron', cron };
  }
  const slash = trimmed.indexOf('/');
  if (slash === -1) return 'no interval given after the repetitions';
  let repetitions = -1;
  if (slash > 1) {
    const count = trimmed.slice(1, slash);
    if (!/^\d+$/.test(count)) return `cannot parse the repetitions count '${count}'`;
    repetitions = Number(count);
  }
  const interval = parseInterval(trimmed.slice(slash + 1));
  return typeof interval === 'string' ? interval : { kind: 'repeating', repetitions, interval };
}

/** The interval's first due date: its start (or now if that passed), else now plus the duration. */
export function intervalDueDate(interval: Interval, nowMs: number): number {
  if (interval.start) return Math.max(interval.start.epochMs, nowMs);
  return addIsoDuration(nowMs, interval.duration, feelTimeZone());
}

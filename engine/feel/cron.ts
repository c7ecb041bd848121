/**
 * Spring-style cron expressions as Zeebe accepts them in timer cycles (cron-utils SPRING53):
 * six fields `second minute hour day-of-month month day-of-week`, or a macro such as `@daily`.
 * Unlike Unix cron, a day must match both day fields when both are restricted.
 */
import { CronExpressionParser, type CronExpression } from 'cron-parser';

const MACROS: Record<string, string> = {
  '@yearly': '0 0 0 1 1 *',
  '@annually': '0 0 0 1 1 *',
  '@monthly': '0 0 0 1 * *',
  '@weekly': '0 0 0 * * 0',
  '@daily': '0 0 0 * * *',
  '@midnight': '0 0 0 * * *',
  '@hourly': '0 0 * * * *',
};
const MAX_CANDIDATES = 10_000;

export interface ParsedCron {
  fields: string[];
}

/** Parses the expression, or returns the reason it is invalid. */
export function parseCron(expression: string): ParsedCron | string {
  const text = expression.trim();
  const expanded = MACROS[text.toLowerCase()] ?? text;
  const fields = expanded.split(/\s+/);
  if (fields.length !== 6) return `expected 6 fields (second minute hour day-of-month month day-of-week), but found ${fields.length}`;
  if (fields.some((f) => /H/i.test(f.replace(/THU/gi, '')))) {
    return "the hash character 'H' is not supported";
  }
  try {
    CronExpressionParser.parse(fields.join(' '), { strict: false });
  } catch (e) {
    return (e as Error).message;
  }
  return { fields };
}

function iterate(fields: string[], afterMs: number, zone: string): CronExpression {
  return CronExpressionParser.parse(fields.join(' '), { currentDate: new Date(afterMs), tz: zone, strict: false });
}

const restricted = (field: string): boolean => field !== '*' && field !== '?';

/** Whether a single-day-field variant of the cron fires exactly at `epochMs`. */
function firesAt(fields: string[], epochMs: number, zone: string): boolean {
  return (
    iterate(fields, epochMs - 1, zone)
      .next()
      .getTime() === epochMs
  );
}

/** The first execution strictly after `afterMs`, or null when there is none. */
export function nextCronExecution(cron: ParsedCron, afterMs: number, zone: string): number | null {
  const { fields } = cron;
  try {
    const candidates = iterate(fields, afterMs, zone);
    if (!(restricted(fields[3]) && restricted(fields[5]))) return candidates.next().getTime();
    // cron-parser fires when either day field matches; Spring requires both
    const dayOfMonthOnly = [...fields.slice(0, 5), '*'];
    const dayOfWeekOnly = [...fields.slice(0, 3), '*', fields[4], fields[5]];
    for (let i = 0; i < MAX_CANDIDATES; i++) {
      const next = candidates.next().getTime();
      if (firesAt(dayOfMonthOnly, next, zone) && firesAt(dayOfWeekOnly, next, zone)) return next;
    }
    return null;
  } catch {
    return null; // cron-parser throws when the range of possible dates is exhausted
  }
}

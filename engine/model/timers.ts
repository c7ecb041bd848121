/**
 * Deployment checks of static timer values, as Zeebe evaluates them at deployment: ISO 8601
 * durations and zoned date-times, repeating intervals (`R5/PT10M`) and Spring-style cron cycles.
 */
export type TimerType = 'date' | 'cycle' | 'duration';

const DURATION = /^[-+]?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+([.,]\d+)?S)?)?$/i;
const ZONED_DATE_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))(\[[A-Za-z0-9_/+-]+\])?$/;
const REPEATING = /^R(\d*)\/(?:([^/]+)\/)?([^/]+)$/;
const CRON_MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const CRON_FIELD = /^[0-9A-Za-z*?/,#LW-]+$/;

export function isIsoDuration(value: string): boolean {
  return DURATION.test(value.trim());
}

/** An ISO 8601 date-time with offset, optionally followed by a zone id: `2023-03-02T15:35+02:00[Europe/Berlin]`. */
export function isZonedDateTime(value: string): boolean {
  const match = ZONED_DATE_TIME.exec(value.trim());
  return match !== null && !Number.isNaN(Date.parse(match[1]!));
}

function isCycle(value: string): boolean {
  const text = value.trim();
  const repeating = REPEATING.exec(text);
  if (repeating) return (repeating[2] === undefined || isZonedDateTime(repeating[2])) && isIsoDuration(repeating[3]!);
  if (CRON_MACROS.has(text)) return true;
  const fields = text.split(/\s+/);
  return fields.length === 6 && fields.every((f) => CRON_FIELD.test(f));
}

const EXPECTED: Record<TimerType, string> = {
  duration: 'an ISO 8601 duration, e.g. PT15M',
  date: 'an ISO 8601 date-time with offset, e.g. 2025-01-31T08:00:00+01:00',
  cycle: 'a repeating interval such as R5/PT10M or a cron expression such as 0 0 9 * * MON-FRI',
};

/** Zeebe's wording for a timer value that cannot be evaluated; undefined when valid. */
export function staticTimerProblem(type: TimerType, value: string): string | undefined {
  const valid = type === 'duration' ? isIsoDuration(value) : type === 'date' ? isZonedDateTime(value) : isCycle(value);
  return valid ? undefined : `Invalid timer ${type} expression ('${value}' is not ${EXPECTED[type]})`;
}

/**
 * The dates of a dunning procedure: each step's day after the oldest due date (from the DMN),
 * never before today, moved to the next German working day, and each step at least a week after
 * the one before (a customer gets time to react to every notice). Timers take them as ISO
 * date-times; 06:00 UTC is early morning in Germany all year.
 */
import { isGermanWorkingDay, type GermanState } from '../../domain/payments/calendar';
import { addDays, maxDate } from '../../domain/shared/dates';

export type Step = 'reminder' | 'level1' | 'level2' | 'collection';
export const STEPS: readonly Step[] = ['reminder', 'level1', 'level2', 'collection'];

/** The procedure as the DMN "dunning-procedure" returns it. */
export interface Procedure {
  name: string;
  levels: number;
  reminderChannel: string;
  reminderDays: number;
  level1Days: number;
  level1Channel: string;
  level1FeeCents: number;
  level2Days: number | null;
  level2Channel: string | null;
  level2FeeCents: number | null;
  collectionDays: number;
  minAmountCents: number;
}

const MIN_GAP_DAYS = 7;

export function nextWorkingDay(date: string, state: GermanState): string {
  let d = date;
  while (!isGermanWorkingDay(d, state)) d = addDays(d, 1);
  return d;
}

export const timerAt = (date: string) => `${date}T06:00:00Z`;
export const dateOf = (timer: unknown) => (typeof timer === 'string' ? timer.slice(0, 10) : null);

/** Days after the due date of each step of the procedure (level 2 only with two levels). */
function offsets(p: Procedure): Record<Step, number | null> {
  return {
    reminder: p.reminderDays,
    level1: p.level1Days,
    level2: p.levels >= 2 ? p.level2Days : null,
    collection: p.collectionDays,
  };
}

/**
 * The timer dates from `from` on: steps before `from` keep no date; the first step is due no
 * earlier than `earliest` (today, or tomorrow after a pause). With `restart` (after a dispute or
 * a broken agreement) the first step is due at `earliest` and the later ones keep their distance.
 */
export function schedule(
  p: Procedure,
  oldestDueDate: string,
  earliest: string,
  from: Step,
  state: GermanState,
  restart = false,
): Record<`${Step}At`, string | null> {
  const days = offsets(p);
  if (restart) oldestDueDate = addDays(earliest, -(days[from] ?? 0));
  const out = { reminderAt: null, level1At: null, level2At: null, collectionAt: null } as Record<`${Step}At`, string | null>;
  let previous: string | null = null;
  for (const step of STEPS.slice(STEPS.indexOf(from))) {
    const d = days[step];
    if (d === null) continue;
    let date = maxDate(addDays(oldestDueDate, d), earliest);
    if (previous) date = maxDate(date, addDays(previous, MIN_GAP_DAYS));
    date = nextWorkingDay(date, state);
    out[`${step}At`] = timerAt(date);
    previous = date;
  }
  return out;
}

/** The step after a level: the second level if the procedure has one, else the handover. */
export function stepAfterLevel(level: number, p: Procedure): Step {
  if (level <= 0) return 'level1';
  if (level === 1 && p.levels >= 2) return 'level2';
  return 'collection';
}

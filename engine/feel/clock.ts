/**
 * The clock and time zone FEEL's `now()`/`today()` and calendar-based timers use. Zeebe takes
 * both from the broker (its controllable clock and the JVM's default zone); here the engine
 * injects its clock once at start-up, so a pinned engine clock also pins FEEL.
 */
import { Temporal } from 'temporal-polyfill';
import { EvaluationError } from '../errors';

let clock: () => number = () => Date.now();
let zone: string = systemTimeZone();

function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Drives `now()`, `today()` and timer calculations from the engine's clock (epoch ms). */
export function setFeelClock(now: () => number): void {
  clock = now;
}

/** The zone of `now()` and of calendar arithmetic for timers (Zeebe: the JVM default zone). */
export function setFeelTimeZone(timeZone: string): void {
  try {
    zone = Temporal.ZonedDateTime.from({ year: 2000, month: 1, day: 1, timeZone }).timeZoneId;
  } catch {
    throw new EvaluationError(`Unknown time zone '${timeZone}'`);
  }
}

export function feelNow(): number {
  return clock();
}

export function feelTimeZone(): string {
  return zone;
}

/**
 * Plausibility of a new reading, PURE: the daily consumption since the previous reading against
 * the expected one (annual consumption / 365) and, when known, the previous period's. Outside
 * [minFactor, maxFactor] × expected is implausible; a case worker then decides.
 */
import Decimal from 'decimal.js';
import { daysBetween } from '../shared/dates';

export interface PlausibilityTolerance {
  /** Below this share of the expected daily consumption: implausible. Default 0.3. */
  minFactor: Decimal.Value;
  /** Above this multiple: implausible. Default 2.5. */
  maxFactor: Decimal.Value;
}

export const defaultTolerance: PlausibilityTolerance = { minFactor: '0.3', maxFactor: '2.5' };

export interface PlausibilityInput {
  previous: { date: string; valueKwh: string };
  current: { date: string; valueKwh: string };
  expectedAnnualKwh: Decimal.Value;
  previousPeriodDailyKwh?: Decimal.Value;
  tolerance?: Partial<PlausibilityTolerance>;
}

export interface PlausibilityResult {
  plausible: boolean;
  /** German, for the case worker's task and the customer. */
  reasons: string[];
  /** kWh a day since the previous reading, 3 decimals; '0.000' when no day has passed. */
  dailyKwh: string;
  expectedDailyKwh: string;
}

export function checkPlausibility(input: PlausibilityInput): PlausibilityResult {
  const tol = { ...defaultTolerance, ...input.tolerance };
  const days = daysBetween(input.previous.date, input.current.date);
  const used = new Decimal(input.current.valueKwh).minus(input.previous.valueKwh);
  const expected = new Decimal(input.expectedAnnualKwh).dividedBy(365);
  const daily = days > 0 ? used.dividedBy(days) : new Decimal(0);
  const reasons: string[] = [];
  if (days <= 0) reasons.push('Das Ablesedatum liegt nicht nach dem der vorherigen Ablesung.');
  if (used.isNegative()) reasons.push(`Der Zählerstand ist niedriger als der vorherige (${fmt(input.previous.valueKwh)} kWh).`);
  if (days > 0 && !used.isNegative()) {
    compare(daily, expected, 'erwarteten Verbrauchs', tol, reasons);
    if (input.previousPeriodDailyKwh !== undefined)
      compare(daily, new Decimal(input.previousPeriodDailyKwh), 'Verbrauchs im Vorzeitraum', tol, reasons);
  }
  return { plausible: reasons.length === 0, reasons, dailyKwh: daily.toFixed(3), expectedDailyKwh: expected.toFixed(3) };
}

function compare(daily: Decimal, reference: Decimal, what: string, tol: PlausibilityTolerance, reasons: string[]): void {
  if (reference.lessThanOrEqualTo(0)) return; // nothing to compare with
  const perDay = `${fmt(daily.toFixed(3))} kWh pro Tag`;
  const ref = `${fmt(reference.toFixed(3))} kWh pro Tag`;
  if (daily.lessThan(reference.times(tol.minFactor))) {
    reasons.push(`Der Verbrauch von ${perDay} liegt unter ${percent(tol.minFactor)} des ${what} (${ref}).`);
  } else if (daily.greaterThan(reference.times(tol.maxFactor))) {
    reasons.push(`Der Verbrauch von ${perDay} liegt über dem ${fmt(new Decimal(tol.maxFactor).toString())}-fachen des ${what} (${ref}).`);
  }
}

function percent(factor: Decimal.Value): string {
  return `${fmt(new Decimal(factor).times(100).toString())} %`;
}

/** German decimal comma for texts. */
function fmt(value: string): string {
  return value.replace('.', ',');
}

/**
 * Monthly shares of a year's consumption (Jahresverbrauch) by standard load profile.
 *
 * No product holds load-profile factors yet (tariffs carry prices only), so the forecast uses these
 * documented monthly profiles, kept to 0.1 % so a hand calculation can follow them:
 * - `H0` (household electricity): the BDEW H0 profile's energy per calendar month, with its
 *   dynamisation, approximated and rounded to 0.1 % (winter months about a third above summer);
 * - `HEF` (household gas, heating in a single-family home): a heating profile after the SLP gas
 *   procedure at a long-term average temperature year, rounded to 0.5 %.
 * Each profile's shares sum to exactly 1, so a year of forecast holds the annual consumption.
 * A product picks its profile in `forecast_cost_bases.load_profile` (db/migrations/019_forecast.ts).
 */
import Decimal from 'decimal.js';

export type LoadProfileCode = 'H0' | 'HEF';

/** Percent of the annual consumption, January first. */
const percentByMonth: Record<LoadProfileCode, readonly string[]> = {
  H0: ['9.8', '8.8', '9.1', '8.1', '7.7', '7.2', '7.4', '7.4', '7.6', '8.4', '8.9', '9.6'],
  HEF: ['16', '14', '12', '8', '4.5', '2.5', '2', '2', '3.5', '7.5', '12', '16'],
};

export const loadProfileCodes = Object.keys(percentByMonth) as LoadProfileCode[];

export function isLoadProfileCode(value: unknown): value is LoadProfileCode {
  return typeof value === 'string' && (loadProfileCodes as string[]).includes(value);
}

/** The share (0..1) of the annual consumption in a calendar month (1 = January). */
export function monthShare(profile: LoadProfileCode, month: number): Decimal {
  const percent = percentByMonth[profile][month - 1];
  if (percent === undefined) throw new RangeError(`month ${month} is not 1..12`);
  return new Decimal(percent).dividedBy(100);
}

/** The profile a product of this commodity takes when none is configured. */
export function defaultLoadProfile(commodity: string): LoadProfileCode {
  return commodity === 'gas' ? 'HEF' : 'H0';
}

/**
 * How a period's consumption is shared among its price periods, when only two readings are known.
 *
 * The rule is replaceable: `calculateBill` takes any `ConsumptionSplit`. The default is
 * `splitByDays`, linear by days as §12 (2) StromGVV / GasGVV allow. Where a standard load profile
 * (SLP, e.g. H0 for households) is known, a split weighting the days by the profile (winter days
 * weigh more) can replace it; it must keep the contract below: one share per period, summing
 * exactly to the total.
 */
import Decimal from 'decimal.js';

export interface SplitPeriod {
  from: string;
  to: string;
  days: number;
}

export type ConsumptionSplit = (totalKwh: Decimal, periods: SplitPeriod[]) => Decimal[];

/** kWh shares are kept to 3 decimals (Wh), the meter_readings scale. */
export const kwhDecimals = 3;

/**
 * Linear by days. Each share is rounded to 3 decimals (half up); the last period takes the
 * remainder, so the shares sum exactly to the total.
 */
export const splitByDays: ConsumptionSplit = (totalKwh, periods) => {
  if (periods.length === 0) return [];
  const totalDays = periods.reduce((sum, p) => sum + p.days, 0);
  if (totalDays <= 0 || periods.some((p) => p.days <= 0)) throw new RangeError('every period needs at least one day');
  const shares = periods
    .slice(0, -1)
    .map((p) => totalKwh.times(p.days).dividedBy(totalDays).toDecimalPlaces(kwhDecimals, Decimal.ROUND_HALF_UP));
  const given = shares.reduce((sum, s) => sum.plus(s), new Decimal(0));
  return [...shares, totalKwh.minus(given)];
};

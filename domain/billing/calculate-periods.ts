/** Billing periods and the price periods within them (a cut at every tariff version and VAT change). */
import { addDays, addMonths, daysBetweenInclusive, isoDate } from '../shared/dates';
import { versionAt, type TariffVersion } from '../tariffs/types';

export class BillingError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'BillingError';
  }
}

export interface RatedPeriod {
  from: string;
  to: string;
  days: number;
  version: TariffVersion;
  vatRatePercent: string;
}

/**
 * Cuts [periodStart, periodEnd] at every date a tariff version or a VAT rate takes effect, so that
 * each stretch has one price and one VAT rate. Versions and rates may come in any order.
 */
export function pricePeriodsOf(
  periodStart: string,
  periodEnd: string,
  versions: readonly TariffVersion[],
  vatRates: ReadonlyArray<{ validFrom: string; ratePercent: string }>,
): RatedPeriod[] {
  const sortedVersions = [...versions].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  const sortedRates = [...vatRates].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  const cuts = [...new Set([...sortedVersions, ...sortedRates].map((x) => x.validFrom))]
    .filter((d) => d > periodStart && d <= periodEnd)
    .sort();
  const starts = [periodStart, ...cuts];
  return starts.map((from, i) => {
    const to = i + 1 < starts.length ? addDays(starts[i + 1], -1) : periodEnd;
    const version = versionAt(sortedVersions, from);
    if (!version) throw new BillingError('tariff.versions', `Kein Preis gültig am ${from}`);
    const rate = versionAt(sortedRates, from);
    if (!rate) throw new BillingError('vatRates', `Kein Umsatzsteuersatz gültig am ${from}`);
    return { from, to, days: daysBetweenInclusive(from, to), version, vatRatePercent: rate.ratePercent };
  });
}

export interface BillingContract {
  startDate: string;
  /** First day of the running billing period (contracts.billing_period_start); else the start date. */
  billingPeriodStart?: string | null;
  endDate?: string | null;
  /** The tariff's billing period, 1–12 months (§40b EnWG: at most a year). */
  billingPeriodMonths?: number;
}

/**
 * The billing period containing `asOf`: months counted from the anchor (billing_period_start or
 * the supply start), each period anchored there so month ends do not drift (31 Jan, 29 Feb, 31 Mar).
 * A period ends early on the contract's end date (final bill). Before the anchor: the first period.
 */
export function billingPeriodFor(contract: BillingContract, asOf: string): { start: string; end: string } {
  const anchor = isoDate(contract.billingPeriodStart ?? contract.startDate);
  const months = contract.billingPeriodMonths ?? 12;
  const [ay, am] = anchor.split('-').map(Number);
  const [y, m] = asOf.split('-').map(Number);
  let k = Math.max(0, Math.floor(((y - ay) * 12 + (m - am)) / months));
  while (k > 0 && addMonths(anchor, k * months) > asOf) k--;
  while (addMonths(anchor, (k + 1) * months) <= asOf) k++;
  const start = addMonths(anchor, k * months);
  let end = addDays(addMonths(anchor, (k + 1) * months), -1);
  if (contract.endDate && isoDate(contract.endDate) < end) end = isoDate(contract.endDate);
  return { start, end };
}

/** The first day after the billing period containing `asOf`; null when the contract ends within it. */
export function nextBillingPeriodStart(contract: BillingContract, asOf: string): string | null {
  const { end } = billingPeriodFor(contract, asOf);
  if (contract.endDate && isoDate(contract.endDate) === end) return null;
  return addDays(end, 1);
}

/**
 * Default interest (Verzugszinsen, §288 BGB) per day over the dated base rate of §247 BGB. Pure:
 * the caller loads the base rates (`loadBaseRates`) and says which principal was open when.
 *
 * Conventions (no statute fixes the method; these are the ones German courts and the usual
 * interest calculators apply):
 * - Interest runs from the day after the due date (§187 (1) BGB: the day of the event does not
 *   count) up to and including `toDate`; a payment reduces the principal from its clearing date
 *   on (the day the money arrives bears no interest on the part paid).
 * - Day count act/365: the days actually elapsed, each worth 1/365 of the yearly rate, also in
 *   a leap year (§191 BGB reckons a year at 365 days; 29 February is simply one more day).
 * - The rate is the base rate in force on each day plus the spread (§288 (1): +5 points for
 *   consumers, (2): +9 points where no consumer is party), so a period is split at every base
 *   rate change (1 Jan, 1 Jul) and at every change of the principal.
 * - A negative base rate (2013–2022) is applied as it is: −0.88 % + 5 = 4.12 %. Should a
 *   configured spread make the sum negative, the result is negative too; the caller decides
 *   (chargeInterest posts only positive interest).
 * - decimal.js throughout; rounded once, at the end, to whole cents half away from zero.
 */
import Decimal from 'decimal.js';
import { descriptors } from '../../config/settings';
import type { Database } from '../../db';
import { roundToCents, type Cents } from '../money';
import { addDays, daysBetweenInclusive, isoDate, isValidIsoDate, type IsoDate } from '../shared/dates';
import { toDecimalString } from '../shared/db';

export type CustomerType = 'consumer' | 'business';

export interface BaseRate {
  validFrom: IsoDate;
  /** Percent per year as a decimal string ("1.27", "-0.88"). */
  ratePercent: string;
}

/** Percentage points over the base rate, as decimal strings. */
export interface InterestSpreads {
  consumer: string;
  business: string;
}

/** The spreads the settings default to (DEFAULT_INTEREST_SPREAD_CONSUMER_PP / _BUSINESS_PP). */
export const defaultSpreads: InterestSpreads = {
  consumer: String(descriptors.defaultInterestSpreadConsumerPp.default),
  business: String(descriptors.defaultInterestSpreadBusinessPp.default),
};

/** act/365: see the comment at the top. */
const DAYS_PER_YEAR = 365;

export class InterestError extends Error {
  constructor(
    readonly code: 'invalid_input' | 'no_base_rate',
    message: string,
  ) {
    super(message);
    this.name = 'InterestError';
  }
}

export interface PrincipalChange {
  /** From this day on (inclusive) the open principal is `principalCents`. */
  date: IsoDate;
  principalCents: Cents;
}

export interface InterestInput {
  /** Open principal from the start of the period. */
  principalCents: Cents;
  /** The due date (or the last day already charged): interest starts the day after. */
  fromDate: IsoDate;
  /** Last day that bears interest (inclusive). */
  toDate: IsoDate;
  customerType: CustomerType;
  baseRates: BaseRate[];
  spreads?: InterestSpreads;
  /** Later changes of the open principal (part payments, a returned debit reopening the item). */
  principalChanges?: PrincipalChange[];
}

export interface InterestSegment {
  /** First and last day of the segment, both inclusive. */
  from: IsoDate;
  to: IsoDate;
  days: number;
  principalCents: Cents;
  baseRatePercent: string;
  spreadPoints: string;
  /** Base rate + spread. */
  ratePercent: string;
  /** Unrounded euros of this segment (principal × rate/100 × days/365). */
  interestEuros: string;
}

export interface InterestResult {
  cents: Cents;
  segments: InterestSegment[];
}

/** The base rates, oldest first. */
export async function loadBaseRates(db: Database): Promise<BaseRate[]> {
  const rows = (await db('base_rates').select('valid_from', 'rate_percent').orderBy('valid_from')) as Array<{
    valid_from: Date | string;
    rate_percent: string;
  }>;
  return rows.map((r) => ({ validFrom: isoDate(r.valid_from), ratePercent: toDecimalString(r.rate_percent) }));
}

export function defaultInterest(input: InterestInput): InterestResult {
  const { fromDate, toDate, customerType } = input;
  if (!isValidIsoDate(fromDate) || !isValidIsoDate(toDate)) throw new InterestError('invalid_input', 'fromDate and toDate must be dates');
  if (!Number.isSafeInteger(input.principalCents)) throw new InterestError('invalid_input', 'principalCents must be whole cents');
  const spreads = input.spreads ?? defaultSpreads;
  const spread = new Decimal(customerType === 'business' ? spreads.business : spreads.consumer);
  const first = addDays(fromDate, 1);
  if (first > toDate) return { cents: 0, segments: [] };

  const rates = [...input.baseRates].sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
  if (rates.length === 0 || rates[0].validFrom > first) throw new InterestError('no_base_rate', `no base rate in force on ${first}`);
  const changes = [...(input.principalChanges ?? [])].sort((a, b) => (a.date < b.date ? -1 : 1));

  // Every day a rate or the principal changes starts a new segment.
  const cuts = new Set<IsoDate>([first]);
  for (const r of rates) if (r.validFrom > first && r.validFrom <= toDate) cuts.add(r.validFrom);
  for (const c of changes) if (c.date > first && c.date <= toDate) cuts.add(c.date);
  const starts = [...cuts].sort();

  const segments: InterestSegment[] = [];
  let total = new Decimal(0);
  for (let i = 0; i < starts.length; i++) {
    const from = starts[i];
    const to = i + 1 < starts.length ? addDays(starts[i + 1], -1) : toDate;
    const base = new Decimal(rates.filter((r) => r.validFrom <= from).at(-1)!.ratePercent);
    const principal = changes.filter((c) => c.date <= from).at(-1)?.principalCents ?? input.principalCents;
    if (principal === 0) continue;
    const rate = base.plus(spread);
    const days = daysBetweenInclusive(from, to);
    const euros = new Decimal(principal).dividedBy(100).times(rate).dividedBy(100).times(days).dividedBy(DAYS_PER_YEAR);
    total = total.plus(euros);
    segments.push({
      from,
      to,
      days,
      principalCents: principal,
      baseRatePercent: base.toString(),
      spreadPoints: spread.toString(),
      ratePercent: rate.toString(),
      interestEuros: euros.toString(),
    });
  }
  return { cents: roundToCents(total), segments };
}

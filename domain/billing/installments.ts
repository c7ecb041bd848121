/**
 * Installments (Abschläge): how much, and when. PURE; the plans in the database are in
 * installments-repository.ts.
 *
 * §40 EnWG: installments must be proportionate to the expected consumption. The proposal is the
 * expected annual bill (the same calculation as a real bill, over the next 365 days, with the
 * expected annual consumption) divided by the number of installments a year.
 */
import Decimal from 'decimal.js';
import type { Cents } from '../money';
import { addDays, addMonths, maxDate } from '../shared/dates';
import type { ProductKind, TariffVersion } from '../tariffs/types';
import { calculateBill } from './calculate';

export type Cadence = 'monthly' | 'quarterly' | 'half_yearly';

/** §40b EnWG offers monthly, quarterly or half-yearly billing; installments follow the same cadence. */
export const monthsPerInstallment: Record<Cadence, number> = { monthly: 1, quarterly: 3, half_yearly: 6 };

/**
 * 'euro_up' (default): up to whole euros, a common practice (a slight surplus rather than a
 * back payment, and round figures on the customer's statement); 'cent': commercial rounding.
 */
export type InstallmentRounding = 'euro_up' | 'cent';

export interface InstallmentInput {
  annualConsumptionKwh: number | string;
  productKind?: ProductKind;
  /** All versions; the ones in force over the 365 days from `from` are used. */
  versions: readonly TariffVersion[];
  /** A single rate, or the commodity's dated rates. */
  vatRatePercent: string | ReadonlyArray<{ validFrom: string; ratePercent: string }>;
  cadence: Cadence;
  modules?: readonly string[];
  /** First day of the year the installments cover; default: the latest version's valid_from. */
  from?: string;
  billingPeriodMonths?: number;
  rounding?: InstallmentRounding;
}

export interface ExpectedAnnualCost {
  netCents: Cents;
  vatCents: Cents;
  grossCents: Cents;
  installmentsPerYear: number;
}

/** The expected gross bill of a year: a bill for 365 days from `from` with the expected consumption. */
export function expectedAnnualCost(input: InstallmentInput): ExpectedAnnualCost {
  if (input.versions.length === 0) throw new RangeError('no tariff version');
  const from = input.from ?? [...input.versions].map((v) => v.validFrom).sort()[input.versions.length - 1];
  const to = addDays(from, 364);
  const rates =
    typeof input.vatRatePercent === 'string' ? [{ validFrom: '0001-01-01', ratePercent: input.vatRatePercent }] : input.vatRatePercent;
  const kwh = new Decimal(input.annualConsumptionKwh).toFixed(3);
  const meter = (date: string, valueKwh: string) => ({ meterNumber: '', date, valueKwh, kind: 'estimated' as const });
  const bill = calculateBill({
    contract: { id: '', startDate: from, annualConsumptionKwh: input.annualConsumptionKwh, tariffModules: input.modules ?? [] },
    tariff: { productKind: input.productKind ?? 'standard', versions: input.versions, billingPeriodMonths: input.billingPeriodMonths },
    vatRates: rates,
    kind: 'interim',
    periodStart: from,
    periodEnd: to,
    readings: { start: meter(from, '0'), end: meter(to, kwh) },
    installmentsCents: 0,
  });
  return {
    netCents: bill.netCents,
    vatCents: bill.vatCents,
    grossCents: bill.grossCents,
    installmentsPerYear: 12 / monthsPerInstallment[input.cadence],
  };
}

/** Gross cents per installment: expected annual gross / installments a year, rounded (see InstallmentRounding). */
export function proposeInstallment(input: InstallmentInput): Cents {
  const { grossCents, installmentsPerYear } = expectedAnnualCost(input);
  const each = new Decimal(grossCents).dividedBy(installmentsPerYear);
  if ((input.rounding ?? 'euro_up') === 'cent') return each.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
  return each.dividedBy(100).toDecimalPlaces(0, Decimal.ROUND_CEIL).times(100).toNumber();
}

/**
 * Due dates of a plan within [from, to]: every 1/3/6 months from valid_from's day (anchored, so a
 * plan from 31 Jan is due 29 Feb, 31 Mar, …). None before supply starts (§41b (3) EnWG).
 */
export function installmentDueDates(
  plan: { validFrom: string; cadence: Cadence },
  from: string,
  to: string,
  supplyStart: string,
): string[] {
  const step = monthsPerInstallment[plan.cadence];
  const earliest = maxDate(from, supplyStart);
  const dates: string[] = [];
  for (let k = 0; ; k++) {
    const due = addMonths(plan.validFrom, k * step);
    if (due > to) break;
    if (due >= earliest) dates.push(due);
  }
  return dates;
}

/** Whether a requested amount lies within ±tolerancePercent of the proposal (integer cents, exact). */
export function withinTolerance(amountCents: Cents, proposedCents: Cents, tolerancePercent: number | string): boolean {
  const allowed = new Decimal(proposedCents).times(tolerancePercent).dividedBy(100);
  return new Decimal(amountCents - proposedCents).abs().lessThanOrEqualTo(allowed);
}

/**
 * The bill of one period, PURE: no database, no clock. The caller loads the contract, the tariff
 * with its versions, the VAT rates of the commodity and the two readings.
 *
 * 1. The period is cut at every tariff version and VAT change (price periods).
 * 2. The consumption (end − start reading) is split among them: by days unless `split` replaces it.
 * 3. Each price period is priced (calculate-lines.ts); every line is rounded on its own.
 * 4. VAT once per rate over the rounded lines; gross = net + VAT; amount due = gross − installments.
 */
import Decimal from 'decimal.js';
import { assertCents, vatByRate, type Cents } from '../money';
import { addDays, addMonths, daysBetweenInclusive, isoDate } from '../shared/dates';
import { kwhDecimals, splitByDays, type ConsumptionSplit } from '../tariffs/proration';
import type { ProductKind, TariffVersion } from '../tariffs/types';
import { linesForPeriod } from './calculate-lines';
import { BillingError, pricePeriodsOf } from './calculate-periods';
import type { BillCalculation, BillKind, ReadingUsed } from './types';

export { BillingError, billingPeriodFor, nextBillingPeriodStart, pricePeriodsOf, type BillingContract } from './calculate-periods';

export interface BillInput {
  contract: { id: string; startDate: string; annualConsumptionKwh: number | string; tariffModules?: readonly string[] };
  tariff: { productKind: ProductKind; billingPeriodMonths?: number; versions: readonly TariffVersion[] };
  /** The commodity's VAT rates, any order. */
  vatRates: ReadonlyArray<{ validFrom: string; ratePercent: string }>;
  kind: BillKind;
  periodStart: string;
  periodEnd: string;
  readings: { start: ReadingUsed; end: ReadingUsed };
  /** Gross installments requested for this period. */
  installmentsCents: Cents;
  previousPeriod?: BillCalculation['previousPeriod'];
  /** Replaces the split by days (e.g. by a load profile); must sum exactly to the total. */
  split?: ConsumptionSplit;
}

export function calculateBill(input: BillInput): BillCalculation {
  const periodStart = isoDate(input.periodStart);
  const periodEnd = isoDate(input.periodEnd);
  if (periodEnd < periodStart) throw new BillingError('periodEnd', 'Abrechnungsende liegt vor dem Beginn');
  if (periodStart < isoDate(input.contract.startDate))
    throw new BillingError('periodStart', 'Abrechnungsbeginn liegt vor dem Lieferbeginn');
  assertCents(input.installmentsCents);
  const { start, end } = input.readings;
  if (end.date < start.date) throw new BillingError('readings.end', 'Endablesung liegt vor der Anfangsablesung');
  const consumption = new Decimal(end.valueKwh).minus(start.valueKwh);
  if (consumption.isNegative()) throw new BillingError('readings.end', 'Endzählerstand ist kleiner als der Anfangszählerstand');

  const rated = pricePeriodsOf(periodStart, periodEnd, input.tariff.versions, input.vatRates);
  const shares = (input.split ?? splitByDays)(consumption, rated);
  const shareSum = shares.reduce((sum, s) => sum.plus(s), new Decimal(0));
  if (shares.length !== rated.length || !shareSum.equals(consumption) || shares.some((s) => s.isNegative())) {
    throw new BillingError('split', 'Die Verbrauchsaufteilung muss je Preiszeitraum einen Anteil liefern, der Summe nach genau');
  }

  const totalDays = daysBetweenInclusive(periodStart, periodEnd);
  // Scaled bands are annual: consumption × 365 / days (a full leap year counts 365/366 of it).
  const annualisedKwh = consumption.times(365).dividedBy(totalDays);
  // Package products: the package covers one nominal billing period from periodStart.
  const nominalDays = daysBetweenInclusive(periodStart, addDays(addMonths(periodStart, input.tariff.billingPeriodMonths ?? 12), -1));
  const lines = rated.flatMap((p, i) =>
    linesForPeriod({
      ...p,
      kind: input.tariff.productKind,
      kwh: shares[i],
      annualisedKwh,
      packageShare: new Decimal(p.days).dividedBy(nominalDays),
      modules: input.contract.tariffModules ?? [],
    }),
  );

  const vat = vatByRate(lines);
  const netCents = vat.reduce((sum, g) => sum + g.netCents, 0);
  const vatCents = vat.reduce((sum, g) => sum + g.vatCents, 0);
  const grossCents = netCents + vatCents;
  return {
    contractId: input.contract.id,
    kind: input.kind,
    periodStart,
    periodEnd,
    readings: { start, end },
    consumptionKwh: consumption.toFixed(kwhDecimals),
    periods: rated.map((p, i) => ({
      from: p.from,
      to: p.to,
      days: p.days,
      tariffVersionId: p.version.id,
      consumptionKwh: shares[i].toFixed(kwhDecimals),
      vatRatePercent: p.vatRatePercent,
    })),
    lines,
    vat,
    netCents,
    vatCents,
    grossCents,
    installmentsCents: input.installmentsCents,
    amountDueCents: grossCents - input.installmentsCents,
    ...(input.previousPeriod ? { previousPeriod: input.previousPeriod } : {}),
  };
}

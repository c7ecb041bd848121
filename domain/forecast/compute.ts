/**
 * The forecast itself: a pure function of a portfolio snapshot and a scenario, so its figures can
 * be checked against a hand calculation (compute.test.ts).
 *
 * Per product and month:
 * - customers: the cohorts' contracts, each counted for the share of the month's days it supplies
 *   (a signed contract from its start, a confirmed termination up to its end), times the survival
 *   after churn, plus the new
 *   customers. Churn is a yearly rate spread evenly over the months: every month end loses
 *   rate/12 of the customers then supplied (12 % a year → 1 % a month; compounded that loses
 *   11.4 % of a year's stock, a deliberate simplicity an analyst can follow by hand). The first
 *   forecast month has no churn yet. New customers start on each month's first day and churn from
 *   the month after.
 * - consumption: the expected annual consumption of those customers (contracts.annual_consumption_kwh,
 *   the figure installments and estimated readings use; new customers the product's average)
 *   times the load profile's share of that calendar month (profiles.ts).
 * - prices: the tariff versions in force, weighted by their days in the month (a version from the
 *   15th prices half of February); a scenario's price change from a month replaces or scales them.
 *   Products with tiers, packages or modules are priced with their version's base and working
 *   price (the forecast does not know each customer's band or modules).
 * - revenue = customers × base price per month + kWh × working price, net;
 *   procurement = kWh × procurement cost; network = kWh × network/levies per kWh + customers ×
 *   network per month; margin (Deckungsbeitrag) = revenue − procurement − network.
 * Every amount is computed exactly (decimal.js, 40 digits) and rounded once to cents, half away
 * from zero (the money module's rule); the margin is the difference of the rounded amounts, so a
 * row always adds up.
 */
import Decimal from 'decimal.js';
import { addDays, addMonths, daysBetweenInclusive, maxDate, minDate } from '../shared/dates';
import type { Cents } from '../money';
import { monthShare } from './profiles';
import {
  ForecastError,
  type CostBasis,
  type Forecast,
  type ForecastCell,
  type ForecastMonth,
  type PortfolioSnapshot,
  type PriceChangeAssumption,
  type PriceVersion,
  type Scenario,
} from './types';

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
type Dec = InstanceType<typeof D>;

const cents = (euros: Dec): Cents => euros.times(100).toDecimalPlaces(0, D.ROUND_HALF_UP).toNumber();

interface MonthSpan {
  month: string;
  first: string;
  last: string;
  days: number;
  calendarMonth: number;
}

export function monthSpans(startMonth: string, count: number): MonthSpan[] {
  return Array.from({ length: count }, (_, i) => {
    const first = addMonths(`${startMonth}-01`, i);
    const last = addDays(addMonths(first, 1), -1);
    return { month: first.slice(0, 7), first, last, days: daysBetweenInclusive(first, last), calendarMonth: Number(first.slice(5, 7)) };
  });
}

/** Base and working price of the month: each version weighted by its days in the month. */
function monthPrices(versions: PriceVersion[], span: MonthSpan): { base: Dec; working: Dec } {
  if (versions.length === 0) return { base: new D(0), working: new D(0) };
  let base = new D(0);
  let working = new D(0);
  versions.forEach((v, i) => {
    // Days before the first version are priced by it: a product is never without a price.
    const from = i === 0 ? span.first : maxDate(v.validFrom, span.first);
    const next = versions[i + 1]?.validFrom;
    const to = next ? minDate(addDays(next, -1), span.last) : span.last;
    if (to < from) return;
    const share = new D(daysBetweenInclusive(from, to)).dividedBy(span.days);
    base = base.plus(new D(v.basePriceMonthNet).times(share));
    working = working.plus(new D(v.workingPriceKwhNet).times(share));
  });
  return { base, working };
}

function applyPriceChange(prices: { base: Dec; working: Dec }, change: PriceChangeAssumption | undefined): { base: Dec; working: Dec } {
  if (!change) return prices;
  if (change.percent !== undefined) {
    const factor = new D(1).plus(new D(change.percent).dividedBy(100));
    return { base: prices.base.times(factor), working: prices.working.times(factor) };
  }
  return {
    base: change.basePriceMonthNet !== undefined ? new D(change.basePriceMonthNet) : prices.base,
    working: change.workingPriceKwhNet !== undefined ? new D(change.workingPriceKwhNet) : prices.working,
  };
}

/** The cost basis in force on the month's first day; one entered from a later date stands in before it. */
function costAt(costs: CostBasis[], date: string): CostBasis | undefined {
  let found: CostBasis | undefined = costs[0];
  for (const c of costs) if (c.validFrom <= date) found = c;
  return found;
}

/** Share of the month's days a cohort supplies: from its start (if later) to its end (if any). */
function suppliedShare(startDate: string | null | undefined, endDate: string | null, span: MonthSpan): Dec {
  const from = startDate ? maxDate(startDate, span.first) : span.first;
  const to = endDate ? minDate(endDate, span.last) : span.last;
  if (to < from) return new D(0);
  const days = daysBetweenInclusive(from, to);
  return days === span.days ? new D(1) : new D(days).dividedBy(span.days);
}

export function computeForecast(snapshot: PortfolioSnapshot, scenario: Scenario): Forecast {
  const spans = monthSpans(scenario.startMonth, scenario.months);
  const products = [...snapshot.products].sort((a, b) => a.tariffCode.localeCompare(b.tariffCode));
  const details: Array<{ field: string; message: string }> = [];

  const perProduct = products.map((p) => {
    const cohorts = snapshot.cohorts.filter((c) => c.tariffCode === p.tariffCode);
    const contracts = cohorts.filter((c) => !c.startDate).reduce((n, c) => n + c.contracts, 0);
    const signed = cohorts.reduce((n, c) => n + c.contracts, 0);
    const annualKwh = cohorts.reduce((n, c) => n + c.annualKwh, 0);
    const average = signed > 0 ? new D(annualKwh).dividedBy(signed) : null;
    const churnPercent = scenario.churn.find((c) => c.tariffCode === p.tariffCode)?.percentPerYear ?? '0';
    const monthlySurvival = new D(1).minus(new D(churnPercent).dividedBy(100).dividedBy(12));
    const newIndex = scenario.newCustomers.findIndex((n) => n.tariffCode === p.tariffCode);
    const acquisition = scenario.newCustomers[newIndex];
    const newPerMonth = acquisition?.perMonth ?? 0;
    const newKwh = acquisition?.annualKwh !== undefined ? new D(acquisition.annualKwh) : average;
    if (newPerMonth > 0 && newKwh === null)
      details.push({
        field: `newCustomers[${newIndex}].annualKwh`,
        message: `${p.tariffCode} has no contracts to take an average consumption from: give annualKwh`,
      });
    const changes = scenario.priceChanges
      .filter((c) => c.tariffCode === p.tariffCode)
      .sort((a, b) => a.fromMonth.localeCompare(b.fromMonth));
    return { p, cohorts, contracts, average, monthlySurvival, newPerMonth, newKwh: newKwh ?? new D(0), changes };
  });
  if (details.length) throw new ForecastError(details);

  const newStock = new Map<string, Dec>(products.map((p) => [p.tariffCode, new D(0)]));
  const months: ForecastMonth[] = spans.map((span, m) => {
    const items = perProduct.map((x) => {
      // Customers acquired so far, after churn: last month's times the survival, plus this month's.
      const acquired = (m === 0 ? new D(0) : newStock.get(x.p.tariffCode)!.times(x.monthlySurvival)).plus(x.newPerMonth);
      newStock.set(x.p.tariffCode, acquired);
      const survival = x.monthlySurvival.pow(m);
      let existing = new D(0);
      let existingKwh = new D(0);
      for (const c of x.cohorts) {
        const share = suppliedShare(c.startDate, c.endDate, span);
        existing = existing.plus(share.times(c.contracts));
        existingKwh = existingKwh.plus(share.times(c.annualKwh));
      }
      const customers = existing.times(survival).plus(acquired);
      const kwh = existingKwh.times(survival).plus(acquired.times(x.newKwh)).times(monthShare(x.p.loadProfile, span.calendarMonth));
      const change = [...x.changes].reverse().find((c) => c.fromMonth <= span.month);
      const prices = applyPriceChange(monthPrices(x.p.prices, span), change);
      const cost = costAt(x.p.costs, span.first);
      const revenueCents = cents(customers.times(prices.base).plus(kwh.times(prices.working)));
      const procurementCents = cost ? cents(kwh.times(cost.procurementKwhNet)) : 0;
      const networkCents = cost ? cents(kwh.times(cost.networkKwhNet).plus(customers.times(cost.networkMonthNet))) : 0;
      return {
        cell: {
          tariffCode: x.p.tariffCode,
          customers: customers.toFixed(2),
          kwh: kwh.toFixed(0),
          revenueCents,
          procurementCents,
          networkCents,
          marginCents: revenueCents - procurementCents - networkCents,
        } satisfies ForecastCell,
        customers,
        kwh,
      };
    });
    const sum = (f: (c: ForecastCell) => number) => items.reduce((n, i) => n + f(i.cell), 0);
    return {
      month: span.month,
      items: items.map((i) => i.cell),
      total: {
        customers: items.reduce((n, i) => n.plus(i.customers), new D(0)).toFixed(2),
        kwh: items.reduce((n, i) => n.plus(i.kwh), new D(0)).toFixed(0),
        revenueCents: sum((c) => c.revenueCents),
        procurementCents: sum((c) => c.procurementCents),
        networkCents: sum((c) => c.networkCents),
        marginCents: sum((c) => c.marginCents),
      },
    };
  });

  return {
    asOf: snapshot.asOf,
    scenario,
    products: perProduct.map((x) => ({
      tariffCode: x.p.tariffCode,
      name: x.p.name,
      commodity: x.p.commodity,
      loadProfile: x.p.loadProfile,
      contracts: x.contracts,
      averageAnnualKwh: x.average === null ? null : x.average.toDecimalPlaces(0).toNumber(),
      hasCostBasis: x.p.costs.length > 0,
    })),
    months,
  };
}

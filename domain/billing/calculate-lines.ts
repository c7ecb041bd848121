/**
 * The priced lines of one price period. Each line's net is rounded to cents on its own
 * (commercial rounding); the VAT is computed later, once per rate over the rounded lines.
 *
 * Base prices are per month and charged day-exact: months = days × 12 / 365. A 365-day year is
 * 12 months; a leap year's 366 days are 12.0329 months (the base price per day is a 365th of the
 * annual price, as most suppliers print it). The quantity shows 4 decimals; the net is computed
 * from the exact fraction, not from the shown quantity.
 */
import Decimal from 'decimal.js';
import { roundToCents } from '../money';
import { BillingError, type RatedPeriod } from './calculate-periods';
import type { BillLine } from './types';
import type { PriceTier, ProductKind } from '../tariffs/types';

export interface PeriodPricing extends RatedPeriod {
  kind: ProductKind;
  /** This period's share of the consumption. */
  kwh: Decimal;
  /** The consumption of the whole bill, annualised (scaled products pick their band by it). */
  annualisedKwh: Decimal;
  /** Share of the tariff's billing period this price period covers (package products). */
  packageShare: Decimal;
  modules: readonly string[];
}

const daysPerYear = 365;

export function monthsOf(days: number): Decimal {
  return new Decimal(days).times(12).dividedBy(daysPerYear);
}

export function linesForPeriod(p: PeriodPricing): BillLine[] {
  const lines: BillLine[] = [];
  const add = (kind: BillLine['kind'], description: string, quantity: string, unit: BillLine['unit'], price: string, net: Decimal) =>
    lines.push({
      kind,
      description,
      from: p.from,
      to: p.to,
      quantity,
      unit,
      unitPriceNet: price,
      netCents: roundToCents(net),
      vatRatePercent: p.vatRatePercent,
    });
  const months = monthsOf(p.days);
  const base = (description: string, price: string, kind: BillLine['kind'] = 'base') => {
    if (!new Decimal(price).isZero()) add(kind, description, months.toFixed(4), 'Monate', price, months.times(price));
  };
  const energy = (description: string, kwh: Decimal, price: string, kind: BillLine['kind'] = 'energy') =>
    add(kind, description, kwh.toFixed(3), 'kWh', price, kwh.times(price));
  const v = p.version;

  switch (p.kind) {
    case 'scaled': {
      const tier = scaledTier(v.priceTiers, p.annualisedKwh);
      energy(`Arbeitspreis (${bandLabel(v.priceTiers, tier)})`, p.kwh, tier.workingPriceKwhNet);
      base('Grundpreis', tier.basePriceMonthNet ?? v.basePriceMonthNet);
      break;
    }
    case 'tiered':
      for (const band of tieredBands(v.priceTiers, p.kwh, p.days)) energy(`Arbeitspreis ${band.label}`, band.kwh, band.price);
      base('Grundpreis', v.basePriceMonthNet);
      break;
    case 'package': {
      const pkg = v.package;
      if (!pkg) throw new BillingError('tariff.versions', `Preisversion ab ${v.validFrom} hat keine Paketdaten`);
      add('package', 'Paketpreis', p.packageShare.toFixed(4), 'Pauschale', pkg.packagePriceNet, p.packageShare.times(pkg.packagePriceNet));
      const included = p.packageShare.times(pkg.includedKwh).toDecimalPlaces(3, Decimal.ROUND_HALF_UP);
      const extra = p.kwh.minus(included);
      if (extra.greaterThan(0)) energy(`Mehrverbrauch über ${included.toFixed(3)} kWh Paket`, extra, pkg.extraKwhNet);
      base('Grundpreis', v.basePriceMonthNet);
      break;
    }
    default: // standard, prepaid, modular: one working price
      energy('Arbeitspreis', p.kwh, v.workingPriceKwhNet);
      base('Grundpreis', v.basePriceMonthNet);
  }

  for (const code of p.modules) {
    const m = v.modules.find((x) => x.code === code);
    if (!m) throw new BillingError('contract.tariffModules', `Modul ${code} gibt es in der Preisversion ab ${v.validFrom} nicht`);
    base(`${m.name} – Grundpreis`, m.basePriceMonthNet, 'module');
    if (!new Decimal(m.workingPriceKwhNet).isZero()) energy(`${m.name} – Arbeitspreis`, p.kwh, m.workingPriceKwhNet, 'module');
  }
  return lines;
}

/** Staffelpreis: the first band whose upper limit the annual consumption does not exceed. */
export function scaledTier(tiers: readonly PriceTier[], annualKwh: Decimal): PriceTier {
  const tier = tiers.find((t) => t.upToKwh === null || annualKwh.lessThanOrEqualTo(t.upToKwh));
  if (!tier) throw new BillingError('tariff.versions', 'Staffelpreise ohne passende Stufe');
  return tier;
}

/**
 * Stufenpreis: each band priced on its own. Band limits are annual kWh, applied pro rata to the
 * price period's days (limit × days / 365, to 3 decimals), matching the split by days.
 */
export function tieredBands(
  tiers: readonly PriceTier[],
  kwh: Decimal,
  days: number,
): Array<{ label: string; kwh: Decimal; price: string }> {
  if (tiers.length === 0) throw new BillingError('tariff.versions', 'Stufenpreise ohne Stufen');
  const bands: Array<{ label: string; kwh: Decimal; price: string }> = [];
  let lower = new Decimal(0);
  tiers.forEach((t, i) => {
    const upper =
      t.upToKwh === null ? null : new Decimal(t.upToKwh).times(days).dividedBy(daysPerYear).toDecimalPlaces(3, Decimal.ROUND_HALF_UP);
    const inBand = Decimal.max(0, upper === null ? kwh.minus(lower) : Decimal.min(kwh, upper).minus(lower));
    if (inBand.greaterThan(0)) bands.push({ label: `Stufe ${i + 1} (${bandLabel(tiers, t)})`, kwh: inBand, price: t.workingPriceKwhNet });
    if (upper !== null) lower = upper;
  });
  return bands;
}

function bandLabel(tiers: readonly PriceTier[], tier: PriceTier): string {
  const i = tiers.indexOf(tier);
  const fmt = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  if (tier.upToKwh !== null) return `bis ${fmt(tier.upToKwh)} kWh/Jahr`;
  const previous = i > 0 ? tiers[i - 1].upToKwh : null;
  return previous === null ? 'alle kWh' : `über ${fmt(previous)} kWh/Jahr`;
}

import Decimal from 'decimal.js';
import { roundToCents, type Cents } from './cents';

/** VAT on a net amount at a rate in percent ("19", "7", "16"), rounded once per rate. */
export function vatOn(netCents: Cents, ratePercent: string): Cents {
  return roundToCents(new Decimal(netCents).times(ratePercent).dividedBy(100).dividedBy(100));
}

export interface VatGroup {
  ratePercent: string;
  netCents: Cents;
  vatCents: Cents;
}

/** Lines already rounded to cents are summed per rate; the VAT is computed once per rate. */
export function vatByRate(lines: Iterable<{ netCents: Cents; vatRatePercent: string }>): VatGroup[] {
  const byRate = new Map<string, Cents>();
  for (const l of lines) byRate.set(l.vatRatePercent, (byRate.get(l.vatRatePercent) ?? 0) + l.netCents);
  return [...byRate.entries()]
    .sort(([a], [b]) => new Decimal(b).comparedTo(a))
    .map(([ratePercent, netCents]) => ({ ratePercent, netCents, vatCents: vatOn(netCents, ratePercent) }));
}

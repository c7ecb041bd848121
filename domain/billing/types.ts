/**
 * What a bill is made of. `calculateBill` (calculate.ts) produces it from the contract, its tariff
 * versions, the VAT rates and two readings; `bills.calculation` stores it; the bill PDF shows it.
 * Dates are ISO 'YYYY-MM-DD' (inclusive); kWh and unit prices are decimal strings; money is cents.
 */
import type { Cents, VatGroup } from '../money';

export type BillKind = 'annual' | 'final' | 'interim';

/** How a reading came about, as §40 EnWG asks the bill to say. */
export type ReadingKind = 'read' | 'customer' | 'estimated';

export interface ReadingUsed {
  meterNumber: string;
  date: string;
  valueKwh: string;
  kind: ReadingKind;
}

/** A stretch of the billing period with one tariff version and one VAT rate. */
export interface PricePeriod {
  from: string;
  to: string;
  days: number;
  tariffVersionId: string;
  /** This period's share of the consumption (split by days, §12 (2) StromGVV, unless a load profile replaces it). */
  consumptionKwh: string;
  vatRatePercent: string;
}

export interface BillLine {
  kind: 'energy' | 'base' | 'module' | 'package';
  /** German, for the bill: "Arbeitspreis", "Grundpreis", a module's name. */
  description: string;
  from: string;
  to: string;
  /** kWh for energy, months (decimal, day-exact) for base prices. */
  quantity: string;
  unit: 'kWh' | 'Monate' | 'Pauschale';
  unitPriceNet: string;
  /** Rounded per line (commercial rounding). */
  netCents: Cents;
  vatRatePercent: string;
}

export interface BillCalculation {
  contractId: string;
  kind: BillKind;
  periodStart: string;
  periodEnd: string;
  readings: { start: ReadingUsed; end: ReadingUsed };
  consumptionKwh: string;
  periods: PricePeriod[];
  lines: BillLine[];
  /** VAT once per rate over the rounded lines. */
  vat: VatGroup[];
  netCents: Cents;
  vatCents: Cents;
  grossCents: Cents;
  /** Gross installments requested for this period. */
  installmentsCents: Cents;
  /** grossCents − installmentsCents: positive is due, negative is a credit. */
  amountDueCents: Cents;
  /** The comparison §40 EnWG asks for; absent for a first period. */
  previousPeriod?: { periodStart: string; periodEnd: string; consumptionKwh: string };
}

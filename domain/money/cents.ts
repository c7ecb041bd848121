/**
 * Amounts are integer euro cents (`Cents`), never floats. Prices per kWh with more decimals are
 * decimal.js values; they meet cents only through `roundToCents`, the one rounding rule:
 * commercial rounding (half away from zero), per line, then the VAT per rate (see vat.ts).
 */
import Decimal from 'decimal.js';

export type Cents = number;

export class AmountError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AmountError';
  }
}

const decimalAmount = /^(-?)(\d{1,13})(?:\.(\d{1,2}))?$/;

/** "1234.5" or "-0.07" (as ISO 20022 and REST carry amounts) to cents; rejects more than two decimals. */
export function parseAmount(text: string): Cents {
  const m = decimalAmount.exec(text.trim());
  if (!m) throw new AmountError(`not an amount with at most two decimals: ${JSON.stringify(text)}`);
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -cents : cents;
}

/** Cents to a decimal string with two decimals and a dot ("1234.50"), as pain and camt files carry them. */
export function formatAmount(cents: Cents): string {
  assertCents(cents);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Cents for a German reader: "1.234,50 €". */
export function formatEuro(cents: Cents): string {
  const [whole, frac] = formatAmount(cents).replace('-', '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${cents < 0 ? '-' : ''}${grouped},${frac} €`;
}

/** A decimal euro value (e.g. kWh × price per kWh) to cents, rounded half away from zero. */
export function roundToCents(euros: Decimal.Value): Cents {
  return new Decimal(euros).times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}

export function centsToDecimal(cents: Cents): Decimal {
  return new Decimal(cents).dividedBy(100);
}

export function assertCents(value: number): asserts value is Cents {
  if (!Number.isSafeInteger(value)) throw new AmountError(`not a whole number of cents: ${value}`);
}

export function sumCents(values: Iterable<Cents>): Cents {
  let total = 0;
  for (const v of values) {
    assertCents(v);
    total += v;
  }
  return total;
}

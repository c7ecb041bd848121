import { electronicFormatIBAN, friendlyFormatIBAN } from 'ibantools';
import Decimal from 'decimal.js';

/** German formats for letters; inputs are ISO dates and plain numbers. */
const dateFormat = new Intl.DateTimeFormat('de-DE', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Berlin' });
const moneyFormat = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' });
const numberFormat = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 2 });

export function formatDate(value: string | Date): string {
  // A bare ISO date is a calendar day; noon keeps it on the same day in Berlin.
  const d = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : dateFormat.format(d);
}

export function formatMoney(euros: number): string {
  return moneyFormat.format(euros);
}

export function formatNumber(n: number): string {
  return numberFormat.format(n);
}

export function formatIban(iban: string): string {
  return friendlyFormatIBAN(electronicFormatIBAN(iban) ?? iban) ?? iban;
}

/** Letters show only the last four digits of a customer's IBAN. */
export function maskIban(iban: string): string {
  const e = electronicFormatIBAN(iban) ?? iban;
  return formatIban(`${e.slice(0, 4)}${'X'.repeat(Math.max(0, e.length - 8))}${e.slice(-4)}`);
}

/**
 * A decimal string ("12345.6", "0.3120") for a German reader, without going through floats:
 * grouping dots, decimal comma, between minFraction and maxFraction decimals (half away from zero).
 */
export function formatDecimal(value: Decimal.Value, minFraction = 0, maxFraction = 2): string {
  const d = new Decimal(value).toDecimalPlaces(maxFraction, Decimal.ROUND_HALF_UP);
  let [whole, frac = ''] = d.abs().toFixed(maxFraction).split('.');
  frac = frac.replace(/0+$/, '').padEnd(minFraction, '0');
  whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${d.isNegative() && !d.isZero() ? '-' : ''}${whole}${frac ? `,${frac}` : ''}`;
}

/**
 * The forecast as CSV for a German spreadsheet (Excel with German regional settings opens it by
 * double-click): semicolon-separated, decimal comma without thousands separators, German column
 * names, UTF-8 with a byte-order mark (else Excel reads the umlauts as Windows-1252), CRLF line
 * ends. One row per month and product, no total rows (a pivot or a column sum would count them
 * twice). Text cells starting with = + - @ get a leading apostrophe, so a product name is never
 * run as a formula.
 */
import type { Cents } from '../money';
import type { Forecast } from './types';

export const CSV_COLUMNS = [
  'Monat',
  'Tarif',
  'Produkt',
  'Kunden',
  'Verbrauch (kWh)',
  'Umsatz netto (EUR)',
  'Beschaffung (EUR)',
  'Netz und Umlagen (EUR)',
  'Deckungsbeitrag (EUR)',
];

/** Cents as "1234,56" / "-0,07". */
export function decimalComma(cents: Cents): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.trunc(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

function text(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function forecastCsv(forecast: Forecast): string {
  const names = new Map(forecast.products.map((p) => [p.tariffCode, p.name]));
  const lines = [CSV_COLUMNS.join(';')];
  for (const m of forecast.months)
    for (const c of m.items)
      lines.push(
        [
          m.month,
          text(c.tariffCode),
          text(names.get(c.tariffCode) ?? ''),
          c.customers.replace('.', ','),
          c.kwh,
          decimalComma(c.revenueCents),
          decimalComma(c.procurementCents),
          decimalComma(c.networkCents),
          decimalComma(c.marginCents),
        ].join(';'),
      );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function forecastCsvFileName(forecast: Forecast): string {
  return `umsatzprognose-${forecast.scenario.startMonth}-${forecast.scenario.months}m.csv`;
}

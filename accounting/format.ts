/** Amounts and dates for the reader's language; cents are formatted with integer arithmetic only. */
import { locale } from '../web/i18n';

const seps = () => (locale() === 'de' ? { group: '.', decimal: ',' } : { group: ',', decimal: '.' });

/** 123456 → "1.234,56 €" (German) or "€1,234.56" (English). */
export function euro(cents: number): string {
  const { group, decimal } = seps();
  const abs = Math.abs(cents);
  const whole = String(Math.trunc(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const text = `${whole}${decimal}${String(abs % 100).padStart(2, '0')}`;
  const sign = cents < 0 ? '−' : '';
  return locale() === 'de' ? `${sign}${text} €` : `${sign}€${text}`;
}

/** A decimal string price ("0.268", "10") with at least `minDecimals` places, the reader's separator and its unit. */
export function price(decimal: string, unit: string, minDecimals = 2): string {
  const [whole, frac = ''] = decimal.split('.');
  return `${whole}${seps().decimal}${frac.padEnd(minDecimals, '0')} ${unit}`;
}

/** "2026-07-01" → "01.07.2026" / "1 Jul 2026". */
export function day(iso: string | null | undefined): string {
  if (!iso) return '–';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return iso;
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(locale() === 'de' ? 'de-DE' : 'en-GB', {
    timeZone: 'UTC',
    day: '2-digit',
    month: locale() === 'de' ? '2-digit' : 'short',
    year: 'numeric',
  });
}

export function percent(share: number): string {
  return `${(Math.round(share * 1000) / 10).toLocaleString(locale() === 'de' ? 'de-DE' : 'en-GB')} %`;
}

export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

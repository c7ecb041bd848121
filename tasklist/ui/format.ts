/** Dates and numbers in the user's locale. */
import { locale } from '../../web/i18n';

/** The shell's locale, whether it is exported as a value or a getter. */
export function currentLocale(): string {
  const l: unknown = locale;
  const value = typeof l === 'function' ? (l as () => unknown)() : l;
  return value === 'en' ? 'en-GB' : 'de-DE';
}

export function formatDateTime(iso?: string | null): string {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(currentLocale(), { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatDate(iso?: string | null): string {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(currentLocale(), { dateStyle: 'medium' });
}

/** "vor 5 Min." / "5 min ago", for lists where the exact time matters less than the age. */
export function relativeTime(iso?: string | null, now = Date.now()): string {
  if (!iso) return '–';
  const diff = (new Date(iso).getTime() - now) / 1000;
  const rtf = new Intl.RelativeTimeFormat(currentLocale(), { numeric: 'auto', style: 'short' });
  const abs = Math.abs(diff);
  if (abs < 60) return rtf.format(Math.round(diff), 'second');
  if (abs < 3600) return rtf.format(Math.round(diff / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(diff / 3600), 'hour');
  return rtf.format(Math.round(diff / 86400), 'day');
}

export function formatNumber(n: number): string {
  return n.toLocaleString(currentLocale());
}

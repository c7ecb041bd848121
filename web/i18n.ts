/**
 * German and English texts. Apps add theirs with `registerMessages`; a key missing in the current
 * language falls back to the other one, then to the key itself, so a gap shows but never breaks.
 */
import { appState } from './env';
import { messages as shellMessages } from './messages';

export type Locale = 'de' | 'en';
type Dict = Record<string, string>;

const dictionaries: Record<Locale, Dict> = { de: { ...shellMessages.de }, en: { ...shellMessages.en } };

export function registerMessages(m: { de?: Dict; en?: Dict }): void {
  Object.assign(dictionaries.de, m.de ?? {});
  Object.assign(dictionaries.en, m.en ?? {});
}

export function locale(): Locale {
  return appState().locale === 'en' ? 'en' : 'de';
}

/** `t('tasks.count', {n: 3})` with `{n}` placeholders in the text. */
export function t(key: string, vars?: Record<string, string | number>): string {
  const l = locale();
  const text = dictionaries[l][key] ?? dictionaries[l === 'de' ? 'en' : 'de'][key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
}

/** Switches the language: remembered in a cookie (sign-in page) and on the user, then reloads. */
export async function setLocale(next: Locale): Promise<void> {
  document.cookie = `o2c_locale=${next}; path=/; max-age=31536000; samesite=strict`;
  const s = appState();
  if (s.user && s.csrfToken) {
    await fetch('/api/session', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'x-csrf-token': s.csrfToken },
      body: JSON.stringify({ locale: next }),
    }).catch(() => undefined);
  }
  location.reload();
}

export function formatDateTime(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '–';
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime())
    ? String(value)
    : d.toLocaleString(locale() === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  return n.toLocaleString(locale() === 'de' ? 'de-DE' : 'en-GB', options);
}

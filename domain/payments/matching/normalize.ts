/** Normalising what customers type into a transfer: reference numbers, names, RF references. */

/** Reference numbers shorter than this are too ambiguous to identify an account (dates, house numbers). */
export const MIN_NUMBER_DIGITS = 5;
/** Typos are only forgiven on numbers at least this long; shorter ones have too many neighbours. */
export const MIN_FUZZY_DIGITS = 6;

/** The digits of one of our numbers ("R-2025-0012 3456" → "202500123456"), or undefined if too short. */
export function numberKey(value: string): string | undefined {
  const digits = value.replace(/\D+/g, '');
  return digits.length >= MIN_NUMBER_DIGITS ? digits : undefined;
}

/**
 * Digit tokens in free text. Customers split numbers with spaces, dashes, dots or slashes, so
 * adjacent digit groups joined only by such separators are also tried concatenated (up to four
 * groups); letters ("Nr.", "R", "Kd") break a number.
 */
export function digitTokens(text: string): string[] {
  const tokens = new Set<string>();
  const runs = text.toUpperCase().split(/[^0-9 \-./]+/);
  for (const run of runs) {
    const groups = run.split(/[ \-./]+/).filter((g) => /^\d+$/.test(g));
    for (let i = 0; i < groups.length; i++) {
      let joined = '';
      for (let j = i; j < Math.min(groups.length, i + 4); j++) {
        joined += groups[j];
        if (joined.length >= MIN_NUMBER_DIGITS) tokens.add(joined);
        if (joined.length > 20) break;
      }
    }
  }
  return [...tokens];
}

/** All strings at Damerau-Levenshtein distance exactly 1 over the digit alphabet (query-side, so the index stays small). */
export function digitNeighbours(token: string): string[] {
  const out = new Set<string>();
  const digits = '0123456789';
  for (let i = 0; i < token.length; i++) {
    out.add(token.slice(0, i) + token.slice(i + 1)); // deletion
    for (const d of digits) if (d !== token[i]) out.add(token.slice(0, i) + d + token.slice(i + 1)); // substitution
    if (i + 1 < token.length && token[i] !== token[i + 1]) out.add(token.slice(0, i) + token[i + 1] + token[i] + token.slice(i + 2)); // swap
  }
  for (let i = 0; i <= token.length; i++) for (const d of digits) out.add(token.slice(0, i) + d + token.slice(i)); // insertion
  out.delete(token);
  return [...out];
}

const UMLAUTS: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };
const NAME_NOISE = new Set(['herr', 'frau', 'dr', 'prof', 'und', 'u', 'eheleute', 'familie', 'fam', 'gmbh', 'ag', 'kg', 'ev', 'e', 'v']);

/** Name tokens: lower case, umlauts spelt out, accents and punctuation dropped, titles removed. */
export function nameTokens(name: string): string[] {
  const plain = name
    .toLowerCase()
    .replace(/[äöüß]/g, (c) => UMLAUTS[c])
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
  return plain.split(/[^a-z]+/).filter((t) => t.length > 1 && !NAME_NOISE.has(t));
}

/** Order-independent key: "Mustermann, Max" and "MAX MUSTERMANN" share one. */
export function nameKey(name: string): string | undefined {
  const tokens = [...new Set(nameTokens(name))].sort();
  return tokens.length >= 2 ? tokens.join(' ') : undefined;
}

/** Every holder token (at least two) appears among the payer's, e.g. "Max und Erika Mustermann" for "Max Mustermann". */
export function namesAgree(payer: string | undefined, holders: string[]): boolean {
  if (!payer) return false;
  const payerTokens = new Set(nameTokens(payer));
  return holders.some((h) => {
    const tokens = nameTokens(h);
    return tokens.length >= 2 && tokens.every((t) => payerTokens.has(t));
  });
}

/** ISO 11649 creditor reference ("RF18 5390 0754 7034") without spaces, upper case; undefined unless the check digits hold. */
export function normalizeRf(value: string): string | undefined {
  const ref = value.replace(/\s+/g, '').toUpperCase();
  if (!/^RF\d{2}[A-Z0-9]{1,21}$/.test(ref)) return undefined;
  const rearranged = ref.slice(4) + ref.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of code) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder === 1 ? ref : undefined;
}

/** RF references written into free text, possibly with spaces in groups of four. */
export function rfInText(text: string): string[] {
  const found: string[] = [];
  for (const m of text.toUpperCase().matchAll(/RF\s?\d{2}(?:\s?[A-Z0-9]){1,21}/g)) {
    // Greedy grouping may swallow a following word; try shorter prefixes until the check digits hold.
    const compact = m[0].replace(/\s+/g, '');
    for (let len = compact.length; len >= 5; len--) {
      const rf = normalizeRf(compact.slice(0, len));
      if (rf) {
        found.push(rf);
        break;
      }
    }
  }
  return found;
}

/** Builds a valid RF reference for a payload (used by tests and the generator). */
export function makeRf(payload: string): string {
  const body = payload.replace(/\s+/g, '').toUpperCase();
  let remainder = 0;
  for (const ch of `${body}RF00`) {
    const code = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of code) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return `RF${String(98 - remainder).padStart(2, '0')}${body}`;
}

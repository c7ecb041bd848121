/**
 * ISO 11649 structured creditor reference ("RF reference"): RF, two check digits (ISO 7064 MOD
 * 97-10, as for IBANs) and up to 21 letters or digits. Banks check it, so a mistyped payment
 * reference is caught before the money moves.
 */
import { mod97 } from './text';

export class CreditorReferenceError extends Error {
  override name = 'CreditorReferenceError';
}

function compact(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase();
}

/** The RF reference for `base` (1–21 letters or digits; spaces ignored), e.g. '539007547034' → 'RF18539007547034'. */
export function rfReference(base: string): string {
  const b = compact(base);
  if (!/^[A-Z0-9]{1,21}$/.test(b))
    throw new CreditorReferenceError(`an RF reference base must be 1 to 21 letters or digits: ${JSON.stringify(base)}`);
  const check = 98 - mod97(`${b}RF00`);
  return `RF${String(check).padStart(2, '0')}${b}`;
}

/** Checks format and check digits; spaces (as printed, in groups of four) are ignored. */
export function isValidRf(ref: string): boolean {
  const r = compact(ref);
  if (!/^RF\d{2}[A-Z0-9]{1,21}$/.test(r)) return false;
  return mod97(`${r.slice(4)}${r.slice(0, 4)}`) === 1;
}

/** Print form in groups of four: 'RF18 5390 0754 7034'. */
export function formatRf(ref: string): string {
  return compact(ref).replace(/(.{4})(?=.)/g, '$1 ');
}

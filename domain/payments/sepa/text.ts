/**
 * SEPA text rules: the EPC basic Latin character set, the conversions the banks expect for German
 * text (umlauts, ß), and the input checks the pain builders share.
 */
import { electronicFormatIBAN, isSEPACountry, isValidBIC, isValidIBAN } from 'ibantools';
import { isIsoDate } from '../calendar';
import { SepaInputError, type SepaIssue } from './errors';

/** The EPC's basic Latin character set (EPC217-08): letters, digits, space and / - ? : ( ) . , ' + */
export const SEPA_TEXT = /^[A-Za-z0-9/\-?:().,'+ ]*$/;

const REPLACEMENTS: Record<string, string> = {
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  Ä: 'Ae',
  Ö: 'Oe',
  Ü: 'Ue',
  ß: 'ss',
  ẞ: 'SS',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  þ: 'th',
  Þ: 'Th',
  '&': '+',
  _: '-',
  '–': '-',
  '—': '-',
  '‘': "'",
  '’': "'",
  '‚': "'",
  '´': "'",
  '`': "'",
  '"': "'",
  '“': "'",
  '”': "'",
  '„': "'",
  ';': ',',
  '!': '.',
  '[': '(',
  ']': ')',
  '{': '(',
  '}': ')',
};
const REPLACEABLE = new RegExp(
  `[${Object.keys(REPLACEMENTS)
    .join('')
    .replace(/[\]\\^-]/g, '\\$&')}]`,
  'g',
);

/**
 * Converts text to the SEPA character set where a faithful conversion exists: ä → ae, ß → ss,
 * accents dropped (é → e), & → +, typographic quotes and dashes to their ASCII forms, any run of
 * white space to one space. What is left outside the set (e.g. @, %, €, CJK) stays, so that
 * `isSepaText` can reject it with the field named.
 */
export function toSepaText(text: string): string {
  return text
    .replace(REPLACEABLE, (c) => REPLACEMENTS[c])
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function isSepaText(text: string): boolean {
  return SEPA_TEXT.test(text);
}

/** Characters of `text` outside the SEPA set, each once. */
export function invalidSepaChars(text: string): string[] {
  return [...new Set([...text].filter((c) => !SEPA_TEXT.test(c)))];
}

/** ISO 7064 MOD 97-10 remainder of an alphanumeric string (letters A=10 … Z=35). */
export function mod97(text: string): number {
  let rest = 0;
  for (const c of text.toUpperCase()) {
    const v = c >= 'A' && c <= 'Z' ? String(c.charCodeAt(0) - 55) : c;
    for (const digit of v) rest = (rest * 10 + Number(digit)) % 97;
  }
  return rest;
}

/**
 * SEPA creditor identifier: country, two check digits, three-character business code (not part of
 * the check), national identifier. In Germany: DEkkZZZ + 11 digits, 18 characters.
 */
export function isValidCreditorId(id: string): boolean {
  const m = /^([A-Z]{2})(\d{2})([A-Z0-9]{3})([A-Z0-9]{1,28})$/.exec(id);
  if (!m) return false;
  const [, country, check, , national] = m;
  if (country === 'DE' && !/^\d{11}$/.test(national)) return false;
  return 98 - mod97(`${national}${country}00`) === Number(check);
}

export interface StructuredAddress {
  street?: string;
  buildingNumber?: string;
  postCode?: string;
  townName: string;
  /** ISO 3166 alpha-2, e.g. 'DE'. */
  country: string;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/;

/** Collects every problem in an input before anything is written. */
export class InputChecker {
  readonly issues: SepaIssue[] = [];

  add(field: string, message: string): void {
    this.issues.push({ field, message });
  }

  /** Free text: converted with toSepaText, then checked for length and character set. */
  text(field: string, value: string | undefined, max: number, required = true): string | undefined {
    if (value === undefined || value.trim() === '') {
      if (required) this.add(field, 'is required');
      return undefined;
    }
    const text = toSepaText(value);
    const bad = invalidSepaChars(text);
    if (bad.length) this.add(field, `characters outside the SEPA character set: ${bad.map((c) => JSON.stringify(c)).join(' ')}`);
    if (text.length > max) this.add(field, `longer than ${max} characters (${text.length} after conversion)`);
    return text;
  }

  /** References the bank hands back (message, payment, end-to-end, mandate ids): never converted. */
  id(field: string, value: string, max = 35): string {
    if (!value) this.add(field, 'is required');
    else if (value.length > max) this.add(field, `longer than ${max} characters`);
    else if (!isSepaText(value)) this.add(field, `characters outside the SEPA character set: ${invalidSepaChars(value).join(' ')}`);
    else if (value.startsWith('/') || value.endsWith('/') || value.includes('//'))
      this.add(field, "must not start or end with '/' or contain '//'");
    else if (value.trim() !== value) this.add(field, 'must not start or end with a space');
    return value;
  }

  iban(field: string, value: string): string {
    const iban = electronicFormatIBAN(value) ?? '';
    if (!isValidIBAN(iban)) this.add(field, `not a valid IBAN: ${value}`);
    else if (!isSEPACountry(iban.slice(0, 2))) this.add(field, `IBAN of a country outside SEPA: ${iban.slice(0, 2)}`);
    return iban;
  }

  bic(field: string, value: string | undefined): string | undefined {
    if (value === undefined || value === '') return undefined;
    const bic = value.replace(/\s+/g, '').toUpperCase();
    if (!isValidBIC(bic)) this.add(field, `not a valid BIC: ${value}`);
    return bic;
  }

  creditorId(field: string, value: string): string {
    const id = value.replace(/\s+/g, '').toUpperCase();
    if (!isValidCreditorId(id)) this.add(field, `not a valid SEPA creditor identifier (check digits or format): ${value}`);
    return id;
  }

  date(field: string, value: string): string {
    if (!isIsoDate(value)) this.add(field, `not an ISO date (YYYY-MM-DD): ${value}`);
    return value;
  }

  dateTime(field: string, value: string): string {
    if (!ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) this.add(field, `not an ISO date-time: ${value}`);
    return value;
  }

  /** Integer cents within the SEPA range 0.01 … 999,999,999.99. */
  amount(field: string, cents: number): number {
    if (!Number.isSafeInteger(cents)) this.add(field, `not a whole number of cents: ${cents}`);
    else if (cents <= 0) this.add(field, `must be positive: ${cents}`);
    else if (cents > 99_999_999_999) this.add(field, `above the SEPA maximum of 999999999.99: ${cents}`);
    return cents;
  }

  address(field: string, a: StructuredAddress | undefined, required: boolean): StructuredAddress | undefined {
    if (!a) {
      if (required) this.add(field, 'is required');
      return undefined;
    }
    const country = a.country?.toUpperCase() ?? '';
    if (!/^[A-Z]{2}$/.test(country)) this.add(`${field}.country`, `not an ISO country code: ${a.country}`);
    return {
      street: this.text(`${field}.street`, a.street, 70, false),
      buildingNumber: this.text(`${field}.buildingNumber`, a.buildingNumber, 16, false),
      postCode: this.text(`${field}.postCode`, a.postCode, 16, false),
      townName: this.text(`${field}.townName`, a.townName, 35) ?? '',
      country,
    };
  }

  /** Reports a value seen twice in one file (ids the bank and the camt matching rely on). */
  unique(field: string, value: string, seen: Map<string, string>, what: string): void {
    const first = seen.get(value);
    if (first !== undefined) this.add(field, `duplicate ${what} ${value} (also at ${first})`);
    else seen.set(value, field);
  }

  throwIfAny(): void {
    if (this.issues.length) throw new SepaInputError(this.issues);
  }
}

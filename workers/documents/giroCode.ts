/**
 * The payment slip's GiroCode (EPC069-12 QR code) and its structured creditor reference (ISO 11649
 * "RF"). A stand-in until domain/payments/sepa offers the same; it stays small on purpose.
 */
import QRCode from 'qrcode';
import { electronicFormatIBAN } from 'ibantools';
import { formatAmount, type Cents } from '../../domain/money';

/** ISO 7064 mod 97-10 over letters (A=10 … Z=35) and digits, piecewise so it never overflows. */
function mod97(text: string): number {
  let rest = 0;
  for (const ch of text) {
    const code = /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of code) rest = (rest * 10 + Number(digit)) % 97;
  }
  return rest;
}

/** "RF" + two check digits + the base (1–21 letters or digits; other characters are dropped). */
export function rfReference(base: string): string {
  const clean = base.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (clean.length < 1 || clean.length > 21)
    throw new Error(`RF reference base must have 1 to 21 letters or digits: ${JSON.stringify(base)}`);
  const check = 98 - mod97(`${clean}RF00`);
  return `RF${String(check).padStart(2, '0')}${clean}`;
}

export function isValidRf(reference: string): boolean {
  const r = reference.replace(/\s/g, '').toUpperCase();
  return /^RF\d{2}[A-Z0-9]{1,21}$/.test(r) && mod97(`${r.slice(4)}${r.slice(0, 4)}`) === 1;
}

/** RF references are printed in groups of four, as banks and customers read them. */
export function formatRf(reference: string): string {
  return reference.replace(/(.{4})(?=.)/g, '$1 ');
}

export interface EpcPayment {
  name: string;
  iban: string;
  /** Optional in version 002 within the EEA; given, it is printed. */
  bic?: string;
  amountCents: Cents;
  /** An ISO 11649 reference; EPC069-12 then wants the unstructured text empty. */
  reference?: string;
  /** Used only without a reference. */
  text?: string;
}

/** EPC069-12 limits the whole payload to 331 bytes. */
const maxPayloadBytes = 331;

/** The GiroCode payload: version 002, UTF-8, SCT; lines separated by LF, trailing empty lines dropped. */
export function epcQrPayload(p: EpcPayment): string {
  const iban = electronicFormatIBAN(p.iban) ?? p.iban.replace(/\s/g, '');
  if (!Number.isSafeInteger(p.amountCents) || p.amountCents < 1 || p.amountCents > 99_999_999_999) {
    throw new Error(`EPC QR amount must be between 0.01 and 999999999.99 EUR: ${p.amountCents} cents`);
  }
  if (p.reference && !isValidRf(p.reference)) throw new Error(`not a valid RF creditor reference: ${p.reference}`);
  const lines = [
    'BCD',
    '002',
    '1',
    'SCT',
    p.bic ?? '',
    p.name.slice(0, 70),
    iban,
    `EUR${formatAmount(p.amountCents)}`,
    '', // purpose code
    p.reference ?? '',
    p.reference ? '' : (p.text ?? '').slice(0, 140),
  ];
  while (lines[lines.length - 1] === '') lines.pop();
  const payload = lines.join('\n');
  if (Buffer.byteLength(payload, 'utf8') > maxPayloadBytes) throw new Error('EPC QR payload exceeds 331 bytes');
  return payload;
}

/** The QR code as an SVG data URL (error correction M, as EPC069-12 asks), for an <img> in a letter. */
export async function epcQrDataUrl(payload: string): Promise<string> {
  const svg = await QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 0 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

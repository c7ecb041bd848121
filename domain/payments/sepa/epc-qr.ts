/**
 * EPC QR code ("GiroCode", EPC069-12) for payment slips: version 002 (BIC optional), charset 1
 * (UTF-8), SCT. Written here rather than with sepa-payment-qr-code, which takes the amount as a
 * float. The payload may not exceed 331 bytes (QR version 13 at error correction M).
 */
import { electronicFormatIBAN, isValidBIC, isValidIBAN } from 'ibantools';
import QRCode from 'qrcode';
import { formatAmount } from '../../money';
import { isValidRf } from './creditor-reference';

export const EPC_QR_MAX_BYTES = 331;

export class EpcQrError extends Error {
  override name = 'EpcQrError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

export interface EpcQrInput {
  /** Beneficiary name, up to 70 characters. */
  name: string;
  iban: string;
  bic?: string;
  /** 1 … 99,999,999,999 cents. */
  amountCents: number;
  /** ISO 11649 RF creditor reference (structured remittance). */
  reference?: string;
  /**
   * Unstructured remittance (up to 140 characters) when there is no reference; with a reference,
   * the EPC allows only one of the two, so it becomes the note shown to the payer (up to 70).
   */
  text?: string;
}

/** One line of the payload: line breaks would shift every later field, so white space is collapsed. */
function field(name: string, value: string | undefined, max: number): string {
  const v = (value ?? '').replace(/\s+/g, ' ').trim();
  if ([...v].length > max) throw new EpcQrError(name, `longer than ${max} characters`);
  return v;
}

/** The text encoded in the QR code, lines separated by LF, trailing empty lines left out. */
export function epcQrPayload(input: EpcQrInput): string {
  const name = field('name', input.name, 70);
  if (!name) throw new EpcQrError('name', 'is required');
  const iban = electronicFormatIBAN(input.iban) ?? '';
  if (!isValidIBAN(iban)) throw new EpcQrError('iban', `not a valid IBAN: ${input.iban}`);
  const bic = input.bic ? input.bic.replace(/\s+/g, '').toUpperCase() : '';
  if (bic && !isValidBIC(bic)) throw new EpcQrError('bic', `not a valid BIC: ${input.bic}`);
  const cents = input.amountCents;
  if (!Number.isSafeInteger(cents) || cents < 1 || cents > 99_999_999_999) {
    throw new EpcQrError('amountCents', `must be whole cents from 1 to 99999999999: ${cents}`);
  }
  const reference = input.reference ? input.reference.replace(/\s+/g, '').toUpperCase() : '';
  if (reference && !isValidRf(reference)) throw new EpcQrError('reference', `not a valid RF creditor reference: ${input.reference}`);
  const text = field('text', input.text, reference ? 70 : 140);

  const lines = [
    'BCD',
    '002',
    '1',
    'SCT',
    bic,
    name,
    iban,
    `EUR${formatAmount(cents)}`,
    '', // purpose code
    reference,
    reference ? '' : text,
    reference ? text : '',
  ];
  while (lines[lines.length - 1] === '') lines.pop();
  const payload = lines.join('\n');
  const bytes = Buffer.byteLength(payload, 'utf8');
  if (bytes > EPC_QR_MAX_BYTES) throw new EpcQrError('payload', `${bytes} bytes, more than the EPC limit of ${EPC_QR_MAX_BYTES}`);
  return payload;
}

const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;

/** The QR code as an SVG document. */
export function epcQrSvg(payload: string): Promise<string> {
  return QRCode.toString(payload, { ...QR_OPTIONS, type: 'svg' });
}

/** The QR code as a PNG data URL, e.g. for an <img> in an HTML letter. */
export function epcQrDataUrl(payload: string): Promise<string> {
  return QRCode.toDataURL(payload, { ...QR_OPTIONS, type: 'image/png' });
}

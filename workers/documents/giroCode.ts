/**
 * The payment slip's GiroCode (EPC069-12 QR code) and its structured creditor reference (ISO 11649
 * "RF"): domain/payments/sepa has both; this adds what the printed letter needs.
 */
import { rfReference } from '../../domain/payments/sepa/creditor-reference';
import { epcQrSvg } from '../../domain/payments/sepa/epc-qr';

// The files, not the package index: that one also loads the XSD validator.
export { formatRf, isValidRf, rfReference } from '../../domain/payments/sepa/creditor-reference';
export { epcQrPayload, type EpcQrInput } from '../../domain/payments/sepa/epc-qr';

/** The RF reference of a bill: its number without separators ("R-2026-000245" → base "R2026000245"). */
export function rfForBill(billNumber: string): string {
  return rfReference(billNumber.replace(/[^A-Za-z0-9]/g, ''));
}

/** The QR code as an SVG data URL: vector, so it stays sharp in print at any size. */
export async function epcQrDataUrl(payload: string): Promise<string> {
  return `data:image/svg+xml;base64,${Buffer.from(await epcQrSvg(payload)).toString('base64')}`;
}

/**
 * Optional electronic signature of a bill PDF with the supplier's PKCS#12 certificate, as a PAdES
 * signature (SubFilter ETSI.CAdES.detached): a CMS SignedData over the PDF's byte ranges, placed in
 * an invisible signature field. The recipient's reader shows who signed and that nothing changed.
 */
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import signpdf from '@signpdf/signpdf';
import { P12Signer } from '@signpdf/signer-p12';
import { PDFDocument } from 'pdf-lib';

/** The value of @signpdf/utils' SUBFILTER_ETSI_CADES_DETACHED, named here to avoid a transitive import. */
export const padesSubFilter = 'ETSI.CAdES.detached';

export interface PdfSignatureOptions {
  /** The PKCS#12 file (.p12/.pfx) with the private key and its certificate (and chain). */
  p12: Buffer;
  passphrase?: string;
  /** Shown by PDF readers in the signature panel. */
  name: string;
  reason?: string;
  location?: string;
  contactInfo?: string;
  signingTime?: Date;
}

export async function signPdf(pdf: Buffer, opts: PdfSignatureOptions): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: opts.reason ?? 'Rechnung',
    contactInfo: opts.contactInfo ?? '',
    name: opts.name,
    location: opts.location ?? '',
    signingTime: opts.signingTime,
    subFilter: padesSubFilter,
  });
  // signpdf finds the /ByteRange placeholder by text search: object streams would hide it.
  const withPlaceholder = Buffer.from(await doc.save({ useObjectStreams: false }));
  const signer = new P12Signer(opts.p12, { passphrase: opts.passphrase ?? '' });
  return signpdf.sign(withPlaceholder, signer, opts.signingTime);
}

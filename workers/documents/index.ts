export { createPdfRenderer, chromiumArgs, PdfRendererClosedError, type PdfRenderer, type PdfRendererOptions } from './pdfRenderer';
export {
  createTemplateRenderer,
  defaultTemplatesDir,
  TemplateError,
  type TemplateRenderer,
  type MailText,
  type CompanyProfile,
} from './templates';
export {
  createDocumentStore,
  documentFilesDir,
  type DocumentStore,
  type DocumentInput,
  type StoredDocument,
  type DocumentWithContent,
  type DocumentKind,
} from './documentStore';
export * from './letterData';
export { formatDate, formatMoney, formatIban, maskIban } from './formatting';
export { billLetterData, type BillLetterData, type BillLetterInput, type BillForLetter, type BillPaymentMethod } from './billLetter';
export { rfForBill, rfReference, isValidRf, formatRf, epcQrPayload, epcQrDataUrl, type EpcQrInput } from './giroCode';
export { createPrintRun, type PrintRun, type PrintItem, type PrintManifest, type PrintManifestEntry } from './printRun';
export { signPdf, padesSubFilter, type PdfSignatureOptions } from './pdfSignature';
// eInvoice.ts is imported directly where needed: @e-invoice-eu/core takes about 0.4 s to load.

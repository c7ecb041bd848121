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
  type DocumentStore,
  type DocumentInput,
  type StoredDocument,
  type DocumentWithContent,
  type DocumentKind,
} from './documentStore';
export * from './letterData';
export { formatDate, formatMoney, formatIban, maskIban } from './formatting';

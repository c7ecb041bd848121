export { SepaInputError, type SepaIssue } from './errors';
export { toSepaText, isSepaText, invalidSepaChars, isValidCreditorId, SEPA_TEXT, type StructuredAddress } from './text';
export {
  buildPain008,
  PAIN_008_NAMESPACE,
  type DirectDebitFile,
  type DirectDebitBatch,
  type DirectDebitTransaction,
  type DirectDebitScheme,
  type SequenceType,
} from './pain008';
export {
  buildPain001,
  PAIN_001_NAMESPACE,
  type CreditTransferFile,
  type CreditTransferBatch,
  type CreditTransferTransaction,
} from './pain001';
export { validateXml, assertValidXml, checkAgainstSchema, schemaPath, XsdValidationError, SCHEMAS, SCHEMA_DIR, SCHEMA_DIRS } from './xsd';
export { rfReference, isValidRf, formatRf, CreditorReferenceError } from './creditor-reference';
export { epcQrPayload, epcQrSvg, epcQrDataUrl, EpcQrError, EPC_QR_MAX_BYTES, type EpcQrInput } from './epc-qr';

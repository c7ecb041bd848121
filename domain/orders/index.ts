export { validateOrder, type OrderValidation } from './validate';
export { orderInputSchema, salesChannels, paymentMethods, type OrderInput, type PostalAddressInput } from './schema';
export type { FieldError } from './schemaCheck';
export { findMissingData, missingDataLabels, type MissingData } from './completeness';
export {
  duplicateKeys,
  personKey,
  addressKey,
  normaliseName,
  normaliseStreet,
  normaliseHouseNumber,
  normaliseMeterNumber,
  type DuplicateKeys,
} from './normalise';
export { isValidMarketLocationId, marketLocationCheckDigit } from './marketLocation';
export { todayInGermany, ageOn, isIsoDate } from './dates';
export { germanMessage, withGerman, fieldLabelsDe } from './messages-de';
export {
  loadOrder,
  updateOrder,
  numberFor,
  orderNumber,
  monthlyPrepaymentCents,
  legacyStatuses,
  OrderNotFoundError,
  type OrderRow,
  type OrderStatus,
} from './repository';

/** Payments: SEPA files out (pain.008, pain.001), bank statements in (camt), matching, returns, clarification. */
export * from './config';
export * from './errors';
export * from './files';
export * from './run-debits';
export * from './run-credits';
export * from './mandates';
export * from './statements';
export * from './match-statement';
export * from './returns';
export * from './clarification';
export * from './sepa';
export * from './matching';
export * from './camt/parse';
export {
  generateStatement,
  generateOpenItems,
  makeIban,
  seededRandom,
  DEFAULT_MIX,
  RETURN_REASONS,
  FIRST_NAMES,
  LAST_NAMES,
  OWN_IBAN,
  type TruthKind,
  type TruthRow,
  type StatementMix,
  type OpenItemsOptions,
  type GenerateOptions,
} from './camt/generate';
export {
  nextTarget2BusinessDay,
  isTarget2BusinessDay,
  target2Holidays,
  germanHolidays,
  isGermanWorkingDay,
  addGermanWorkingDays,
  easterSunday,
  isIsoDate,
  CalendarError,
  type GermanState,
} from './calendar';

/** Customer master data changed through care cases: the postal address and the bank account (SEPA mandate). */
export * from './address';
export * from './bank';
export * from './dates';
export * from './debits';

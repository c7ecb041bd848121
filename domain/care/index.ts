/** Customer care: care cases with their audit trail, and the attachments customers and case workers upload. */
export * from './errors';
export * from './cases';
export * from './attachments';

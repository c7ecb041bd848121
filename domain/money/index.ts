export * from './cents';
export * from './vat';

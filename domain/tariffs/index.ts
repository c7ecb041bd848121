export * from './types';
export * from './proration';
export * from './repository';
export { checkPrice } from './validate';

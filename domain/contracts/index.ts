export { createContractFromOrder } from './create';
export * from './repository';

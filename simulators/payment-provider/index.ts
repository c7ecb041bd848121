export { startPaymentProviderSimulator, type PaymentProviderSimulator, type PaymentProviderSimulatorOptions } from './server';
export * from './protocol';

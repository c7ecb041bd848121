/**
 * Settings of the payments capability. Typed here with defaults; the server fills it from its
 * settings later, so nothing in domain/payments reads environment variables.
 */
import type { StructuredAddress } from './sepa';

export interface PaymentsConfig {
  /** We are the creditor of direct debits and the debtor of refunds (pain.001). */
  creditor: { name: string; iban: string; bic?: string; creditorId: string; address: StructuredAddress };
  /** Upper limit of the bank's return fee passed on to the customer; the rest stays our bank charge. */
  returnFeeMaxCents?: number;
  /** Return debits of an account after which it pays by transfer. */
  returnsBeforeTransfer: number;
  /** Return reasons that end direct debit at once (account closed, debtor deceased). */
  immediateTransferReasons: string[];
  /** TARGET2 business days between today and the earliest collection date. */
  debitLeadDays: number;
}

export const defaultPaymentsConfig: PaymentsConfig = {
  creditor: {
    name: 'Rheinstrom Energie GmbH',
    iban: 'DE02370502990000684712',
    creditorId: 'DE98ZZZ09999999999',
    address: { street: 'Rheinuferstraße', buildingNumber: '1', postCode: '50668', townName: 'Köln', country: 'DE' },
  },
  returnsBeforeTransfer: 2,
  immediateTransferReasons: ['AC04', 'MD07'],
  debitLeadDays: 1,
};

/** The defaults with some settings replaced (the creditor as a whole). */
export function paymentsConfig(overrides: Partial<PaymentsConfig> = {}): PaymentsConfig {
  return { ...defaultPaymentsConfig, ...overrides };
}

import type { OrderInput } from './schema';

/** Data a contract needs that the customer may supply later (data post-processing, DNB). */
export interface MissingData {
  field: string;
  /** German label for the DNB mail and form. */
  label: string;
}

export const missingDataLabels: Readonly<Record<string, string>> = {
  'meter.meterNumber': 'Zählernummer',
  desiredStartDate: 'Gewünschter Lieferbeginn',
  'payment.iban': 'IBAN für das Lastschriftverfahren',
  'payment.mandateConsent': 'Zustimmung zum SEPA-Lastschriftmandat',
};

/**
 * What is missing for a contract: the meter number, the start date, and for direct debit the IBAN
 * and the mandate. The market location id is optional: customers rarely know it, and the grid
 * operator finds it from the meter number.
 */
export function findMissingData(order: OrderInput): MissingData[] {
  const missing: string[] = [];
  if (!order.meter.meterNumber) missing.push('meter.meterNumber');
  if (!order.desiredStartDate) missing.push('desiredStartDate');
  if (order.payment.method === 'sepa_direct_debit') {
    if (!order.payment.iban) missing.push('payment.iban');
    if (order.payment.mandateConsent !== true) missing.push('payment.mandateConsent');
  }
  return missing.map((field) => ({ field, label: missingDataLabels[field] }));
}

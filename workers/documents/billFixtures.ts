import type { BillForLetter, BillLetterInput } from './billLetter';
import company from '../../templates/company.json';

/**
 * Sample bills for tests and template previews, computed by hand with the domain's rules (lines
 * rounded half away from zero, VAT once per rate): an annual bill with a price change on 1 July
 * that ends in a credit, and a final bill after a move-out that ends in an amount due.
 */
export const sampleAnnualBill: BillForLetter = {
  contractId: '7b0c1f8e-2f1a-4c1e-9a43-5d7c2b9e0a11',
  kind: 'annual',
  billNumber: 'R-2026-000101',
  billDate: '2026-01-15',
  dueDate: '2026-01-29',
  periodStart: '2025-01-01',
  periodEnd: '2025-12-31',
  readings: {
    start: { meterNumber: '1ESY1160642512', date: '2025-01-01', valueKwh: '12345', kind: 'read' },
    end: { meterNumber: '1ESY1160642512', date: '2025-12-31', valueKwh: '15012', kind: 'customer' },
  },
  consumptionKwh: '2667',
  periods: [
    { from: '2025-01-01', to: '2025-06-30', days: 181, tariffVersionId: 'tv-2025-1', consumptionKwh: '1322.54', vatRatePercent: '19' },
    { from: '2025-07-01', to: '2025-12-31', days: 184, tariffVersionId: 'tv-2025-2', consumptionKwh: '1344.46', vatRatePercent: '19' },
  ],
  lines: [
    {
      kind: 'energy',
      description: 'Arbeitspreis',
      from: '2025-01-01',
      to: '2025-06-30',
      quantity: '1322.54',
      unit: 'kWh',
      unitPriceNet: '0.28',
      netCents: 37031,
      vatRatePercent: '19',
    },
    {
      kind: 'base',
      description: 'Grundpreis',
      from: '2025-01-01',
      to: '2025-06-30',
      quantity: '6',
      unit: 'Monate',
      unitPriceNet: '10',
      netCents: 6000,
      vatRatePercent: '19',
    },
    {
      kind: 'energy',
      description: 'Arbeitspreis',
      from: '2025-07-01',
      to: '2025-12-31',
      quantity: '1344.46',
      unit: 'kWh',
      unitPriceNet: '0.265',
      netCents: 35628,
      vatRatePercent: '19',
    },
    {
      kind: 'base',
      description: 'Grundpreis',
      from: '2025-07-01',
      to: '2025-12-31',
      quantity: '6',
      unit: 'Monate',
      unitPriceNet: '11.5',
      netCents: 6900,
      vatRatePercent: '19',
    },
  ],
  vat: [{ ratePercent: '19', netCents: 85559, vatCents: 16256 }],
  netCents: 85559,
  vatCents: 16256,
  grossCents: 101815,
  installmentsCents: 114000,
  amountDueCents: -12185,
  previousPeriod: { periodStart: '2024-01-01', periodEnd: '2024-12-31', consumptionKwh: '2890' },
};

export const sampleFinalBill: BillForLetter = {
  contractId: '7b0c1f8e-2f1a-4c1e-9a43-5d7c2b9e0a11',
  kind: 'final',
  billNumber: 'R-2026-000245',
  billDate: '2026-03-20',
  dueDate: '2026-04-03',
  periodStart: '2026-01-01',
  periodEnd: '2026-03-15',
  readings: {
    start: { meterNumber: '1ESY1160642512', date: '2026-01-01', valueKwh: '15012', kind: 'customer' },
    end: { meterNumber: '1ESY1160642512', date: '2026-03-15', valueKwh: '15590.5', kind: 'estimated' },
  },
  consumptionKwh: '578.5',
  periods: [
    { from: '2026-01-01', to: '2026-03-15', days: 74, tariffVersionId: 'tv-2025-2', consumptionKwh: '578.5', vatRatePercent: '19' },
  ],
  lines: [
    {
      kind: 'energy',
      description: 'Arbeitspreis',
      from: '2026-01-01',
      to: '2026-03-15',
      quantity: '578.5',
      unit: 'kWh',
      unitPriceNet: '0.265',
      netCents: 15330,
      vatRatePercent: '19',
    },
    {
      kind: 'base',
      description: 'Grundpreis',
      from: '2026-01-01',
      to: '2026-03-15',
      quantity: '2.4839',
      unit: 'Monate',
      unitPriceNet: '11.5',
      netCents: 2856,
      vatRatePercent: '19',
    },
  ],
  vat: [{ ratePercent: '19', netCents: 18186, vatCents: 3455 }],
  netCents: 18186,
  vatCents: 3455,
  grossCents: 21641,
  installmentsCents: 17000,
  amountDueCents: 4641,
  previousPeriod: { periodStart: '2025-01-01', periodEnd: '2025-03-15', consumptionKwh: '610' },
};

const address = { street: 'Lindenstraße', houseNumber: '12a', postalCode: '50674', city: 'Köln' };

export const sampleAnnualBillInput: BillLetterInput = {
  bill: sampleAnnualBill,
  customer: { customerNumber: '1000123', firstName: 'Erika', lastName: 'Mustermann', address },
  contractAccount: { accountNumber: '800012345' },
  contract: { contractNumber: 'V-2024-000077', tariffName: 'Rheinstrom Fix 24', supplyAddress: address, marketLocationId: '51238696781' },
  meterNumber: '1ESY1160642512',
  paymentMethod: 'sepa_direct_debit',
  mandate: { mandateReference: 'M-800012345-1', iban: 'DE23 5001 0517 5432 1098 76' },
  newInstallment: { amountCents: 8500, cadence: 'monthly', firstDueDate: '2026-02-01' },
  company,
};

export const sampleFinalBillInput: BillLetterInput = {
  bill: sampleFinalBill,
  customer: { customerNumber: '1000123', firstName: 'Erika', lastName: 'Mustermann', address },
  // After the move-out the bill goes to the new address.
  contractAccount: {
    accountNumber: '800012345',
    billingAddress: { name: 'Erika Mustermann', street: 'Am Hafen', houseNumber: '3', postalCode: '20457', city: 'Hamburg' },
  },
  contract: { contractNumber: 'V-2024-000077', tariffName: 'Rheinstrom Fix 24', supplyAddress: address, marketLocationId: '51238696781' },
  meterNumber: '1ESY1160642512',
  paymentMethod: 'bank_transfer',
  company,
};

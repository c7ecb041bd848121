import type { OrderConfirmationLetter, PrepaymentOfferLetter, RejectionLetter } from './letterData';

/** Sample letter data for tests, benches and template previews. */
const recipient = { name: 'Erika Mustermann', street: 'Lindenstraße', houseNumber: '12a', postalCode: '50674', city: 'Köln' };
const supplyAddress = { street: 'Lindenstraße', houseNumber: '12a', postalCode: '50674', city: 'Köln' };

export const sampleConfirmation: OrderConfirmationLetter = {
  recipient,
  date: '2026-03-02',
  orderNumber: 'A-2026-000123',
  customerNumber: '1000123',
  contractAccountNumber: '800012345',
  contractNumber: 'V-2026-000077',
  tariffName: 'Rheinstrom Fix 24',
  startDate: '2026-04-01',
  supplyAddress,
  meterNumber: '1ESY1160642512',
  marketLocationId: '51238696781',
  annualConsumptionKwh: 2500,
  monthlyInstallment: 78,
  previousSupplier: 'Stadtwerke Beispielstadt',
  sepa: { iban: 'DE23 5001 0517 5432 1098 76', mandateReference: 'M-800012345-1' },
};

export const sampleRejection: RejectionLetter = {
  recipient,
  date: '2026-03-02',
  orderNumber: 'A-2026-000124',
  orderDate: '2026-03-01',
  bureausAsked: ['schufa', 'creditreform'],
  reviewedByHuman: true,
};

export const samplePrepaymentOffer: PrepaymentOfferLetter = {
  recipient,
  date: '2026-03-02',
  orderNumber: 'A-2026-000125',
  orderDate: '2026-03-01',
  tariffName: 'Rheinstrom Fix 24',
  supplyAddress,
  monthlyPrepayment: 95.5,
  acceptUntil: '2026-03-16',
  acceptLink: 'http://localhost:8080/angebot/A-2026-000125',
  bureausAsked: ['infoscore'],
};

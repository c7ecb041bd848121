import type { BureauName } from '../bureaus/types';
import type { BillLetterData } from './billLetter';

export interface Recipient {
  name: string;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
}

export interface PostalAddress {
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
}

/** Every letter: to whom, dated when (ISO date). */
interface LetterBase {
  recipient: Recipient;
  date: string;
  orderNumber: string;
}

export interface OrderConfirmationLetter extends LetterBase {
  customerNumber: string;
  contractAccountNumber: string;
  contractNumber: string;
  tariffName: string;
  startDate: string;
  supplyAddress: PostalAddress;
  meterNumber: string;
  marketLocationId?: string;
  annualConsumptionKwh: number;
  monthlyInstallment?: number;
  previousSupplier?: string;
  /** Absent for bank transfer. */
  sepa?: { iban: string; mandateReference: string };
}

export interface RejectionLetter extends LetterBase {
  orderDate: string;
  /** Which bureaus were asked: the letter names them (GDPR Art. 15, 22). */
  bureausAsked: BureauName[];
  reviewedByHuman: boolean;
}

export interface PrepaymentOfferLetter extends LetterBase {
  orderDate: string;
  tariffName: string;
  supplyAddress: PostalAddress;
  monthlyPrepayment: number;
  acceptUntil: string;
  acceptLink: string;
  bureausAsked: BureauName[];
}

export interface LetterTemplates {
  'order-confirmation': OrderConfirmationLetter;
  rejection: RejectionLetter;
  'prepayment-offer': PrepaymentOfferLetter;
  bill: BillLetterData;
}

interface MailBase {
  recipient: { name: string };
  orderNumber: string;
}

export interface DnbRequestMail extends MailBase {
  /** German labels of the missing data. */
  missing: string[];
  link: string;
  dueDate: string;
  cancelDate: string;
}

export interface DnbReminderMail extends MailBase {
  missing: string[];
  link: string;
  cancelDate: string;
}

export interface OrderConfirmationMail extends MailBase {
  customerNumber: string;
  contractNumber: string;
  startDate: string;
}

export interface PrepaymentOfferMail extends MailBase {
  acceptUntil: string;
  acceptLink: string;
}

/** A bank account given through the customer's data link: never silent. */
export interface BankDetailsChangedMail extends MailBase {
  /** Masked, e.g. DE89 XXXX XXXX XXXX XX30 00. */
  ibanMasked: string;
  accountHolder: string;
  /** Date of the change, ISO. */
  changedAt: string;
}

/** Mails of contract accounting (no order number: they concern a running contract). */
interface AccountMailBase {
  recipient: { name: string };
  contractNumber: string;
}

export interface BillNoticeMail extends AccountMailBase {
  title: string;
  billNumber: string;
  periodFrom: string;
  periodTo: string;
  /** Cents: the amount due, or the credit as a positive number. */
  amountCents: number;
  isCredit: boolean;
  dueDate: string;
  directDebit: boolean;
  mandateReference?: string;
  /** B2B e-invoice: the XRechnung XML is attached, or the PDF is a ZUGFeRD/Factur-X PDF. */
  eInvoice?: 'xrechnung' | 'zugferd';
  /** The PDF carries the supplier's electronic signature (PAdES). */
  signed?: boolean;
}

export interface ReadingRequestMail extends AccountMailBase {
  meterNumber: string;
  periodEnd: string;
  replyBy: string;
}

export interface InstallmentPlanMail extends AccountMailBase {
  validFrom: string;
  amountCents: number;
  cadenceText: string;
  dueDates: string[];
  directDebit: boolean;
  mandateReference?: string;
  ibanMasked?: string;
  accountNumber: string;
}

export interface InstallmentRejectionMail extends AccountMailBase {
  requestedCents: number;
  proposedCents: number;
  currentCents: number;
}

export interface ReturnDebitMail extends AccountMailBase {
  accountNumber: string;
  amountCents: number;
  feeCents: number;
  reasonText: string;
  switchedToTransfer: boolean;
}

/** A new SEPA mandate (changed bank account): the confirmation, with the pre-notification of the first debit under it. */
export interface MandateConfirmationMail {
  recipient: { name: string };
  accountNumber: string;
  mandateReference: string;
  /** The mandate it replaces (revoked), if any. */
  previousMandateReference?: string;
  /** Masked, e.g. DE89 XXXX XXXX XXXX XX30 00. */
  ibanMasked: string;
  accountHolder: string;
  /** ISO date the customer signed. */
  signedDate: string;
  /** The next collections under the new mandate (the first is a FRST debit), ISO dates. */
  nextDebits: Array<{ date: string; amountCents: number; what: string }>;
}

export interface MailTemplates {
  'bill-notice': BillNoticeMail;
  'reading-request': ReadingRequestMail;
  'reading-reminder': ReadingRequestMail;
  'installment-plan': InstallmentPlanMail;
  'installment-rejection': InstallmentRejectionMail;
  'return-debit': ReturnDebitMail;
  'dnb-request': DnbRequestMail;
  'dnb-reminder': DnbReminderMail;
  'order-confirmation': OrderConfirmationMail;
  rejection: MailBase;
  'prepayment-offer': PrepaymentOfferMail;
  'bank-details-changed': BankDetailsChangedMail;
  'mandate-confirmation': MandateConfirmationMail;
}

export type LetterName = keyof LetterTemplates;
export type MailName = keyof MailTemplates;

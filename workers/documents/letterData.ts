import type { BureauName } from '../bureaus/types';
import type { ContractView } from '../../domain/contracts';
import type { BillLetterData } from './billLetter';

export interface Recipient {
  name: string;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
}

/** A contract's letters go to its account's billing address (and name), else to the customer's address. */
export function contractRecipient(c: ContractView): Recipient {
  const billing = c.account.billingAddress as ContractView['account']['billingAddress'] & { name?: string };
  const address = billing?.street ? billing : c.customer.address;
  return {
    name: billing?.name || `${c.customer.firstName} ${c.customer.lastName}`,
    street: address.street,
    houseNumber: address.houseNumber,
    postalCode: address.postalCode,
    city: address.city,
  };
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

/** A claim item as collection letters list it (domain/collection ClaimItem). */
export interface CollectionLetterItem {
  documentNumber: string;
  text: string;
  dueDate: string | null;
  openCents: number;
  /** What kind of item, in German ("Energielieferung", "Verzugszinsen", "Kosten"). */
  basis: string;
}

interface CollectionLetterBase {
  recipient: Recipient;
  date: string;
  subject: string;
  caseNumber: string;
  customerNumber: string;
  contractAccountNumber: string;
  debtor: PostalAddress & { name: string; birthDate: string | null };
  mainCents: number;
  interestCents: number;
  costsCents: number;
  creditCents: number;
  totalCents: number;
}

/** The application for a payment order, for review (the EDA record is what the court gets). */
export interface CourtApplicationLetter extends CollectionLetterBase {
  court: { name: string };
  claimantId: string;
  mainItems: CollectionLetterItem[];
  ancillaryItems: Array<CollectionLetterItem & { label: string }>;
  creditItems: Array<CollectionLetterItem & { amountCents: number }>;
  courtFeeCents: number;
  edaRecords: number;
  edaControlSumCents: number;
}

/** The filing of a claim with the insolvency administrator (§174 InsO). */
export interface InsolvencyClaimLetter extends CollectionLetterBase {
  insolvency: { court: string; caseReference: string; openedOn: string };
  items: CollectionLetterItem[];
}

/** To the collection team: the six months for the enforcement order end soon (§701 ZPO). */
export interface CollectionDeadlineReminderMail {
  caseNumber: string;
  accountNumber: string;
  debtorName: string;
  servedOn: string;
  deadline: string;
  claimCents: number;
}

/** A dunning notice (levels 1 and 2): the items with charges, how to pay, the bureau warning. */
export interface DunningNoticeLetter {
  recipient: Recipient;
  date: string;
  title: string;
  customerNumber: string;
  contractAccountNumber: string;
  level: number;
  cause: 'overdue' | 'return';
  returnReason: string | null;
  items: Array<{ documentNumber: string; text: string; dueDate: string | null; openCents: number }>;
  principalCents: number;
  feesCents: number;
  interestCents: number;
  creditsCents: number;
  totalCents: number;
  disputedCents: number;
  payBy: string;
  previousNoticeOn: string | null;
  handoverOn: string | null;
  lastLevel: boolean;
  bureauWarning: boolean;
  business: boolean;
  /** "5 Prozentpunkten" (consumers) or "9 Prozentpunkten" (businesses). */
  interestSpreadText: string;
  paymentLink: string;
  giroCodeDataUrl: string;
  paymentPageQrDataUrl: string;
}

/** The threat (4 weeks ahead) or the announcement (8 working days ahead) of a supply interruption. */
export interface SupplyNoticeLetter {
  recipient: Recipient;
  date: string;
  title: string;
  customerNumber: string;
  contractAccountNumber: string;
  notice: 'threat' | 'announcement';
  arrearsCents: number;
  monthlyInstallmentCents: number;
  supplyAddress: string;
  threatOn: string;
  interruptOn: string;
  paymentLink: string;
}

export interface LetterTemplates {
  'order-confirmation': OrderConfirmationLetter;
  rejection: RejectionLetter;
  'prepayment-offer': PrepaymentOfferLetter;
  bill: BillLetterData;
  'court-application': CourtApplicationLetter;
  'insolvency-claim': InsolvencyClaimLetter;
  'dunning-notice': DunningNoticeLetter;
  'supply-notice': SupplyNoticeLetter;
  'claim-notice': ClaimNoticeLetter;
}

/** The first notice of a claim captured in the phone app (process claim-collection). */
export interface ClaimNoticeLetter {
  recipient: Recipient;
  date: string;
  claimNumber: string;
  invoiceNumber: string;
  invoiceDueDate: string;
  amountCents: number;
  payBy: string;
  /** A copy of the invoice (its photo) follows as page 2. */
  invoiceCopy: boolean;
}

/** The e-mail reminder of a captured claim. */
export interface ClaimReminderMail {
  recipient: { name: string };
  claimNumber: string;
  invoiceNumber: string;
  amountCents: number;
  firstNoticeOn: string;
  payBy: string;
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

export interface DunningReminderMail extends AccountMailBase {
  accountNumber: string;
  totalCents: number;
  oldestDueDate: string;
  returnReason: string | null;
  paymentLink: string;
}

export interface DunningNoticeMail extends AccountMailBase {
  title: string;
  accountNumber: string;
  totalCents: number;
  principalCents: number;
  feesCents: number;
  interestCents: number;
  payBy: string;
  paymentLink: string;
}

/** The case worker's answer to a message from the payment page (process payment-page-contact). */
export interface PaymentPageReplyMail {
  recipient: { name: string };
  accountNumber: string;
  /** What the customer wrote. */
  message: string;
  reply: string;
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
  'payment-page-reply': PaymentPageReplyMail;
  'collection-deadline-reminder': CollectionDeadlineReminderMail;
  'dunning-reminder': DunningReminderMail;
  'dunning-notice': DunningNoticeMail;
  'claim-reminder': ClaimReminderMail;
}

export type LetterName = keyof LetterTemplates;
export type MailName = keyof MailTemplates;

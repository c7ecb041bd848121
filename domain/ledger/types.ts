import type { Cents } from '../money';

/** What made a document. */
export type DocumentKind =
  | 'installment'
  | 'bill'
  | 'payment'
  | 'return'
  | 'fee'
  | 'refund'
  | 'reversal'
  | 'write_off'
  | 'interest'
  | 'agreement'
  | 'collection_cost';

/** General-ledger side of a line. `receivable` lines are the customer's items (open items). */
export type GlAccount =
  | 'receivable'
  | 'revenue'
  | 'vat'
  | 'down_payments'
  | 'bank'
  | 'fee_income'
  | 'bank_charges'
  | 'write_off'
  | 'interest_income'
  | 'collection_costs';

/** What a customer item is. */
export type ItemType =
  | 'installment'
  | 'bill'
  | 'credit'
  | 'payment'
  | 'return'
  | 'fee'
  | 'refund'
  | 'reversal'
  /** Default interest (§288 BGB), and the €40 flat fee for business customers. */
  | 'interest'
  | 'flat_fee'
  /** An installment agreement: the credit that settles the items it replaces, and its rates. */
  | 'agreement'
  | 'agreement_rate'
  /** Court and bailiff costs passed on to the debtor. */
  | 'collection_cost'
  | 'write_off';

export interface PostingLine {
  glAccount: GlAccount;
  /** Positive: the customer owes us (debit); negative: a credit. */
  amountCents: Cents;
  /** Required on receivable lines. */
  itemType?: ItemType;
  contractId?: string;
  dueDate?: string;
  vatRatePercent?: string;
  text: string;
}

export interface DocumentInput {
  /** A retried post with the same key returns the document posted first. */
  businessKey: string;
  kind: DocumentKind;
  contractAccountId?: string;
  postingDate: string;
  reference?: string;
  text: string;
  lines: PostingLine[];
  /** Set by reverseDocument only. */
  reversesDocumentId?: string;
}

export interface PostedLine extends PostingLine {
  id: string;
  lineNo: number;
}

export interface PostedDocument {
  id: string;
  documentNumber: string;
  businessKey: string;
  kind: DocumentKind;
  contractAccountId: string | null;
  postingDate: string;
  reference: string | null;
  text: string;
  reversesDocumentId: string | null;
  lines: PostedLine[];
  /** False when the business key had been posted before (a retry). */
  created: boolean;
}

export interface OpenItem {
  lineId: string;
  documentId: string;
  documentNumber: string;
  documentKind: DocumentKind;
  reference: string | null;
  contractAccountId: string;
  contractId: string | null;
  itemType: ItemType;
  text: string;
  amountCents: Cents;
  openCents: Cents;
  dueDate: string | null;
  postingDate: string;
}

export interface Allocation {
  lineId: string;
  /** Same sign as the line; the allocations of one clearing sum to zero. */
  amountCents: Cents;
}

export class LedgerError extends Error {
  constructor(
    readonly code: 'unbalanced' | 'invalid_line' | 'not_found' | 'over_cleared' | 'key_conflict' | 'already_reversed',
    message: string,
  ) {
    super(message);
    this.name = 'LedgerError';
  }
}

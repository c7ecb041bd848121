/**
 * The payment page's view of a claim, and the payments customers make there through the payment
 * provider (card, PayPal).
 *
 * The claim: the account's open items, each as what the page demands (due), shows without
 * demanding (not yet due, disputed under an unresolved dunning block, or already in a debit file)
 * or counts against the rest (a credit). Fees and interest are categories of their own.
 *
 * A provider payment books like a bank payment: a 'payment' document (bank +amount, receivable
 * −amount) with the business key `provider-payment:<provider payment id>`, cleared against the
 * demanded items in the order of §367 (1) BGB (costs, then interest, then the principal, each oldest
 * first); what no item takes stays open as a credit. The provider's id makes it idempotent: the
 * same webhook twice, or the webhook and the return page at once, book once.
 */
import type { Database } from '../../db';
import { clear, postDocument, settle } from '../ledger';
import type { Cents } from '../money';
import { isoDate } from '../shared/dates';
import { toCents } from '../shared/db';
import { blockedItemSql } from '../dunning/blocks';

export type ProviderMethod = 'card' | 'paypal';

export type ProviderPaymentErrorCode = 'unknown_account' | 'unknown_payment' | 'amount_mismatch' | 'nothing_due';

export class ProviderPaymentError extends Error {
  constructor(
    readonly code: ProviderPaymentErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProviderPaymentError';
  }
}

/** due: demanded now; not_due: later; disputed: under a dunning block, not demanded; collecting: in a debit file; credit: in the customer's favour. */
export type ClaimItemStatus = 'due' | 'not_due' | 'disputed' | 'collecting' | 'credit';
/** What the page groups by: the claim itself, fees and costs, default interest, credits. */
export type ClaimCategory = 'principal' | 'fees' | 'interest' | 'credit';

export interface ClaimItem {
  lineId: string;
  documentNumber: string;
  text: string;
  itemType: string;
  category: ClaimCategory;
  status: ClaimItemStatus;
  dueDate: string | null;
  openCents: Cents;
}

export interface Claim {
  contractAccountId: string;
  accountNumber: string;
  customerName: string;
  customerEmail: string;
  paymentMethod: string;
  hasActiveMandate: boolean;
  hasActiveAgreement: boolean;
  items: ClaimItem[];
  /** Due and undisputed, per category. */
  principalCents: Cents;
  feesCents: Cents;
  interestCents: Cents;
  /** Credits set off against the due items (as a positive amount). */
  creditCents: Cents;
  disputedCents: Cents;
  notDueCents: Cents;
  /** What the customer is asked to pay now: the due items less the credits, never below zero. */
  totalCents: Cents;
}

const FEE_TYPES = new Set(['fee', 'flat_fee', 'collection_cost']);
const INTEREST_TYPES = new Set(['interest']);

function categoryOf(itemType: string, openCents: Cents): ClaimCategory {
  if (openCents < 0) return 'credit';
  if (FEE_TYPES.has(itemType)) return 'fees';
  if (INTEREST_TYPES.has(itemType)) return 'interest';
  return 'principal';
}

/** §367 (1) BGB: a payment goes to the costs first, then to the interest, then to the principal. */
const SETTLEMENT_RANK: Record<ClaimCategory, number> = { fees: 0, interest: 1, principal: 2, credit: 3 };

interface ClaimRow {
  line_id: string;
  document_number: string;
  text: string;
  item_type: string;
  open_cents: string | number;
  due_date: Date | string | null;
  blocked: boolean;
  collecting: boolean;
}

async function claimRows(db: Database, contractAccountId: string): Promise<ClaimRow[]> {
  return (await db('open_items as o')
    .join('ledger_lines as l', 'l.id', 'o.line_id')
    .join('ledger_documents as d', 'd.id', 'l.document_id')
    .where('o.contract_account_id', contractAccountId)
    .whereNot('o.open_cents', 0)
    .orderByRaw('o.due_date NULLS FIRST, d.document_number, l.line_no')
    .select(
      'o.line_id',
      'd.document_number',
      'l.text',
      'o.item_type',
      'o.open_cents',
      'o.due_date',
      db.raw(`${blockedItemSql('o')} AS blocked`),
      db.raw(`EXISTS (SELECT 1 FROM payment_orders po WHERE po.line_id = o.line_id AND po.status IN ('pending', 'in_file')) AS collecting`),
    )) as ClaimRow[];
}

function toClaimItem(r: ClaimRow, today: string): ClaimItem {
  const openCents = toCents(r.open_cents);
  const dueDate = r.due_date ? isoDate(r.due_date) : null;
  const category = categoryOf(r.item_type, openCents);
  const status: ClaimItemStatus = r.blocked
    ? 'disputed'
    : r.collecting
      ? 'collecting'
      : openCents < 0
        ? 'credit'
        : dueDate !== null && dueDate > today
          ? 'not_due'
          : 'due';
  return {
    lineId: r.line_id,
    documentNumber: r.document_number,
    text: r.text,
    itemType: r.item_type,
    category,
    status,
    dueDate,
    openCents,
  };
}

/** The claim of one contract account as the payment page shows it; `ProviderPaymentError('unknown_account')` if there is none. */
export async function paymentPageClaim(db: Database, contractAccountId: string, today: string): Promise<Claim> {
  const account = (await db('contract_accounts as a')
    .join('customers as c', 'c.id', 'a.customer_id')
    .where('a.id', contractAccountId)
    .first('a.id', 'a.account_number', 'a.payment_method', 'c.first_name', 'c.last_name', 'c.email')) as
    { id: string; account_number: string; payment_method: string; first_name: string; last_name: string; email: string } | undefined;
  if (!account) throw new ProviderPaymentError('unknown_account', `contract account ${contractAccountId} not found`);
  const items = (await claimRows(db, contractAccountId)).map((r) => toClaimItem(r, today));
  const sum = (pred: (i: ClaimItem) => boolean) => items.filter(pred).reduce((s, i) => s + i.openCents, 0);
  const due = (category: ClaimCategory) => sum((i) => i.status === 'due' && i.category === category);
  const principalCents = due('principal');
  const feesCents = due('fees');
  const interestCents = due('interest');
  const creditCents = Math.abs(sum((i) => i.status === 'credit'));
  const mandate = await db('sepa_mandates').where({ contract_account_id: contractAccountId, status: 'active' }).first('id');
  const agreement = await db('installment_agreements').where({ contract_account_id: contractAccountId, status: 'active' }).first('id');
  return {
    contractAccountId,
    accountNumber: account.account_number,
    customerName: `${account.first_name} ${account.last_name}`.trim(),
    customerEmail: account.email,
    paymentMethod: account.payment_method,
    hasActiveMandate: !!mandate,
    hasActiveAgreement: !!agreement,
    items,
    principalCents,
    feesCents,
    interestCents,
    creditCents,
    disputedCents: sum((i) => i.status === 'disputed'),
    notDueCents: sum((i) => i.status === 'not_due'),
    totalCents: Math.max(0, principalCents + feesCents + interestCents - creditCents),
  };
}

export interface CheckoutRecord {
  providerPaymentId: string;
  contractAccountId: string;
  method: ProviderMethod;
  amountCents: Cents;
  checkoutUrl: string;
}

/** Remembers a checkout the provider opened, so its webhook can only book what we asked for, on the account we asked for. */
export async function recordCheckout(db: Database, c: CheckoutRecord): Promise<void> {
  await db('provider_payments')
    .insert({
      provider_payment_id: c.providerPaymentId,
      contract_account_id: c.contractAccountId,
      method: c.method,
      amount_cents: c.amountCents,
      checkout_url: c.checkoutUrl,
    })
    .onConflict('provider_payment_id')
    .ignore();
}

export interface ProviderPaymentRow {
  providerPaymentId: string;
  contractAccountId: string;
  method: ProviderMethod;
  amountCents: Cents;
  status: 'open' | 'paid' | 'failed' | 'canceled';
  documentId: string | null;
}

export async function loadProviderPayment(db: Database, providerPaymentId: string): Promise<ProviderPaymentRow | undefined> {
  const r = (await db('provider_payments').where({ provider_payment_id: providerPaymentId }).first()) as
    Record<string, unknown> | undefined;
  if (!r) return undefined;
  return {
    providerPaymentId: r.provider_payment_id as string,
    contractAccountId: r.contract_account_id as string,
    method: r.method as ProviderMethod,
    amountCents: toCents(r.amount_cents as string),
    status: r.status as ProviderPaymentRow['status'],
    documentId: (r.document_id as string | null) ?? null,
  };
}

/** A checkout the customer broke off or the provider declined: nothing is booked. A paid one stays paid. */
export async function markProviderPaymentUnpaid(db: Database, providerPaymentId: string, status: 'failed' | 'canceled'): Promise<void> {
  await db('provider_payments').where({ provider_payment_id: providerPaymentId, status: 'open' }).update({ status });
}

export interface BookedProviderPayment {
  /** False when this provider payment had been booked before (a repeated webhook). */
  booked: boolean;
  documentId: string;
  contractAccountId: string;
  accountNumber: string;
  amountCents: Cents;
}

/**
 * Books a payment the provider reports as paid. The amount must be the checkout's; the account is
 * the checkout's (the webhook cannot redirect money to another account).
 */
export async function bookProviderPayment(
  db: Database,
  input: { providerPaymentId: string; amountCents: Cents; paidOn: string },
): Promise<BookedProviderPayment> {
  return db.transaction(async (trx) => {
    const row = (await trx('provider_payments as p')
      .join('contract_accounts as a', 'a.id', 'p.contract_account_id')
      .where('p.provider_payment_id', input.providerPaymentId)
      .forUpdate('p')
      .first('p.id', 'p.contract_account_id', 'p.method', 'p.amount_cents', 'p.document_id', 'a.account_number')) as
      | {
          id: string;
          contract_account_id: string;
          method: ProviderMethod;
          amount_cents: string;
          document_id: string | null;
          account_number: string;
        }
      | undefined;
    if (!row) throw new ProviderPaymentError('unknown_payment', `no checkout ${input.providerPaymentId}`);
    const amountCents = toCents(row.amount_cents);
    if (amountCents !== input.amountCents)
      throw new ProviderPaymentError(
        'amount_mismatch',
        `checkout ${input.providerPaymentId} was for ${amountCents} cents, the provider reports ${input.amountCents}`,
      );
    const base = { contractAccountId: row.contract_account_id, accountNumber: row.account_number, amountCents };
    if (row.document_id) return { booked: false, documentId: row.document_id, ...base };

    const via = row.method === 'paypal' ? 'PayPal' : 'Karte';
    const doc = await postDocument(trx, {
      businessKey: `provider-payment:${input.providerPaymentId}`,
      kind: 'payment',
      contractAccountId: row.contract_account_id,
      postingDate: input.paidOn,
      reference: input.providerPaymentId,
      text: `Zahlung über die Zahlungsseite (${via})`,
      lines: [
        { glAccount: 'bank', amountCents, text: `Zahlungsdienstleister (${via})` },
        { glAccount: 'receivable', itemType: 'payment', amountCents: -amountCents, text: `Zahlung ${via}` },
      ],
    });
    const paymentLine = doc.lines.find((l) => l.glAccount === 'receivable')!;
    const today = input.paidOn;
    const items = (await claimRows(trx, row.contract_account_id)).map((r) => toClaimItem(r, today));
    const open = (i: ClaimItem) => ({ lineId: i.lineId, open: i.openCents });
    const debits = items
      .filter((i) => i.status === 'due' || i.status === 'not_due')
      .sort(
        (a, b) =>
          Number(a.status === 'not_due') - Number(b.status === 'not_due') ||
          SETTLEMENT_RANK[a.category] - SETTLEMENT_RANK[b.category] ||
          (a.dueDate ?? '').localeCompare(b.dueDate ?? ''),
      )
      .map(open);
    // The account's older credits first (the claim shown was net of them), then this payment.
    const credits = items
      .filter((i) => i.status === 'credit' && i.lineId !== paymentLine.id)
      .map((i) => ({ lineId: i.lineId, open: -i.openCents }));
    credits.push({ lineId: paymentLine.id, open: amountCents });
    const allocations = settle(debits, credits);
    if (allocations.length > 0)
      await clear(trx, {
        businessKey: `provider-payment-clearing:${input.providerPaymentId}`,
        contractAccountId: row.contract_account_id,
        clearingDate: input.paidOn,
        reason: `Zahlung über die Zahlungsseite (${via})`,
        allocations,
      });
    await trx('provider_payments').where({ id: row.id }).update({ status: 'paid', document_id: doc.id, paid_at: trx.fn.now() });
    return { booked: true, documentId: doc.id, ...base };
  });
}

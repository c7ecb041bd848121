/** Master data: the customer, its contract accounts and their SEPA mandates (the active one and the ended ones). */
import type { Database } from '../../../db';
import type { PaymentMethod, PostalAddress } from '../../contracts';
import { isoDate } from '../../shared/dates';
import { jsonColumn } from '../../shared/db';

export interface CustomerMaster {
  id: string;
  customerNumber: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  email: string;
  phone: string | null;
  address: PostalAddress;
  customerType: string;
  createdAt: string;
}

export interface MandateSummary {
  reference: string;
  iban: string;
  bic: string | null;
  accountHolder: string;
  signedDate: string;
  status: string;
  lastCollectionDate: string | null;
}

export interface AccountMaster {
  id: string;
  accountNumber: string;
  paymentMethod: PaymentMethod;
  billingAddress: PostalAddress;
  billDelivery: string;
  /** Newest first; the active mandate is the first with status `active`. */
  mandates: MandateSummary[];
}

type Row = Record<string, any>;

export async function customerByNumber(db: Database, customerNumber: string): Promise<CustomerMaster | undefined> {
  const r = (await db('customers').where({ customer_number: customerNumber }).first()) as Row | undefined;
  if (!r) return undefined;
  return {
    id: r.id,
    customerNumber: r.customer_number,
    firstName: r.first_name,
    lastName: r.last_name,
    birthDate: isoDate(r.birth_date),
    email: r.email,
    phone: r.phone ?? null,
    address: jsonColumn<PostalAddress>(r.address),
    customerType: r.customer_type ?? 'consumer',
    createdAt: new Date(r.created_at).toISOString(),
  };
}

export async function accountsOf(db: Database, customerId: string): Promise<AccountMaster[]> {
  const accounts = (await db('contract_accounts').where({ customer_id: customerId }).orderBy('created_at')) as Row[];
  const mandates = (await db('sepa_mandates')
    .whereIn(
      'contract_account_id',
      accounts.map((a) => a.id),
    )
    .orderBy('created_at', 'desc')) as Row[];
  return accounts.map((a) => ({
    id: a.id,
    accountNumber: a.account_number,
    paymentMethod: a.payment_method,
    billingAddress: jsonColumn<PostalAddress>(a.billing_address),
    billDelivery: a.bill_delivery,
    mandates: mandates
      .filter((m) => m.contract_account_id === a.id)
      .map((m) => ({
        reference: m.mandate_reference,
        iban: m.iban,
        bic: m.bic ?? null,
        accountHolder: m.account_holder,
        signedDate: isoDate(m.signed_date),
        status: m.status,
        lastCollectionDate: m.last_collection_date ? isoDate(m.last_collection_date) : null,
      })),
  }));
}

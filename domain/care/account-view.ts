/**
 * The customer account screen's one read: a customer whole, as a case worker sees it on the phone.
 * Each section is a small module under ./account that reuses the owning capability's queries (ledger
 * balance, bills, readings, dunning, collection, bureau log); this file only puts them together.
 * Care cases come from the care API itself (GET /api/customers/{no}/care-cases).
 */
import type { Database } from '../../db';
import { contractSections, type ContractSection } from './account/contracts';
import { lettersOf, mailsTo, type LetterSummary, type MailSummary } from './account/correspondence';
import { accountsOf, customerByNumber, type AccountMaster, type CustomerMaster } from './account/customer';
import { accountDunning, type AccountDunning } from './account/dunning';
import { accountMoney, type AccountMoney } from './account/money';
import { instanceKeysOf, type InstanceLookup, type ProcessInstanceSummary } from './account/processes';

export type { ContractSection, LetterSummary, MailSummary, AccountMaster, CustomerMaster, AccountDunning, AccountMoney };
export type { ProcessInstanceSummary, InstanceLookup };
export { cockpitUrl } from './account/processes';

/** A contract account with its money and its dunning, collection and bureau history. */
export interface AccountSection extends AccountMaster {
  money: AccountMoney;
  dunning: AccountDunning;
}

export interface CustomerAccountView {
  customer: CustomerMaster;
  contracts: ContractSection[];
  accounts: AccountSection[];
  /** Sum of the accounts' balances: positive, the customer owes; negative, a credit. */
  balanceCents: number;
  overdueCents: number;
  letters: LetterSummary[];
  mails: MailSummary[];
  /** Newest first; null when no engine read model is at hand. */
  processInstances: ProcessInstanceSummary[] | null;
}

export interface AccountViewOptions {
  /** The business day (the engine clock's day in Germany): what is overdue. */
  today: string;
  instances?: InstanceLookup;
}

export async function customerAccountView(
  db: Database,
  customerNumber: string,
  opts: AccountViewOptions,
): Promise<CustomerAccountView | undefined> {
  const customer = await customerByNumber(db, customerNumber);
  if (!customer) return undefined;
  const [contracts, accountList] = await Promise.all([contractSections(db, customer.id), accountsOf(db, customer.id)]);
  const refs = {
    customerId: customer.id,
    contractIds: contracts.map((c) => c.id),
    accountIds: accountList.map((a) => a.id),
    orderIds: contracts.map((c) => c.orderId),
  };
  const [accounts, letters, mails, processInstances] = await Promise.all([
    Promise.all(
      accountList.map(async (a) => ({
        ...a,
        money: await accountMoney(db, a.id, opts.today),
        dunning: await accountDunning(db, a.id, a.accountNumber),
      })),
    ),
    lettersOf(db, refs),
    mailsTo(db, customer.email),
    opts.instances ? instanceKeysOf(db, refs).then((keys) => (keys.length ? opts.instances!(keys) : [])) : Promise.resolve(null),
  ]);
  return {
    customer,
    contracts,
    accounts,
    balanceCents: accounts.reduce((s, a) => s + a.money.balanceCents, 0),
    overdueCents: accounts.reduce((s, a) => s + a.money.overdueCents, 0),
    letters,
    mails,
    processInstances,
  };
}

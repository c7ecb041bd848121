/**
 * An account's money: the balance display of the ledger (open and cleared items), and from the same
 * items the payments and the return debits.
 */
import type { Database } from '../../../db';
import { accountBalance, type AccountBalance, type AccountItem } from '../../ledger';

export interface AccountMoney extends AccountBalance {
  /** Incoming payments (bank transfers, collected debits, the payment page), newest first. */
  payments: AccountItem[];
  /** Return debits (Rücklastschriften) with their reason in the text, newest first. */
  returnDebits: AccountItem[];
}

const newestFirst = (a: AccountItem, b: AccountItem) =>
  b.postingDate.localeCompare(a.postingDate) || b.documentNumber.localeCompare(a.documentNumber);

export async function accountMoney(db: Database, contractAccountId: string, today: string): Promise<AccountMoney> {
  const balance = await accountBalance(db, contractAccountId, today);
  const all = [...balance.openItems, ...balance.clearedItems];
  return {
    ...balance,
    payments: all.filter((i) => i.documentKind === 'payment').sort(newestFirst),
    returnDebits: all.filter((i) => i.documentKind === 'return').sort(newestFirst),
  };
}

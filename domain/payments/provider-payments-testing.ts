/**
 * Test helpers of the payment page: dunning charges as items of their own (the dunning posts them
 * through domain/dunning/charges; the tests need them on any day). Not part of the runtime API.
 */
import type { Database } from '../../db';
import { postDocument } from '../ledger';

/** A dunning fee or default interest item of the account, due on `due`; its line id. */
export async function postCharge(
  db: Database,
  contractAccountId: string,
  kind: 'fee' | 'interest',
  cents: number,
  due: string,
): Promise<string> {
  const text = kind === 'fee' ? 'Mahngebühr' : 'Verzugszinsen';
  const doc = await postDocument(db, {
    businessKey: `test-${kind}:${contractAccountId}:${due}:${cents}`,
    kind,
    contractAccountId,
    postingDate: due,
    text,
    lines: [
      { glAccount: 'receivable', itemType: kind, amountCents: cents, dueDate: due, text },
      { glAccount: kind === 'fee' ? 'fee_income' : 'interest_income', amountCents: -cents, text: 'Ertrag' },
    ],
  });
  return doc.lines[0].id;
}

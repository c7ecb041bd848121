/**
 * The worker of process payment-page-contact: mails the case worker's answer to the customer who
 * wrote through the payment page. Idempotent: one mail per contact request (its `contactId`).
 */
import type { AccountingDeps } from '../billing/context';
import { str } from '../billing/context';
import type { JobHandler } from '../runtime';

export function createPaymentPageHandlers(deps: AccountingDeps): Record<string, JobHandler> {
  const { db } = deps;
  return {
    async 'payment-page.send-reply'(vars) {
      const account = (await db('contract_accounts as a')
        .join('customers as c', 'c.id', 'a.customer_id')
        .where('a.id', str(vars, 'contractAccountId'))
        .first('a.account_number', 'c.first_name', 'c.last_name', 'c.email')) as
        { account_number: string; first_name: string; last_name: string; email: string } | undefined;
      if (!account) throw new Error(`contract account ${str(vars, 'contractAccountId')} not found`);
      const mail = deps.templates.mail('payment-page-reply', {
        recipient: { name: `${account.first_name} ${account.last_name}`.trim() },
        accountNumber: account.account_number,
        message: str(vars, 'message'),
        reply: str(vars, 'note'),
      });
      await deps.mailer.sendOnce(db, `payment-page-reply:${str(vars, 'contactId')}`, { to: account.email, ...mail });
      return {};
    },
  };
}

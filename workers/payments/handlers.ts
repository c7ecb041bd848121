/** Job handlers of the payment run, bank statements, clarifications and return debits. */
import type { AccountingDeps } from '../billing/context';
import type { JobHandler } from '../runtime';

export function createPaymentHandlers(deps: AccountingDeps): Record<string, JobHandler> {
  void deps;
  return {};
}

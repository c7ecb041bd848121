/**
 * Withdrawal (Widerruf) within 14 days of the contract's conclusion (§355, §356 (2) no. 2 BGB):
 * the contract is cancelled, nothing is billed, a confirmation goes out (process care-withdrawal).
 * A withdrawal after the period is refused here already (422), naming the period's last day.
 */
import { checkWithdrawal } from '../../../../domain/contracts/withdrawal';
import type { GermanState } from '../../../../domain/payments/calendar';
import { defineCareKind } from './types';

export interface WithdrawalBody {
  contractId: string;
  /** The day the withdrawal was sent or received (default today): sending in time suffices, §355 (1) BGB. */
  receivedOn?: string;
  reason?: string;
}

export const withdrawal = defineCareKind<WithdrawalBody>({
  kind: 'withdrawal',
  processId: 'care-withdrawal',
  title: { de: 'Widerruf', en: 'Withdrawal' },
  contract: 'required',
  portal: true,
  body: {
    type: 'object',
    additionalProperties: false,
    properties: {
      receivedOn: {
        type: 'string',
        pattern: '^\\d{4}-\\d{2}-\\d{2}$',
        description: 'Day the withdrawal was sent or received (default: today)',
      },
      reason: { type: 'string', maxLength: 500, description: 'Optional; a withdrawal needs no reason' },
    },
  },
  async check(ctx, body) {
    const c = ctx.contract!;
    checkWithdrawal(
      { contractNumber: c.contractNumber, status: c.status, createdAt: c.createdAt },
      body.receivedOn ?? ctx.today,
      ctx.today,
      ctx.settings.dunningHolidayState as GermanState,
    );
  },
  variables(ctx, body) {
    return { receivedOn: body.receivedOn ?? ctx.today };
  },
});

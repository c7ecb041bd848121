/**
 * Change of the installment (Abschlag): within INSTALLMENT_TOLERANCE_PERCENT of the proposal it
 * applies at once, beyond it a case worker approves (the existing installment-change process with
 * form installment-approval). Only for a contract in supply or about to be.
 */
import { CareError } from '../../../../domain/care';
import { activePlan } from '../../../../domain/billing/installments-repository';
import { defineCareKind } from './types';

export interface InstallmentChangeBody {
  contractId: string;
  amountCents: number;
}

export const installmentChange = defineCareKind<InstallmentChangeBody>({
  kind: 'installment-change',
  processId: 'care-installment-change',
  title: { de: 'Abschlag ändern', en: 'Change of installment' },
  contract: 'required',
  portal: true,
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['amountCents'],
    properties: {
      amountCents: { type: 'integer', minimum: 0, maximum: 10_000_000, description: 'Gross per installment in cents' },
    },
  },
  async check(ctx, body) {
    if (!ctx.contract || !['active', 'pending'].includes(ctx.contract.status))
      throw new CareError('refused', 'Der Vertrag ist beendet: ein Abschlag kann nicht mehr geändert werden.', 'contractId');
    const plan = await activePlan(ctx.db, ctx.contract.id);
    if (!plan) throw new CareError('refused', 'Für den Vertrag gibt es noch keinen Abschlagsplan.', 'contractId');
    if (plan.amountCents === body.amountCents) throw new CareError('refused', 'Der Abschlag hat bereits diese Höhe.', 'amountCents');
  },
  variables(_ctx, body) {
    return { amountCents: body.amountCents };
  },
});

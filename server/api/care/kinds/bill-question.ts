/**
 * A question on a bill (Rechnungsfrage): a case worker answers with the bill at hand and may decide
 * a correction, which cancels the bill and bills the period again through contract-billing.
 * The bill must be one of this customer's.
 */
import { CareError } from '../../../../domain/care';
import { defineCareKind } from './types';

export interface BillQuestionBody {
  billId: string;
  question: string;
}

export const billQuestion = defineCareKind<BillQuestionBody>({
  kind: 'bill-question',
  processId: 'care-bill-question',
  title: { de: 'Frage zur Rechnung', en: 'Question on a bill' },
  contract: 'none',
  portal: true,
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['billId', 'question'],
    properties: {
      billId: { type: 'string', pattern: '^[0-9a-fA-F-]{36}$' },
      question: { type: 'string', minLength: 10, maxLength: 5000 },
    },
  },
  async check(ctx, body) {
    const bill = (await ctx
      .db('bills as b')
      .join('contracts as c', 'c.id', 'b.contract_id')
      .where('b.id', body.billId)
      .first('c.customer_id')) as { customer_id: string } | undefined;
    // Another customer's bill is as unknown as a missing one.
    if (!bill || bill.customer_id !== ctx.customer.id) throw new CareError('invalid', 'ist keine Rechnung dieses Kunden', 'billId');
  },
  variables(_ctx, body) {
    return { billId: body.billId };
  },
});

/**
 * A complaint (Beschwerde): a case worker answers within CARE_COMPLAINT_DUE_DAYS, else a team lead
 * does; the answer is recorded and mailed to the customer.
 */
import { defineCareKind } from './types';

export interface ComplaintBody {
  contractId?: string;
  subject: string;
  text: string;
}

export const complaint = defineCareKind<ComplaintBody>({
  kind: 'complaint',
  processId: 'care-complaint',
  title: { de: 'Beschwerde', en: 'Complaint' },
  contract: 'optional',
  portal: true,
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['subject', 'text'],
    properties: {
      subject: { type: 'string', minLength: 3, maxLength: 200 },
      text: { type: 'string', minLength: 10, maxLength: 5000 },
    },
  },
  variables(ctx) {
    return { dueDays: ctx.settings.careComplaintDueDays };
  },
});

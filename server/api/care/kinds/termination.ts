/**
 * Termination (Kündigung) by the customer (process care-termination): the end date from the
 * tariff's notice period and minimum term (domain/contracts/termination), the confirmation within
 * one week (§41b (1) EnWG), then the final bill at the end date through the move-out path. An end
 * date before the minimum term or the notice period is refused here (422) with the earliest date.
 */
import { confirmationDeadline, terminationEndDate, terminationTermsOf } from '../../../../domain/contracts/termination';
import { CareError } from '../../../../domain/care';
import { isValidIsoDate } from '../../../../domain/shared/dates';
import { defineCareKind } from './types';

export interface TerminationBody {
  contractId: string;
  /** The wished last day of supply; none: the earliest possible. */
  endDate?: string;
  /** The day the termination was received (default today). */
  receivedOn?: string;
}

function endDateOf(terms: Parameters<typeof terminationEndDate>[0], today: string, body: TerminationBody): string {
  const receivedOn = body.receivedOn ?? today;
  if (!isValidIsoDate(receivedOn)) throw new CareError('invalid', 'Datum im Format JJJJ-MM-TT erwartet', 'receivedOn');
  if (receivedOn > today) throw new CareError('invalid', 'Der Eingang der Kündigung liegt in der Zukunft', 'receivedOn');
  return terminationEndDate(terms, receivedOn, body.endDate);
}

export const termination = defineCareKind<TerminationBody>({
  kind: 'termination',
  processId: 'care-termination',
  title: { de: 'Kündigung', en: 'Termination' },
  contract: 'required',
  portal: true,
  body: {
    type: 'object',
    additionalProperties: false,
    properties: {
      endDate: {
        type: 'string',
        pattern: '^\\d{4}-\\d{2}-\\d{2}$',
        description: 'Wished last day of supply (default: the earliest the tariff allows)',
      },
      receivedOn: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Day received (default: today)' },
    },
  },
  async check(ctx, body) {
    endDateOf(await terminationTermsOf(ctx.db, ctx.contract!.id), ctx.today, body);
  },
  variables(ctx, body) {
    const receivedOn = body.receivedOn ?? ctx.today;
    // The end date itself is worked out by the process's first step (care.termination.book) by the same rule.
    return { wishedEndDate: body.endDate ?? null, receivedOn, confirmBy: confirmationDeadline(receivedOn) };
  },
});

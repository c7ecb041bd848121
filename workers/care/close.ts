/**
 * The last step of every care process (job type `care-case-close`): closes the case with the
 * outcome the model maps in (`outcome`: completed | rejected | cancelled, `reason`, `result`).
 * Idempotent: a retried job leaves the first outcome (domain/care completeCareCase).
 */
import { completeCareCase } from '../../domain/care';
import type { AccountingDeps } from '../billing/context';
import { str } from '../billing/context';
import type { JobHandler } from '../runtime';

const OUTCOMES = ['completed', 'rejected', 'cancelled'] as const;
type Outcome = (typeof OUTCOMES)[number];

export function createCareCaseHandlers(deps: Pick<AccountingDeps, 'db'>): Record<string, JobHandler> {
  return {
    async 'care-case-close'(vars) {
      const outcome = (vars.outcome ?? 'completed') as Outcome;
      if (!OUTCOMES.includes(outcome))
        throw new Error(`care-case-close: outcome must be one of ${OUTCOMES.join(', ')}, not ${String(vars.outcome)}`);
      const result = vars.result && typeof vars.result === 'object' ? (vars.result as Record<string, unknown>) : undefined;
      const reason = typeof vars.reason === 'string' && vars.reason !== '' ? vars.reason : undefined;
      const closed = await completeCareCase(deps.db, str(vars, 'careCaseId'), { status: outcome, result, reason });
      return { careCaseStatus: closed.status };
    },
  };
}

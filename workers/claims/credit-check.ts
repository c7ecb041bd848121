/**
 * The job handlers of the process credit-check when it runs on its own for the phone app (started
 * with `creditCheckId`, no order): the person comes from the query log (domain/credit-checks), each
 * bureau call is audited in bureau_requests under the check, and the result is written back to the
 * log. The order's handlers (workers/order-to-contract) hand such jobs here.
 */
import type { Database } from '../../db';
import { completeCreditCheck, getCreditCheck, type BureauLine } from '../../domain/credit-checks';
import { BureauUnavailableError, PersonUnknownError, checkWithAudit, type BureauAdapter, type BureauName } from '../bureaus';
import { BpmnError, type Vars } from '../runtime';

/** A credit-check job of a standalone check: it names the check and no order. */
export function isStandaloneCreditCheck(vars: Vars): boolean {
  return typeof vars.creditCheckId === 'string' && vars.orderId === undefined;
}

export function createStandaloneCreditCheckHandlers(deps: { db: Database; adapters: Record<BureauName, BureauAdapter> }) {
  const { db } = deps;

  async function checkOf(vars: Vars) {
    const c = await getCreditCheck(db, String(vars.creditCheckId));
    if (!c) throw new Error(`no credit check ${String(vars.creditCheckId)}`);
    return c;
  }

  return {
    /** One bureau, as for an order: unknown person → BPMN error; unavailable → noted (serial: the next bureau is asked). */
    async bureau(bureau: BureauName, vars: Vars): Promise<Vars> {
      const c = await checkOf(vars);
      const adapter = deps.adapters[bureau];
      if (!adapter) throw new Error(`no adapter for bureau ${bureau}`);
      const s = c.subject;
      try {
        const r = await checkWithAudit(
          db,
          adapter,
          { creditCheckId: c.id },
          { firstName: s.firstName, lastName: s.lastName, birthDate: s.birthDate, address: { ...s.address, country: 'DE' } },
        );
        const bureauResult: BureauLine = {
          bureau,
          outcome: 'answered',
          score: r.score,
          trafficLight: r.trafficLight,
          fraudSuspicion: r.fraudSuspicion,
        };
        return { bureauResult };
      } catch (err) {
        if (err instanceof PersonUnknownError) throw new BpmnError('PERSON_UNKNOWN', err.message);
        // Unlike an order's check (whose last bureau fails into an incident and waits), the phone shows
        // a bureau that is down as "not reachable" at once: the user is waiting for the answer.
        if (err instanceof BureauUnavailableError) return { bureauResult: { bureau, outcome: 'unavailable' } satisfies BureauLine };
        throw err;
      }
    },

    async aggregate(vars: Vars): Promise<Vars> {
      const c = await checkOf(vars);
      const results = ((vars.bureauResults as (BureauLine | null)[] | undefined) ?? []).filter((r): r is BureauLine => !!r);
      const done = await completeCreditCheck(db, c.id, results);
      return {
        credit: {
          score: done.score,
          trafficLight: done.trafficLight,
          fraudSuspicion: done.fraudSuspicion,
          personUnknown: done.personUnknown,
        },
      };
    },
  };
}

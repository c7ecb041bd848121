/**
 * The installment plan (Abschlagsplan) of a contract:
 *   GET  /api/contracts/{id}/installment-plan   the active plan and changes waiting for approval
 *   POST /api/contracts/{id}/installment-plan   a change request: {amountCents: 8900} or {amount: "89.00"}
 * Within INSTALLMENT_TOLERANCE_PERCENT of the proposal the change applies at once; beyond it a case
 * worker decides. Either way an `installment-change` instance starts with {planId, contractId, needsApproval}.
 */
import type { FastifyInstance } from 'fastify';
import { activePlan, requestPlanChange, type InstallmentPlan } from '../../../domain/billing/installments-repository';
import { parseAmount } from '../../../domain/money';
import { isoDate, today } from '../../../domain/shared/dates';
import { toCents } from '../../../domain/shared/db';
import { ACCOUNTING_TAG } from '../openapi';
import {
  callerOf,
  commonProblems,
  idempotencyHeader,
  idempotencyKeyOf,
  idParams,
  InputError,
  isoDateSchema,
  jsonResponse,
  problemResponse,
  requireContract,
  startOnce,
  type AccountingDeps,
} from './http';

const planSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    validFrom: isoDateSchema,
    cadence: { type: 'string', enum: ['monthly', 'quarterly', 'half_yearly'] },
    amountCents: { type: 'integer', description: 'Gross per installment, in cents' },
    status: { type: 'string', enum: ['active', 'superseded', 'pending_approval', 'rejected'] },
    reason: { type: 'string' },
    requestedBy: { type: ['string', 'null'] },
    decidedBy: { type: ['string', 'null'] },
  },
};

interface ChangeBody {
  amountCents?: number;
  amount?: string;
  validFrom?: string;
  reason?: string;
}

type Row = Record<string, unknown>;
const pendingView = (r: Row) => ({
  id: r.id as string,
  validFrom: isoDate(r.valid_from as Date | string),
  cadence: r.cadence as string,
  amountCents: toCents(r.amount_cents as string),
  status: r.status as string,
  reason: r.reason as string,
  requestedBy: (r.requested_by as string | null) ?? null,
});

/** Cents from exactly one of amountCents and amount. */
function amountOf(body: ChangeBody): number {
  if ((body.amountCents === undefined) === (body.amount === undefined))
    throw new InputError([
      { field: 'amountCents', message: 'give either amountCents (integer cents) or amount ("89.00"), not both or neither' },
    ]);
  if (body.amountCents !== undefined) return body.amountCents;
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(body.amount!.trim()))
    throw new InputError([{ field: 'amount', message: 'must be euros ≥ 0 with a dot and at most 2 decimals, e.g. "89.00"' }]);
  return parseAmount(body.amount!);
}

export async function registerInstallmentPlanRoutes(app: FastifyInstance, deps: AccountingDeps): Promise<void> {
  const { db } = deps;
  const tags = [ACCOUNTING_TAG];

  app.get<{ Params: { id: string } }>(
    '/api/contracts/:id/installment-plan',
    {
      schema: {
        tags,
        summary: 'The active installment plan and changes waiting for approval',
        params: idParams,
        response: {
          200: jsonResponse('The plan', {
            type: 'object',
            properties: { active: { anyOf: [planSchema, { type: 'null' }] }, pendingApproval: { type: 'array', items: planSchema } },
          }),
          404: problemResponse('No such contract'),
          ...commonProblems,
        },
      },
    },
    async (request) => {
      await requireContract(db, request.params.id);
      const pending = (await db('installment_plans')
        .where({ contract_id: request.params.id, status: 'pending_approval' })
        .orderBy('created_at')) as Row[];
      return { active: (await activePlan(db, request.params.id)) ?? null, pendingApproval: pending.map(pendingView) };
    },
  );

  app.post<{ Params: { id: string }; Body: ChangeBody }>(
    '/api/contracts/:id/installment-plan',
    {
      schema: {
        tags,
        summary: 'Request another installment amount',
        description:
          'Within the tolerance (INSTALLMENT_TOLERANCE_PERCENT) of what the expected consumption justifies, the new plan is active at once; beyond it, it waits for a case worker (`needsApproval`). Starts `installment-change`.',
        params: idParams,
        headers: idempotencyHeader('Names the change: a retry returns the same plan and starts nothing new'),
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            amountCents: { type: 'integer', minimum: 0, description: 'Gross per installment in cents' },
            amount: { type: 'string', description: 'Or: gross per installment in euros, "89.00"' },
            validFrom: { ...isoDateSchema, description: "Default: the active plan's next due date" },
            reason: { type: 'string', maxLength: 500 },
          },
        },
        response: {
          202: jsonResponse('Requested; the process carries it on', {
            type: 'object',
            properties: {
              plan: planSchema,
              needsApproval: { type: 'boolean' },
              proposedCents: { type: 'integer' },
              processInstanceKey: { type: 'string' },
            },
          }),
          400: problemResponse('Wrong fields in `details`; nothing was stored'),
          404: problemResponse('No such contract'),
          ...commonProblems,
        },
      },
    },
    async (request, reply) => {
      const contractId = request.params.id;
      const amountCents = amountOf(request.body);
      await requireContract(db, contractId);
      const key = idempotencyKeyOf(request);
      // Without a key, the same amount asked for twice on one day is one request.
      const businessKey = key ? `plan-change:${contractId}:${key}` : `plan-change:${contractId}:${amountCents}:${(deps.today ?? today)()}`;
      const current = await activePlan(db, contractId);
      const result = await requestPlanChange(db, {
        contractId,
        amountCents,
        requestedBy: callerOf(request),
        tolerancePercent: deps.settings.installmentTolerancePercent,
        businessKey,
        asOf: (deps.today ?? today)(),
        validFrom: request.body.validFrom,
        reason: request.body.reason,
      });
      const plan: InstallmentPlan = result.plan;
      const { processInstanceKey } = await startOnce(
        deps,
        'installment-change',
        {
          planId: plan.id,
          contractId,
          needsApproval: result.needsApproval,
          // What the approval form shows the case worker.
          currentAmountCents: current?.amountCents ?? 0,
          requestedAmountCents: amountCents,
          proposedAmountCents: result.proposedCents,
          reason: plan.reason,
        },
        ['planId'],
      );
      return reply.code(202).send({ plan, needsApproval: result.needsApproval, proposedCents: result.proposedCents, processInstanceKey });
    },
  );
}

/**
 * Installment plans (Abschlagspläne) in the database. One active plan per contract (a unique
 * index); a new plan supersedes it in the same transaction. Every write is idempotent by its
 * business key: a retried call returns the plan the first call made.
 */
import type { Database } from '../../db';
import type { Cents } from '../money';
import { addDays, isoDate, isValidIsoDate, maxDate, today } from '../shared/dates';
import { jsonColumn, toCents } from '../shared/db';
import { billingTariffOf } from '../contracts/tariff-change';
import { vatRatesFor } from '../tariffs/repository';
import { installmentDueDates, monthsPerInstallment, proposeInstallment, withinTolerance, type Cadence } from './installments';

export type PlanStatus = 'active' | 'superseded' | 'pending_approval' | 'rejected';

export interface InstallmentPlan {
  id: string;
  businessKey: string;
  contractId: string;
  validFrom: string;
  cadence: Cadence;
  /** Gross per installment. */
  amountCents: Cents;
  status: PlanStatus;
  reason: string;
  requestedBy: string | null;
  decidedBy: string | null;
}

export class InstallmentError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'InstallmentError';
  }
}

export async function activePlan(db: Database, contractId: string): Promise<InstallmentPlan | undefined> {
  const row = await db('installment_plans').where({ contract_id: contractId, status: 'active' }).first();
  return row ? planFromRow(row) : undefined;
}

export interface NewPlan {
  contractId: string;
  validFrom: string;
  cadence: Cadence;
  amountCents: Cents;
  reason: string;
  requestedBy?: string | null;
  businessKey: string;
}

/** A new active plan, superseding the active one. */
export async function createPlan(db: Database, input: NewPlan): Promise<InstallmentPlan> {
  checkAmount(input.amountCents);
  if (!isValidIsoDate(input.validFrom)) throw new InstallmentError('validFrom', 'Datum im Format JJJJ-MM-TT erwartet');
  if (!(input.cadence in monthsPerInstallment)) throw new InstallmentError('cadence', 'monatlich, vierteljährlich oder halbjährlich');
  return db.transaction(async (trx) => {
    await lockContract(trx, input.contractId);
    const existing = await byKey(trx, input.businessKey);
    if (existing) return existing;
    await trx('installment_plans').where({ contract_id: input.contractId, status: 'active' }).update({ status: 'superseded' });
    return insertPlan(trx, input, 'active');
  });
}

export interface PlanChangeRequest {
  contractId: string;
  amountCents: Cents;
  requestedBy: string;
  /** e.g. 10: within ±10 % of the proposal the change applies at once; beyond, a case worker decides. */
  tolerancePercent: number | string;
  businessKey: string;
  /** Default: the active plan's next due date on or after `asOf` (the rhythm stays), else the supply start. */
  validFrom?: string;
  /** Default: today. */
  asOf?: string;
  reason?: string;
}

export interface PlanChangeResult {
  plan: InstallmentPlan;
  needsApproval: boolean;
  /** What the expected consumption justifies (§40 EnWG: proportionate installments). */
  proposedCents: Cents;
}

/** A customer's wish for another installment amount. */
export async function requestPlanChange(db: Database, req: PlanChangeRequest): Promise<PlanChangeResult> {
  checkAmount(req.amountCents);
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(String(req.tolerancePercent)))
    throw new InstallmentError('tolerancePercent', 'Toleranz in Prozent ≥ 0');
  return db.transaction(async (trx) => {
    if (req.validFrom !== undefined && !isValidIsoDate(req.validFrom))
      throw new InstallmentError('validFrom', 'Datum im Format JJJJ-MM-TT erwartet');
    const contract = await lockContract(trx, req.contractId);
    const asOf = req.asOf ?? today();
    const proposedCents = await proposalFor(trx, contract, asOf);
    const existing = await byKey(trx, req.businessKey);
    if (existing) return { plan: existing, needsApproval: existing.status === 'pending_approval', proposedCents };
    const current = await activePlan(trx, req.contractId);
    const cadence = (current?.cadence ?? contract.installment_cadence) as Cadence;
    const supplyStart = isoDate(contract.start_date);
    const nextDue = current ? installmentDueDates(current, asOf, addDays(asOf, 366), supplyStart)[0] : undefined;
    const validFrom = req.validFrom ?? nextDue ?? maxDate(asOf, supplyStart);
    const plan = {
      contractId: req.contractId,
      validFrom,
      cadence,
      amountCents: req.amountCents,
      reason: req.reason ?? 'Abschlagsänderung auf Kundenwunsch',
      requestedBy: req.requestedBy,
      businessKey: req.businessKey,
    };
    if (withinTolerance(req.amountCents, proposedCents, req.tolerancePercent)) {
      await trx('installment_plans').where({ contract_id: req.contractId, status: 'active' }).update({ status: 'superseded' });
      return { plan: await insertPlan(trx, plan, 'active'), needsApproval: false, proposedCents };
    }
    return { plan: await insertPlan(trx, plan, 'pending_approval'), needsApproval: true, proposedCents };
  });
}

/** A case worker's decision on a change outside the tolerance. Deciding the same way again is a no-op. */
export async function decidePlanChange(db: Database, planId: string, approved: boolean, decidedBy: string): Promise<InstallmentPlan> {
  return db.transaction(async (trx) => {
    const row = await trx('installment_plans').where({ id: planId }).first('contract_id');
    if (!row) throw new InstallmentError('planId', 'Abschlagsplan nicht gefunden');
    await lockContract(trx, row.contract_id);
    const plan = planFromRow(await trx('installment_plans').where({ id: planId }).first());
    if (plan.status !== 'pending_approval') {
      const same = approved ? plan.status === 'active' || plan.status === 'superseded' : plan.status === 'rejected';
      if (same) return plan;
      throw new InstallmentError('planId', `Abschlagsplan ist bereits entschieden (${plan.status})`);
    }
    if (approved) {
      await trx('installment_plans').where({ contract_id: plan.contractId, status: 'active' }).update({ status: 'superseded' });
    }
    const [updated] = await trx('installment_plans')
      .where({ id: planId })
      .update({ status: approved ? 'active' : 'rejected', decided_by: decidedBy })
      .returning('*');
    return planFromRow(updated);
  });
}

/** The installment the contract's expected consumption and current prices justify. */
async function proposalFor(db: Database, contract: Record<string, any>, asOf: string): Promise<Cents> {
  // After a tariff change each tariff counts in its own time.
  const tariff = await billingTariffOf(db, contract.id, contract.tariff_code);
  if (!tariff || tariff.versions.length === 0) throw new InstallmentError('contractId', `Tarif ${contract.tariff_code} ohne Preise`);
  return proposeInstallment({
    annualConsumptionKwh: contract.annual_consumption_kwh,
    productKind: tariff.productKind,
    versions: tariff.versions,
    vatRatePercent: await vatRatesFor(db, tariff.commodity),
    cadence: contract.installment_cadence,
    modules: jsonColumn<string[]>(contract.tariff_modules),
    billingPeriodMonths: tariff.billingPeriodMonths,
    from: maxDate(asOf, tariff.versions[0].validFrom),
  });
}

// The contract row lock serialises plan changes of one contract (and a retry racing its original).
async function lockContract(db: Database, contractId: string): Promise<Record<string, any>> {
  const contract = await db('contracts').where({ id: contractId }).forUpdate().first();
  if (!contract) throw new InstallmentError('contractId', 'Vertrag nicht gefunden');
  return contract;
}

async function byKey(db: Database, businessKey: string): Promise<InstallmentPlan | undefined> {
  const row = await db('installment_plans').where({ business_key: businessKey }).first();
  return row ? planFromRow(row) : undefined;
}

async function insertPlan(db: Database, p: NewPlan, status: PlanStatus): Promise<InstallmentPlan> {
  const [row] = await db('installment_plans')
    .insert({
      business_key: p.businessKey,
      contract_id: p.contractId,
      valid_from: p.validFrom,
      cadence: p.cadence,
      amount_cents: p.amountCents,
      status,
      reason: p.reason,
      requested_by: p.requestedBy ?? null,
    })
    .returning('*');
  return planFromRow(row);
}

function checkAmount(amountCents: Cents): void {
  if (!Number.isSafeInteger(amountCents) || amountCents < 0) throw new InstallmentError('amountCents', 'Abschlag in ganzen Cent ≥ 0');
}

function planFromRow(r: Record<string, any>): InstallmentPlan {
  return {
    id: r.id,
    businessKey: r.business_key,
    contractId: r.contract_id,
    validFrom: isoDate(r.valid_from),
    cadence: r.cadence,
    amountCents: toCents(r.amount_cents),
    status: r.status,
    reason: r.reason,
    requestedBy: r.requested_by ?? null,
    decidedBy: r.decided_by ?? null,
  };
}

/**
 * Tariff change (Tarifwechsel): the contract's tariff from a date.
 *
 * The contract's `tariff_code` names the latest tariff; `contract_tariff_changes` keeps which tariff
 * held before each change. A bill or an installment proposal over a change sees one list of
 * versions: the earlier tariff's up to the change, then the later tariff's version in force on the
 * change date (moved to that date) and its later versions. `pricePeriodsOf` cuts there as at any
 * price change, so each part is priced with its own tariff and the consumption is shared by days
 * (§12 (2) StromGVV). Hence a change is only to a tariff of the same commodity, product kind and
 * billing period length, and not into a period already billed.
 */
import type { Database } from '../../db';
import { CareError } from '../care/errors';
import { proposeInstallment, installmentDueDates } from '../billing/installments';
import { activePlan, createPlan, type InstallmentPlan } from '../billing/installments-repository';
import { addDays, isoDate, isValidIsoDate, maxDate } from '../shared/dates';
import { jsonColumn } from '../shared/db';
import { getTariff, vatRatesFor } from '../tariffs/repository';
import { tariffAvailableTo, versionAt, type Tariff, type TariffVersion } from '../tariffs/types';
import { germanDate } from './termination';

export interface TariffChange {
  contractId: string;
  validFrom: string;
  fromTariffCode: string;
  toTariffCode: string;
}

type Row = Record<string, any>;

/** The versions a contract is billed with, the tariff changes applied (pure). Changes ascending by validFrom. */
export function composeTariffVersions(
  original: readonly TariffVersion[],
  changes: ReadonlyArray<{ validFrom: string; versions: readonly TariffVersion[] }>,
): TariffVersion[] {
  if (changes.length === 0) return [...original];
  const sorted = [...changes].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  const out = original.filter((v) => v.validFrom < sorted[0].validFrom);
  sorted.forEach((change, i) => {
    const until = sorted[i + 1]?.validFrom;
    const versions = [...change.versions].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
    const inForce = versionAt(versions, change.validFrom);
    if (!inForce) throw new RangeError(`no price of ${change.versions[0]?.tariffCode ?? 'the new tariff'} on ${change.validFrom}`);
    out.push({ ...inForce, validFrom: change.validFrom });
    for (const v of versions) if (v.validFrom > change.validFrom && (!until || v.validFrom < until)) out.push(v);
  });
  return out;
}

/** The tariff changes of some contracts (one query), ascending by date. */
export async function tariffChangesOf(db: Database, contractIds: readonly string[]): Promise<Map<string, TariffChange[]>> {
  const out = new Map<string, TariffChange[]>();
  if (contractIds.length === 0) return out;
  const rows = (await db('contract_tariff_changes')
    .whereIn('contract_id', [...contractIds])
    .orderBy([{ column: 'contract_id' }, { column: 'valid_from' }])) as Row[];
  for (const r of rows) {
    const change = {
      contractId: r.contract_id as string,
      validFrom: isoDate(r.valid_from),
      fromTariffCode: r.from_tariff_code as string,
      toTariffCode: r.to_tariff_code as string,
    };
    out.set(change.contractId, [...(out.get(change.contractId) ?? []), change]);
  }
  return out;
}

/**
 * The contract's tariff as billing sees it: the latest tariff (`current`) with the versions of
 * every tariff it had, each in its own time. Without changes: `current` itself.
 */
export async function withTariffChanges(
  current: Tariff,
  changes: readonly TariffChange[] | undefined,
  load: (code: string) => Promise<Tariff | undefined>,
): Promise<Tariff> {
  if (!changes || changes.length === 0) return current;
  const tariffOf = async (code: string) => {
    const t = code === current.code ? current : await load(code);
    if (!t) throw new RangeError(`tariff ${code} not found`);
    return t;
  };
  const original = await tariffOf(changes[0].fromTariffCode);
  const later = await Promise.all(
    changes.map(async (c) => ({ validFrom: c.validFrom, versions: (await tariffOf(c.toTariffCode)).versions })),
  );
  return { ...current, versions: composeTariffVersions(original.versions, later) };
}

/** One contract's tariff for billing (see withTariffChanges). */
export async function billingTariffOf(db: Database, contractId: string, tariffCode: string): Promise<Tariff | undefined> {
  const current = await getTariff(db, tariffCode);
  if (!current) return undefined;
  const changes = await tariffChangesOf(db, [contractId]);
  return withTariffChanges(current, changes.get(contractId), (code) => getTariff(db, code));
}

export interface TariffChangeRequest {
  tariffCode: string;
  validFrom: string;
}

/**
 * Whether the contract may change to the tariff from the date; throws CareError (invalid: no such
 * tariff; refused: a rule says no) naming the field. Reads only.
 */
export async function checkTariffChange(db: Database, contractId: string, req: TariffChangeRequest, today: string): Promise<void> {
  const c = (await db('contracts').where({ id: contractId }).first()) as Row | undefined;
  if (!c) throw new CareError('not_found', 'Vertrag nicht gefunden', 'contractId');
  checkRules(c, await getTariff(db, c.tariff_code), await getTariff(db, req.tariffCode), req, today, await latestChange(db, contractId));
}

function checkRules(
  c: Row,
  current: Tariff | undefined,
  target: Tariff | undefined,
  req: TariffChangeRequest,
  today: string,
  lastChangeFrom: string | undefined,
): asserts target is Tariff {
  if (!isValidIsoDate(req.validFrom)) throw new CareError('invalid', 'Datum im Format JJJJ-MM-TT erwartet', 'validFrom');
  if (c.status !== 'active')
    throw new CareError(
      'refused',
      `Ein Tarifwechsel ist nur bei einem laufenden Vertrag möglich (Vertrag ${c.contract_number} ist ${c.status})`,
      'contractId',
    );
  if (!target || !tariffAvailableTo(target, c.customer_id))
    throw new CareError('invalid', `Tarif ${req.tariffCode} wird nicht angeboten`, 'tariffCode');
  if (!current) throw new CareError('refused', `Der bisherige Tarif ${c.tariff_code} ist nicht angelegt`, 'contractId');
  if (target.code === current.code) throw new CareError('refused', `Der Vertrag hat bereits den Tarif ${target.name}`, 'tariffCode');
  if (
    target.commodity !== current.commodity ||
    target.productKind !== current.productKind ||
    target.billingPeriodMonths !== current.billingPeriodMonths
  )
    throw new CareError(
      'refused',
      `Ein Wechsel ist nur in einen Tarif derselben Sparte, Produktart und Abrechnungsperiode möglich (${current.name} → ${target.name})`,
      'tariffCode',
    );
  const periodStart = isoDate(c.billing_period_start ?? c.start_date);
  const earliest = maxDate(today, periodStart);
  if (req.validFrom < earliest)
    throw new CareError('refused', `Der Tarifwechsel ist frühestens zum ${germanDate(earliest)} möglich`, 'validFrom');
  if (c.end_date && req.validFrom > isoDate(c.end_date))
    throw new CareError('refused', `Der Vertrag endet am ${germanDate(isoDate(c.end_date))}`, 'validFrom');
  if (lastChangeFrom && req.validFrom <= lastChangeFrom)
    throw new CareError(
      'refused',
      `Ein Tarifwechsel zum ${germanDate(lastChangeFrom)} ist schon vereinbart; ein weiterer ist erst danach möglich`,
      'validFrom',
    );
  const version = versionAt(target.versions, req.validFrom);
  if (!version) throw new CareError('refused', `Tarif ${target.name} hat am ${germanDate(req.validFrom)} noch keinen Preis`, 'validFrom');
  const codes = new Set(version.modules.map((m) => m.code));
  const missing = jsonColumn<string[]>(c.tariff_modules ?? []).filter((m) => !codes.has(m));
  if (missing.length)
    throw new CareError('refused', `Tarif ${target.name} bietet die gebuchten Module ${missing.join(', ')} nicht an`, 'tariffCode');
}

async function latestChange(db: Database, contractId: string): Promise<string | undefined> {
  const r = (await db('contract_tariff_changes').where({ contract_id: contractId }).max('valid_from as max').first()) as Row | undefined;
  return r?.max ? isoDate(r.max) : undefined;
}

export interface AppliedTariffChange extends TariffChange {
  fromTariffName: string;
  toTariffName: string;
  created: boolean;
}

/**
 * Records the change and points the contract at the new tariff, once per care case (a retried job
 * finds the first). The rules are checked again under the contract's row lock.
 */
export async function applyTariffChange(
  db: Database,
  input: { careCaseId: string; contractId: string; tariffCode: string; validFrom: string; today: string },
): Promise<AppliedTariffChange> {
  return db.transaction(async (trx) => {
    const c = (await trx('contracts').where({ id: input.contractId }).forUpdate().first()) as Row | undefined;
    if (!c) throw new CareError('not_found', 'Vertrag nicht gefunden', 'contractId');
    const done = (await trx('contract_tariff_changes').where({ care_case_id: input.careCaseId }).first()) as Row | undefined;
    if (done) {
      const [from, to] = await Promise.all([getTariff(trx, done.from_tariff_code), getTariff(trx, done.to_tariff_code)]);
      return {
        contractId: input.contractId,
        validFrom: isoDate(done.valid_from),
        fromTariffCode: done.from_tariff_code,
        toTariffCode: done.to_tariff_code,
        fromTariffName: from?.name ?? done.from_tariff_code,
        toTariffName: to?.name ?? done.to_tariff_code,
        created: false,
      };
    }
    const current = await getTariff(trx, c.tariff_code);
    const target = await getTariff(trx, input.tariffCode);
    checkRules(c, current, target, input, input.today, await latestChange(trx, input.contractId));
    await trx('contract_tariff_changes').insert({
      contract_id: input.contractId,
      care_case_id: input.careCaseId,
      valid_from: input.validFrom,
      from_tariff_code: c.tariff_code,
      to_tariff_code: target.code,
    });
    await trx('contracts').where({ id: input.contractId }).update({ tariff_code: target.code });
    return {
      contractId: input.contractId,
      validFrom: input.validFrom,
      fromTariffCode: c.tariff_code,
      toTariffCode: target.code,
      fromTariffName: current!.name,
      toTariffName: target.name,
      created: true,
    };
  });
}

/**
 * The new installment plan after a change: the existing proposal (the expected bill of the next
 * 365 days, every tariff in its own time) from the current plan's next due date on, so the rhythm
 * stays and no due date in between is lost. Once per care case.
 */
export async function planAfterTariffChange(
  db: Database,
  input: { careCaseId: string; contractId: string; today: string },
): Promise<InstallmentPlan> {
  const c = (await db('contracts').where({ id: input.contractId }).first()) as Row;
  const tariff = await billingTariffOf(db, input.contractId, c.tariff_code);
  if (!tariff) throw new RangeError(`tariff ${c.tariff_code} not found`);
  const start = isoDate(c.start_date);
  const current = await activePlan(db, input.contractId);
  const from = maxDate(addDays(input.today, 1), start);
  const validFrom = current ? (installmentDueDates(current, from, addDays(from, 400), start)[0] ?? from) : from;
  const amountCents = proposeInstallment({
    annualConsumptionKwh: c.annual_consumption_kwh,
    productKind: tariff.productKind,
    versions: tariff.versions,
    vatRatePercent: await vatRatesFor(db, tariff.commodity),
    cadence: current?.cadence ?? c.installment_cadence,
    modules: jsonColumn<string[]>(c.tariff_modules ?? []),
    from: validFrom,
    billingPeriodMonths: tariff.billingPeriodMonths,
  });
  return createPlan(db, {
    contractId: input.contractId,
    validFrom,
    cadence: current?.cadence ?? c.installment_cadence,
    amountCents,
    reason: `Neuer Abschlagsplan nach dem Wechsel in den Tarif ${tariff.name}`,
    businessKey: `plan:care:${input.careCaseId}`,
  });
}

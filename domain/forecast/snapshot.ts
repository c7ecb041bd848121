/**
 * The portfolio as the forecast sees it, read from the database in a few grouped queries (the
 * contracts summed per product and end date, never loaded one by one): fit for 100,000 contracts.
 */
import type { Database } from '../../db';
import { isoDate, isValidIsoDate } from '../shared/dates';
import { toDecimalString } from '../shared/db';
import { listTariffs } from '../tariffs';
import { defaultLoadProfile, isLoadProfileCode } from './profiles';
import { ForecastError, type ContractCohort, type CostBasis, type PortfolioSnapshot } from './types';

/**
 * Contracts supplying on `asOf` or later (active; terminated with a later end; pending with a
 * supply start — a pending one without a start date is left out, its start is not known yet) with
 * their expected annual consumption; the products offered to everyone (active, no B2B customer) or
 * with such contracts.
 */
export async function loadPortfolioSnapshot(db: Database, asOf: string): Promise<PortfolioSnapshot> {
  // A supply start after the snapshot stays (the contract counts from then); an earlier one does not matter.
  const cohortRows = (await db('contracts')
    .where((q) => q.whereIn('status', ['active', 'terminated']).orWhere((p) => p.where('status', 'pending').whereNotNull('start_date')))
    .andWhere((q) => q.whereNull('end_date').orWhere('end_date', '>=', asOf))
    .select('tariff_code', 'end_date', db.raw('CASE WHEN start_date > ? THEN start_date END AS start_date', [asOf]))
    // By position: the start expression carries a parameter, which PostgreSQL would not match to the select's.
    .groupByRaw('1, 2, 3')
    .count({ contracts: '*' })
    .sum({ annual_kwh: 'annual_consumption_kwh' })) as Array<Record<string, unknown>>;
  const cohorts: ContractCohort[] = cohortRows.map((r) => ({
    tariffCode: r.tariff_code as string,
    contracts: Number(r.contracts),
    annualKwh: Number(r.annual_kwh),
    startDate: r.start_date ? isoDate(r.start_date as Date | string) : null,
    endDate: r.end_date ? isoDate(r.end_date as Date | string) : null,
  }));
  const withContracts = new Set(cohorts.map((c) => c.tariffCode));
  const costs = await costBasesByProduct(db);
  const products = (await listTariffs(db))
    .filter((t) => withContracts.has(t.code) || (t.active && t.customerId === null))
    .map((t) => {
      const own = costs.get(t.code) ?? [];
      const profile = own.at(-1)?.loadProfile;
      return {
        tariffCode: t.code,
        name: t.name,
        commodity: t.commodity,
        loadProfile: isLoadProfileCode(profile) ? profile : defaultLoadProfile(t.commodity),
        prices: t.versions.map((v) => ({
          validFrom: v.validFrom,
          basePriceMonthNet: v.basePriceMonthNet,
          workingPriceKwhNet: v.workingPriceKwhNet,
        })),
        costs: own.map(({ loadProfile: _, ...c }) => c),
      };
    });
  return { asOf, products, cohorts };
}

export interface CostBasisRow extends CostBasis {
  tariffCode: string;
  loadProfile: string;
  createdBy: string | null;
}

export async function listCostBases(db: Database): Promise<CostBasisRow[]> {
  const rows = (await db('forecast_cost_bases').orderBy([{ column: 'tariff_code' }, { column: 'valid_from' }])) as Array<
    Record<string, any>
  >;
  return rows.map((r) => ({
    tariffCode: r.tariff_code,
    validFrom: isoDate(r.valid_from),
    procurementKwhNet: toDecimalString(r.procurement_kwh_net),
    networkKwhNet: toDecimalString(r.network_kwh_net),
    networkMonthNet: toDecimalString(r.network_month_net),
    loadProfile: r.load_profile,
    createdBy: r.created_by ?? null,
  }));
}

async function costBasesByProduct(db: Database): Promise<Map<string, Array<CostBasis & { loadProfile: string }>>> {
  const byCode = new Map<string, Array<CostBasis & { loadProfile: string }>>();
  for (const { tariffCode, createdBy: _, ...c } of await listCostBases(db)) byCode.set(tariffCode, [...(byCode.get(tariffCode) ?? []), c]);
  return byCode;
}

const pricePattern = /^\d{1,6}(\.\d{1,6})?$/;

/** An analyst's new cost basis of a product from a date; the same product and date twice is refused. */
export async function addCostBasis(db: Database, input: Omit<CostBasisRow, 'createdBy'> & { createdBy: string }): Promise<CostBasisRow> {
  const details: Array<{ field: string; message: string }> = [];
  for (const field of ['procurementKwhNet', 'networkKwhNet', 'networkMonthNet'] as const)
    if (!pricePattern.test(String(input[field])))
      details.push({ field, message: 'must be a net amount in euros ≥ 0 with a dot, e.g. "0.1250"' });
  if (!isValidIsoDate(input.validFrom)) details.push({ field: 'validFrom', message: 'must be a calendar date YYYY-MM-DD' });
  if (!isLoadProfileCode(input.loadProfile)) details.push({ field: 'loadProfile', message: 'must be H0 or HEF' });
  if (!(await db('tariffs').where({ code: input.tariffCode }).first('code')))
    details.push({ field: 'tariffCode', message: `there is no tariff ${input.tariffCode}` });
  if (details.length) throw new ForecastError(details);
  const inserted = await db('forecast_cost_bases')
    .insert({
      tariff_code: input.tariffCode,
      valid_from: input.validFrom,
      procurement_kwh_net: input.procurementKwhNet,
      network_kwh_net: input.networkKwhNet,
      network_month_net: input.networkMonthNet,
      load_profile: input.loadProfile,
      created_by: input.createdBy,
    })
    .onConflict(['tariff_code', 'valid_from'])
    .ignore()
    .returning('id');
  if (inserted.length === 0)
    throw new ForecastError([{ field: 'validFrom', message: `${input.tariffCode} has a cost basis from ${input.validFrom} already` }]);
  return (await listCostBases(db)).find((c) => c.tariffCode === input.tariffCode && c.validFrom === input.validFrom)!;
}

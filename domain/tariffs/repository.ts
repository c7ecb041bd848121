/** Tariffs, their versions and VAT rates in the database. `db` may be a transaction. */
import type { Database } from '../../db';
import { isoDate } from '../shared/dates';
import { jsonColumn, toDecimalString } from '../shared/db';
import {
  commodities,
  TariffError,
  type Commodity,
  type NewTariff,
  type NewTariffVersion,
  type PriceTier,
  type Tariff,
  type TariffModule,
  type TariffPackage,
  type TariffVersion,
  type VatRate,
} from './types';
import { checkDate, checkPrice, checkTariff, checkVersion } from './validate';

export async function listTariffs(db: Database): Promise<Tariff[]> {
  const rows = await db('tariffs').orderBy('code');
  const versions = await db('tariff_versions').orderBy([{ column: 'tariff_code' }, { column: 'valid_from' }]);
  const byCode = new Map<string, TariffVersion[]>();
  for (const v of versions.map(versionFromRow)) byCode.set(v.tariffCode, [...(byCode.get(v.tariffCode) ?? []), v]);
  return rows.map((r) => tariffFromRow(r, byCode.get(r.code) ?? []));
}

export async function getTariff(db: Database, code: string): Promise<Tariff | undefined> {
  const row = await db('tariffs').where({ code }).first();
  if (!row) return undefined;
  const versions = await db('tariff_versions').where({ tariff_code: code }).orderBy('valid_from');
  return tariffFromRow(row, versions.map(versionFromRow));
}

/** A new product with its first version. */
export async function createTariff(db: Database, input: NewTariff): Promise<Tariff> {
  checkTariff(input);
  return db.transaction(async (trx) => {
    const inserted = await trx('tariffs')
      .insert({
        code: input.code,
        name: input.name.trim(),
        commodity: input.commodity,
        product_kind: input.productKind,
        customer_id: input.customerId ?? null,
        billing_period_months: input.billingPeriodMonths ?? 12,
        notice_period_days: input.noticePeriodDays ?? 30,
      })
      .onConflict('code')
      .ignore()
      .returning('code');
    if (inserted.length === 0) throw new TariffError('code', `Tarif ${input.code} gibt es schon`);
    await trx('tariff_versions').insert(versionRow(input.code, input.firstVersion));
    return (await getTariff(trx, input.code))!;
  });
}

/**
 * A price change from a date: a new immutable version. Its valid_from must lie after the latest
 * version's, so a published price is never rewritten behind the bills that used it.
 */
export async function addTariffVersion(db: Database, code: string, input: NewTariffVersion): Promise<TariffVersion> {
  return db.transaction(async (trx) => {
    // The row lock serialises two concurrent price changes of one tariff.
    const tariff = await trx('tariffs').where({ code }).forUpdate().first('code', 'product_kind');
    if (!tariff) throw new TariffError('code', `Tarif ${code} gibt es nicht`);
    checkVersion(tariff.product_kind, input);
    const latest = await trx('tariff_versions').where({ tariff_code: code }).max('valid_from as max').first();
    if (latest?.max && input.validFrom <= isoDate(latest.max)) {
      throw new TariffError('validFrom', `Gültig ab muss nach dem ${isoDate(latest.max)} liegen (letzte Preisversion)`);
    }
    const [row] = await trx('tariff_versions').insert(versionRow(code, input)).returning('*');
    return versionFromRow(row);
  });
}

export async function vatRatesFor(db: Database, commodity: Commodity): Promise<VatRate[]> {
  const rows = await db('vat_rates').where({ commodity }).orderBy('valid_from');
  return rows.map((r) => ({ commodity: r.commodity, validFrom: isoDate(r.valid_from), ratePercent: toDecimalString(r.rate_percent) }));
}

export async function addVatRate(db: Database, rate: VatRate): Promise<VatRate> {
  if (!commodities.includes(rate.commodity)) throw new TariffError('commodity', 'Sparte: electricity oder gas');
  checkDate('validFrom', rate.validFrom);
  checkPrice('ratePercent', rate.ratePercent, 2);
  const inserted = await db('vat_rates')
    .insert({ commodity: rate.commodity, valid_from: rate.validFrom, rate_percent: rate.ratePercent })
    .onConflict(['commodity', 'valid_from'])
    .ignore()
    .returning('id');
  if (inserted.length === 0)
    throw new TariffError('validFrom', `Für ${rate.commodity} gibt es ab ${rate.validFrom} schon einen Steuersatz`);
  return { ...rate, ratePercent: toDecimalString(rate.ratePercent) };
}

function versionRow(code: string, v: NewTariffVersion): Record<string, unknown> {
  return {
    tariff_code: code,
    valid_from: v.validFrom,
    base_price_month_net: v.basePriceMonthNet,
    working_price_kwh_net: v.workingPriceKwhNet,
    price_tiers: JSON.stringify(v.priceTiers ?? []),
    modules: JSON.stringify(v.modules ?? []),
    package: v.package ? JSON.stringify(v.package) : null,
    created_by: v.createdBy ?? null,
  };
}

function tariffFromRow(r: Record<string, any>, versions: TariffVersion[]): Tariff {
  return {
    code: r.code,
    name: r.name,
    commodity: r.commodity,
    productKind: r.product_kind,
    customerId: r.customer_id ?? null,
    billingPeriodMonths: Number(r.billing_period_months),
    noticePeriodDays: Number(r.notice_period_days),
    active: Boolean(r.active),
    versions,
  };
}

function versionFromRow(r: Record<string, any>): TariffVersion {
  const pkg = r.package ? jsonColumn<TariffPackage>(r.package) : null;
  return {
    id: r.id,
    tariffCode: r.tariff_code,
    validFrom: isoDate(r.valid_from),
    basePriceMonthNet: toDecimalString(r.base_price_month_net),
    workingPriceKwhNet: toDecimalString(r.working_price_kwh_net),
    priceTiers: jsonColumn<PriceTier[]>(r.price_tiers),
    modules: jsonColumn<TariffModule[]>(r.modules),
    package: pkg,
    createdBy: r.created_by ?? null,
  };
}

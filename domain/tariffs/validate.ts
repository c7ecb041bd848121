/** Input checks at the boundary of the tariff functions; each failure names its field. */
import { isValidIsoDate } from '../shared/dates';
import { commodities, productKinds, TariffError, type NewTariff, type NewTariffVersion, type PriceTier, type ProductKind } from './types';

/** Non-negative decimal string with at most `scale` decimals (the column's scale). */
export function checkPrice(field: string, value: unknown, scale = 6): string {
  const pattern = new RegExp(`^\\d{1,8}(\\.\\d{1,${scale}})?$`);
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new TariffError(field, `${field}: Preis als Dezimalzahl ≥ 0 mit höchstens ${scale} Nachkommastellen erwartet`);
  }
  return value;
}

export function checkDate(field: string, value: unknown): string {
  if (!isValidIsoDate(value)) throw new TariffError(field, `${field}: Datum im Format JJJJ-MM-TT erwartet`);
  return value;
}

export function checkTariff(input: NewTariff): void {
  if (typeof input.code !== 'string' || !/^[A-Z0-9][A-Z0-9_-]{1,39}$/.test(input.code)) {
    throw new TariffError('code', 'Tarifcode: 2–40 Zeichen, Großbuchstaben, Ziffern, - und _');
  }
  if (typeof input.name !== 'string' || !input.name.trim()) throw new TariffError('name', 'Name fehlt');
  if (!commodities.includes(input.commodity)) throw new TariffError('commodity', 'Sparte: electricity oder gas');
  if (!productKinds.includes(input.productKind)) throw new TariffError('productKind', 'Unbekannte Produktart');
  const months = input.billingPeriodMonths ?? 12;
  if (!Number.isInteger(months) || months < 1 || months > 12) {
    throw new TariffError('billingPeriodMonths', 'Abrechnungszeitraum: 1 bis 12 Monate (§40b EnWG)');
  }
  const notice = input.noticePeriodDays ?? 30;
  if (!Number.isInteger(notice) || notice < 0) throw new TariffError('noticePeriodDays', 'Kündigungsfrist in Tagen ≥ 0');
  checkVersion(input.productKind, input.firstVersion, 'firstVersion.');
}

export function checkVersion(kind: ProductKind, v: NewTariffVersion, prefix = ''): void {
  checkDate(`${prefix}validFrom`, v.validFrom);
  // base_price_month_net is numeric(12,4): more decimals would be rounded silently by the database.
  checkPrice(`${prefix}basePriceMonthNet`, v.basePriceMonthNet, 4);
  checkPrice(`${prefix}workingPriceKwhNet`, v.workingPriceKwhNet);
  checkTiers(kind, v.priceTiers ?? [], `${prefix}priceTiers`);
  const modules = v.modules ?? [];
  const codes = new Set<string>();
  modules.forEach((m, i) => {
    const f = `${prefix}modules[${i}]`;
    if (typeof m.code !== 'string' || !m.code || codes.has(m.code)) throw new TariffError(`${f}.code`, 'Modulcode fehlt oder doppelt');
    codes.add(m.code);
    if (typeof m.name !== 'string' || !m.name.trim()) throw new TariffError(`${f}.name`, 'Modulname fehlt');
    checkPrice(`${f}.basePriceMonthNet`, m.basePriceMonthNet);
    checkPrice(`${f}.workingPriceKwhNet`, m.workingPriceKwhNet);
  });
  if (kind === 'modular' && modules.length === 0) throw new TariffError(`${prefix}modules`, 'Modulares Produkt ohne Module');
  const p = v.package;
  if (kind === 'package' && !p) throw new TariffError(`${prefix}package`, 'Paketprodukt ohne Paketdaten');
  if (p) {
    checkPrice(`${prefix}package.includedKwh`, p.includedKwh, 3);
    checkPrice(`${prefix}package.packagePriceNet`, p.packagePriceNet);
    checkPrice(`${prefix}package.extraKwhNet`, p.extraKwhNet);
  }
}

function checkTiers(kind: ProductKind, tiers: PriceTier[], field: string): void {
  if ((kind === 'scaled' || kind === 'tiered') && tiers.length === 0)
    throw new TariffError(field, 'Staffel-/Stufenprodukt ohne Preisstufen');
  let previous = 0;
  tiers.forEach((t, i) => {
    const last = i === tiers.length - 1;
    if (last ? t.upToKwh !== null : !Number.isInteger(t.upToKwh) || (t.upToKwh as number) <= previous) {
      throw new TariffError(`${field}[${i}].upToKwh`, 'Stufengrenzen aufsteigend in ganzen kWh; die letzte Stufe ist offen (null)');
    }
    previous = t.upToKwh ?? previous;
    checkPrice(`${field}[${i}].workingPriceKwhNet`, t.workingPriceKwhNet);
    if (t.basePriceMonthNet !== undefined) checkPrice(`${field}[${i}].basePriceMonthNet`, t.basePriceMonthNet);
  });
}

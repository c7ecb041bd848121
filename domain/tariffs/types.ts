/**
 * Products and prices. A tariff is a product; every price change is a new immutable version from
 * a date (the database refuses UPDATE/DELETE on tariff_versions). Prices are net euros as decimal
 * strings; VAT comes from vat_rates by date.
 */
export type Commodity = 'electricity' | 'gas';

/**
 * standard: one working and one base price; scaled (Staffelpreis): one working price chosen by
 * the annual consumption band; tiered: every band priced separately; prepaid: priced like
 * standard (prepayment is a payment matter); package: included kWh per billing period for a
 * package price, extra kWh priced separately; modular: the contract picks modules.
 */
export type ProductKind = 'standard' | 'scaled' | 'tiered' | 'prepaid' | 'package' | 'modular';

export const productKinds: readonly ProductKind[] = ['standard', 'scaled', 'tiered', 'prepaid', 'package', 'modular'];
export const commodities: readonly Commodity[] = ['electricity', 'gas'];

/** A band of annual consumption, bands ordered ascending; the last one open (`upToKwh: null`). */
export interface PriceTier {
  upToKwh: number | null;
  workingPriceKwhNet: string;
  /** Scaled products: this band's base price per month replaces the version's. */
  basePriceMonthNet?: string;
}

export interface TariffModule {
  code: string;
  /** German, for the bill ("Ökostrom-Zertifikat"). */
  name: string;
  basePriceMonthNet: string;
  workingPriceKwhNet: string;
}

export interface TariffPackage {
  /** kWh included per billing period. */
  includedKwh: string;
  /** Net price per billing period. */
  packagePriceNet: string;
  extraKwhNet: string;
}

export interface TariffVersion {
  id: string;
  tariffCode: string;
  validFrom: string;
  basePriceMonthNet: string;
  workingPriceKwhNet: string;
  priceTiers: PriceTier[];
  modules: TariffModule[];
  package: TariffPackage | null;
  createdBy: string | null;
}

export interface Tariff {
  code: string;
  name: string;
  commodity: Commodity;
  productKind: ProductKind;
  /** A B2B tariff for this customer only; null = offered to everyone. */
  customerId: string | null;
  billingPeriodMonths: number;
  noticePeriodDays: number;
  active: boolean;
  /** Ascending by validFrom. */
  versions: TariffVersion[];
}

export interface VatRate {
  commodity: Commodity;
  validFrom: string;
  /** "19", "7", "16". */
  ratePercent: string;
}

export type NewTariffVersion = Omit<TariffVersion, 'id' | 'tariffCode' | 'priceTiers' | 'modules' | 'package' | 'createdBy'> & {
  priceTiers?: PriceTier[];
  modules?: TariffModule[];
  package?: TariffPackage | null;
  createdBy?: string | null;
};

export interface NewTariff {
  code: string;
  name: string;
  commodity: Commodity;
  productKind: ProductKind;
  customerId?: string | null;
  billingPeriodMonths?: number;
  noticePeriodDays?: number;
  firstVersion: NewTariffVersion;
}

/** Invalid input or a refused change; `field` names the offending input for the caller's form. */
export class TariffError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'TariffError';
  }
}

/** A B2B tariff is for its own customer only; others are offered to everyone (while active). */
export function tariffAvailableTo(tariff: Pick<Tariff, 'customerId' | 'active'>, customerId: string | null | undefined): boolean {
  if (!tariff.active) return false;
  return tariff.customerId === null || tariff.customerId === customerId;
}

/** The version in force on a date (versions ascending), or undefined before the first. */
export function versionAt<V extends { validFrom: string }>(versions: readonly V[], date: string): V | undefined {
  let found: V | undefined;
  for (const v of versions) if (v.validFrom <= date) found = v;
  return found;
}

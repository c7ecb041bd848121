/**
 * The revenue forecast (Umsatzprognose): per product and month, revenue and contribution margin
 * (Deckungsbeitrag) from a snapshot of the portfolio and a what-if scenario.
 */
import type { Cents } from '../money';
import type { Commodity } from '../tariffs';
import type { LoadProfileCode } from './profiles';

/** A price version as the forecast needs it: net euros as decimal strings. */
export interface PriceVersion {
  validFrom: string;
  basePriceMonthNet: string;
  workingPriceKwhNet: string;
}

/**
 * What supplying one customer of a product costs, net, maintained by analysts from a date:
 * energy procurement per kWh, and network charges with levies and taxes (Netzentgelte, Umlagen,
 * Strom-/Energiesteuer, Konzessionsabgabe) per kWh and per month (network base price, metering).
 */
export interface CostBasis {
  validFrom: string;
  procurementKwhNet: string;
  networkKwhNet: string;
  networkMonthNet: string;
}

export interface ProductSnapshot {
  tariffCode: string;
  name: string;
  commodity: Commodity;
  loadProfile: LoadProfileCode;
  /** Ascending by validFrom. */
  prices: PriceVersion[];
  /** Ascending by validFrom; empty when no analyst has entered one (the margin then equals the revenue). */
  costs: CostBasis[];
}

/** Contracts of one product with the same supply end, summed: the forecast never needs them one by one. */
export interface ContractCohort {
  tariffCode: string;
  contracts: number;
  /** Sum of the contracts' expected annual consumption (contracts.annual_consumption_kwh). */
  annualKwh: number;
  /** First day of supply when it lies after the snapshot (a signed contract not yet supplied), else null. */
  startDate?: string | null;
  /** Last day of supply (a termination already confirmed), or null while the contract runs. */
  endDate: string | null;
}

export interface PortfolioSnapshot {
  /** The day the snapshot was taken (YYYY-MM-DD). */
  asOf: string;
  products: ProductSnapshot[];
  cohorts: ContractCohort[];
}

export interface ChurnAssumption {
  tariffCode: string;
  /** Share of the product's customers lost per year, in percent (decimal string, 0..100). */
  percentPerYear: string;
}

export interface PriceChangeAssumption {
  tariffCode: string;
  /** First month (YYYY-MM) with the changed price. */
  fromMonth: string;
  /** Both prices of the version in force changed by this percent (e.g. "5" or "-3.5")… */
  percent?: string;
  /** …or new net prices (either or both). */
  basePriceMonthNet?: string;
  workingPriceKwhNet?: string;
}

export interface NewCustomerAssumption {
  tariffCode: string;
  /** New contracts starting on the first day of every forecast month. */
  perMonth: number;
  /** Their expected annual consumption; default: the product's average. */
  annualKwh?: number;
}

export interface Scenario {
  /** First month of the forecast (YYYY-MM); default the month after the snapshot. */
  startMonth: string;
  /** 12..36 */
  months: number;
  churn: ChurnAssumption[];
  priceChanges: PriceChangeAssumption[];
  newCustomers: NewCustomerAssumption[];
}

export interface ForecastCell {
  tariffCode: string;
  /** Customers supplied in the month (expected, with churn), 2 decimals. */
  customers: string;
  /** Expected consumption in the month, whole kWh (the amounts use the unrounded value). */
  kwh: string;
  revenueCents: Cents;
  procurementCents: Cents;
  networkCents: Cents;
  /** Deckungsbeitrag: revenue − procurement − network and levies. */
  marginCents: Cents;
}

export interface ForecastMonth {
  month: string;
  items: ForecastCell[];
  total: Omit<ForecastCell, 'tariffCode'>;
}

export interface ForecastProduct {
  tariffCode: string;
  name: string;
  commodity: Commodity;
  loadProfile: LoadProfileCode;
  /** Contracts supplied on the snapshot day (signed ones starting later not counted). */
  contracts: number;
  /** Average expected annual consumption of its contracts (whole kWh), null without contracts. */
  averageAnnualKwh: number | null;
  /** False when no cost basis is known: its margin is then the revenue. */
  hasCostBasis: boolean;
}

export interface Forecast {
  asOf: string;
  scenario: Scenario;
  products: ForecastProduct[];
  months: ForecastMonth[];
}

/** A scenario that does not fit the portfolio or the rules; `details` name every wrong field. */
export class ForecastError extends Error {
  constructor(readonly details: Array<{ field: string; message: string }>) {
    super(details.map((d) => `${d.field}: ${d.message}`).join('; '));
    this.name = 'ForecastError';
  }
}

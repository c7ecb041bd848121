/** Dunning: the run's proposal and activity, cases, notices and fees, blocks, agreements, the supply-interruption path. */
export * from './errors';
export * from './config';
export * from './proposal';
export * from './cases';
export * from './notices';
export * from './blocks';
export * from './agreements';
export * from './supply';
export { loadBaseRates, defaultInterest, InterestError, type BaseRate, type CustomerType, type InterestSpreads } from './interest';
export { addBaseRate, BaseRateError } from './base-rates';
export { chargeInterest, chargeFlatFees, ChargeError, PRINCIPAL_ITEM_TYPES } from './charges';
export { trainPropensityModel, scoreAccounts, propensityOf, currentPropensityModel, type PropensityScore } from './propensity';
export { strategyStats, type StrategyRow } from './strategy-stats';

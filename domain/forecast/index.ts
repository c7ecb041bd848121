export * from './types';
export { computeForecast } from './compute';
export { parseScenario, monthAfter, MIN_MONTHS, MAX_MONTHS } from './scenario';
export { loadPortfolioSnapshot, listCostBases, addCostBasis, type CostBasisRow } from './snapshot';
export { forecastCsv, forecastCsvFileName } from './csv';
export { loadProfileCodes, type LoadProfileCode } from './profiles';

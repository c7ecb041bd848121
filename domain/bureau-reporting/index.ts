export * from './eligibility';
export * from './errors';
export * from './formats';
export * from './log';
export * from './period';
export * from './run';
export { loadClaims, reportedStates } from './claims';

export * from './matcher';
export { nameKey, namesAgree, normalizeRf, makeRf } from './normalize';

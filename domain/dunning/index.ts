/** Dunning: the run's proposal and activity, cases, notices and fees, blocks, agreements, the supply-interruption path. */
export * from './errors';
export * from './config';
export * from './proposal';
export * from './cases';
export * from './notices';
export * from './blocks';
export * from './agreements';
export * from './supply';

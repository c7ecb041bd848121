export * from './types';
export * from './plausibility';
export * from './estimate';
export * from './repository';

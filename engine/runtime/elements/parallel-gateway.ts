/** Parallel gateway: joins a token of every incoming flow (../joins.ts), then takes all outgoing flows. */
import type { ElementBehaviour } from './behaviour';
import { passThrough } from './task';

export const parallelGateway: ElementBehaviour = { ...passThrough, joins: true };

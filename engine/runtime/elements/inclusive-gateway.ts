/** Inclusive gateway: forks into every flow whose condition holds; joins the tokens that can still arrive (../joins.ts). */
import type { ElementBehaviour } from './behaviour';
import { conditionalFork } from './exclusive-gateway';

export const inclusiveGateway: ElementBehaviour = { ...conditionalFork(false), joins: true };

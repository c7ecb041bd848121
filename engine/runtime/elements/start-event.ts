/** Start event: completes at once; one started by its event took the event's variables on activation. */
import type { ElementBehaviour } from './behaviour';
import { passThrough } from './task';

export const startEvent: ElementBehaviour = passThrough;

/**
 * Boundary event: its subscription belongs to the host activity and opens while the host
 * activates; when the event occurs (../triggers.ts) the boundary event is activated as happened
 * and completes at once.
 */
import { correlateBufferedOf } from '../messages';
import { openBoundarySubscriptions } from '../subscriptions';
import type { BoundaryEventBehaviour } from './behaviour';
import { passThrough } from './task';

export const boundaryEvent: BoundaryEventBehaviour = {
  ...passThrough,
  attach: openBoundarySubscriptions,
  attached: correlateBufferedOf,
};

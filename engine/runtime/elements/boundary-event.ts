/**
 * Boundary event: its subscription belongs to the host activity and opens while the host
 * activates; when the event occurs (../triggers.ts) the boundary event is activated as happened
 * and completes at once.
 */
import { closeSubscriptions } from '../close-subscriptions';
import { activateElement, terminateElement } from '../lifecycle';
import { correlateBufferedOf } from '../messages';
import { openBoundarySubscriptions } from '../subscriptions';
import type { BoundaryEventBehaviour } from './behaviour';
import { passThrough } from './task';

export const boundaryEvent: BoundaryEventBehaviour = {
  ...passThrough,
  attach: openBoundarySubscriptions,
  attached: correlateBufferedOf,
  occurred(rt, host, boundary, variables) {
    const scope = rt.mustEi(host.flowScopeKey!);
    if (boundary.interrupting !== false) {
      closeSubscriptions(rt, host.key);
      terminateElement(rt, host.key);
    }
    activateElement(rt, rt.mustEi(scope.key), boundary.id, { triggered: true, triggerVariables: variables });
    return true;
  },
};

/**
 * Boundary event: its subscription belongs to the host activity and opens while the host
 * activates; when the event occurs (../triggers.ts) the boundary event is activated as happened
 * and completes at once.
 */
import { closeSubscriptions } from '../close-subscriptions';
import { activateAfterTermination, activateElement, terminateElement } from '../lifecycle';
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
    const runtime = { triggered: true, triggerVariables: variables };
    if (boundary.interrupting === false) {
      activateElement(rt, scope, boundary.id, runtime);
      return true;
    }
    closeSubscriptions(rt, host.key);
    const gone = terminateElement(rt, host.key);
    activateAfterTermination(rt, rt.mustEi(scope.key), boundary.id, runtime, gone ? [] : [host.key]);
    return true;
  },
};

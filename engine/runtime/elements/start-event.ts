/**
 * Start event: completes at once; one started by its event took the event's variables on
 * activation. The start event of an event sub-process: its event, subscribed by the enclosing
 * scope, activates the event sub-process, after ending the scope's other elements if interrupting.
 */
import { closeSubscriptions } from '../close-subscriptions';
import { activateAfterTermination, terminateChildren } from '../lifecycle';
import type { ElementBehaviour } from './behaviour';
import { passThrough } from './task';

export const startEvent: ElementBehaviour = {
  ...passThrough,
  occurred(rt, scope, start, variables) {
    let awaiting: string[] = [];
    if (start.interrupting !== false) {
      closeSubscriptions(rt, scope.key);
      awaiting = terminateChildren(rt, scope.key);
    }
    activateAfterTermination(rt, rt.mustEi(scope.key), start.scopeId, { triggerVariables: variables }, awaiting);
    return true;
  },
};

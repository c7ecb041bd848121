/**
 * Start event: completes at once; one started by its event took the event's variables on
 * activation. The start event of an event sub-process: its event, subscribed by the enclosing
 * scope, activates the event sub-process, after ending the scope's other elements if interrupting.
 */
import { closeSubscriptions } from '../close-subscriptions';
import { activateElement, terminateChildren } from '../lifecycle';
import type { ElementBehaviour } from './behaviour';
import { passThrough } from './task';

export const startEvent: ElementBehaviour = {
  ...passThrough,
  occurred(rt, scope, start, variables) {
    if (start.interrupting !== false) {
      closeSubscriptions(rt, scope.key);
      terminateChildren(rt, scope.key);
    }
    activateElement(rt, rt.mustEi(scope.key), start.scopeId, { triggerVariables: variables });
    return true;
  },
};

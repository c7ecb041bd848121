/**
 * Event-based gateway: subscribes to the events after it; the first that occurs completes the
 * gateway and activates its catch event (../triggers.ts). No flow is taken on completion.
 */
import { closeSubscriptions } from '../close-subscriptions';
import { activateElement, completeElement } from '../lifecycle';
import { openCatchSubscription } from '../subscriptions';
import type { ElementBehaviour } from './behaviour';

export const eventBasedGateway: ElementBehaviour = {
  activate(rt, ei) {
    const model = rt.model(ei.processDefinitionKey);
    for (const flowId of rt.node(ei).outgoing) {
      openCatchSubscription(rt, ei, model.nodes.get(model.flows.get(flowId)!.targetRef)!);
    }
  },
  eventOccurred(rt, gateway, target, variables) {
    closeSubscriptions(rt, gateway.key);
    rt.setRuntime(gateway.key, { triggeredEventId: target.id });
    completeElement(rt, gateway.key);
    activateElement(rt, rt.mustEi(gateway.flowScopeKey!), target.id, { triggered: true, triggerVariables: variables });
    return true;
  },
  leave: () => undefined,
};

/**
 * Event-based gateway: subscribes to the events after it; the first that occurs completes the
 * gateway and activates its catch event (../triggers.ts). No flow is taken on completion.
 */
import { openCatchSubscription } from '../subscriptions';
import type { ElementBehaviour } from './behaviour';

export const eventBasedGateway: ElementBehaviour = {
  activate(rt, ei) {
    const model = rt.model(ei.processDefinitionKey);
    for (const flowId of rt.node(ei).outgoing) {
      openCatchSubscription(rt, ei, model.nodes.get(model.flows.get(flowId)!.targetRef)!);
    }
  },
  leave: () => undefined,
};

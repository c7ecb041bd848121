/**
 * An event occurred for a subscription: continue the element that waited for it. Which element
 * that is, and how it continues, the behaviours of the owner and the event's element say.
 */
import type { ElementInstanceRecord } from '../state/records';
import { closeSubscriptions } from './close-subscriptions';
import { completeElement, deliverResult } from './lifecycle';
import type { Runtime } from './runtime';

type Vars = Record<string, unknown>;

/** Returns false when the owner can no longer take the event. */
export function triggerEvent(rt: Runtime, owner: ElementInstanceRecord, targetElementId: string, variables: Vars): boolean {
  if (owner.state !== 'ACTIVE') return false;
  const target = rt.model(owner.processDefinitionKey).nodes.get(targetElementId)!;

  // The owner waits itself (intermediate catch event, receive task), not as a multi-instance body.
  if (owner.elementId === targetElementId && owner.type === target.type) {
    closeSubscriptions(rt, owner.key);
    deliverResult(rt, owner, variables);
    completeElement(rt, owner.key);
    return true;
  }
  const forOwner = rt.behaviour(owner.type).eventOccurred;
  if (forOwner) return forOwner(rt, owner, target, variables);
  return rt.behaviour(target.type).occurred?.(rt, owner, target, variables) ?? false;
}

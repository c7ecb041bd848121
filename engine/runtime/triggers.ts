/**
 * An event occurred for a subscription: continue the element that waited for it.
 */
import type { ElementInstanceRecord } from '../state/records';
import { activateElement, completeElement, deliverResult, terminateChildren, terminateElement } from './lifecycle';
import type { Runtime } from './runtime';
import { closeSubscriptions } from './close-subscriptions';

type Vars = Record<string, unknown>;

/** Returns false when the owner can no longer take the event. */
export function triggerEvent(rt: Runtime, owner: ElementInstanceRecord, targetElementId: string, variables: Vars): boolean {
  if (owner.state !== 'ACTIVE') return false;
  const target = rt.model(owner.processDefinitionKey).nodes.get(targetElementId)!;

  // The owner waits itself: intermediate catch event or receive task.
  if (owner.elementId === targetElementId && owner.type !== 'MULTI_INSTANCE_BODY' && target.type !== 'BOUNDARY_EVENT') {
    closeSubscriptions(rt, owner.key);
    deliverResult(rt, owner, variables);
    completeElement(rt, owner.key);
    return true;
  }

  if (owner.type === 'EVENT_BASED_GATEWAY') {
    closeSubscriptions(rt, owner.key);
    rt.setRuntime(owner.key, { triggeredEventId: targetElementId });
    completeElement(rt, owner.key);
    activateElement(rt, rt.mustEi(owner.flowScopeKey!), targetElementId, { triggered: true, triggerVariables: variables });
    return true;
  }

  if (target.type === 'BOUNDARY_EVENT') {
    const scope = rt.mustEi(owner.flowScopeKey!);
    if (target.interrupting !== false) {
      closeSubscriptions(rt, owner.key);
      terminateElement(rt, owner.key);
    }
    activateElement(rt, rt.mustEi(scope.key), targetElementId, { triggered: true, triggerVariables: variables });
    return true;
  }

  // A start event of an event sub-process; the owner is the enclosing scope.
  if (target.type === 'START_EVENT') {
    const espId = target.scopeId;
    if (target.interrupting !== false) {
      closeSubscriptions(rt, owner.key);
      terminateChildren(rt, owner.key);
    }
    activateElement(rt, rt.mustEi(owner.key), espId, { triggerVariables: variables });
    return true;
  }
  return false;
}

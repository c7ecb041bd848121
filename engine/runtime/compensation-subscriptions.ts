/**
 * Compensation subscriptions, the bookkeeping half of Zeebe's BpmnCompensationSubscriptionBehaviour:
 * created when a compensable activity completes, completed when the handlers a throw event invoked
 * complete (which completes the waiting throw event), deleted when the process instance ends.
 * Triggering them (activating handlers) is ./compensation.ts; this module stays below lifecycle.
 * https://docs.camunda.io/docs/components/modeler/bpmn/compensation-events/
 */
import { hasCompensationBoundary } from '../model/compensation';
import type { FlowNode } from '../model/types';
import type { CompensationSubscriptionRecord, ElementInstanceRecord } from '../state/records';
import type { Runtime } from './runtime';

const KIND = 'compensation-subscription';

export function compensationSubscriptionsOf(rt: Runtime, processInstanceKey: string): CompensationSubscriptionRecord[] {
  return [...rt.idx.compensationByProcessInstance.get(processInstanceKey)].map((key) => rt.store.get(KIND, key)!);
}

/**
 * An element instance completed. It subscribes when it has a compensation boundary event (a
 * multi-instance activity: its body, not each inner instance, as Zeebe attaches boundary events to
 * the body), or when it is a sub-process or multi-instance body with subscriptions inside, so a
 * throw in the enclosing scope reaches them.
 */
export function compensableCompleted(rt: Runtime, ei: ElementInstanceRecord, node: FlowNode, innerInstance: boolean): void {
  if (ei.flowScopeKey === undefined) return;
  const model = rt.model(ei.processDefinitionKey);
  const withBoundary = !innerInstance && hasCompensationBoundary(node, model);
  const carriesInner =
    (ei.type === 'SUB_PROCESS' || ei.type === 'MULTI_INSTANCE_BODY') &&
    compensationSubscriptionsOf(rt, ei.processInstanceKey).some((s) => s.compensableActivityScopeKey === ei.key);
  if (!withBoundary && !carriesInner) return;
  const record: CompensationSubscriptionRecord = {
    key: rt.store.nextKey(),
    processInstanceKey: ei.processInstanceKey,
    processDefinitionKey: ei.processDefinitionKey,
    tenantId: ei.tenantId,
    compensableActivityId: ei.elementId,
    compensableActivityInstanceKey: ei.key,
    compensableActivityScopeKey: ei.flowScopeKey,
  };
  const boundary = withBoundary ? compensationBoundaryOf(rt, ei.processDefinitionKey, node) : undefined;
  if (boundary?.compensationHandlerId) record.compensationHandlerId = boundary.compensationHandlerId;
  rt.store.put(KIND, record);
}

export function compensationBoundaryOf(rt: Runtime, processDefinitionKey: string, activity: FlowNode): FlowNode | undefined {
  const model = rt.model(processDefinitionKey);
  return (activity.boundaryEvents ?? []).map((id) => model.nodes.get(id)!).find((b) => b.eventDefinition?.kind === 'compensate');
}

/**
 * A completed compensation handler completes its subscription, and the emptied sub-process
 * subscriptions above it; the throw event completes when none of its subscriptions is left.
 */
export function compensationHandlerCompleted(rt: Runtime, handlerInstanceKey: string): void {
  const [key] = rt.idx.compensationByHandler.get(handlerInstanceKey);
  const sub = rt.store.get(KIND, key);
  if (!sub) return;
  rt.store.remove(KIND, sub.key);
  completeEmptiedScopes(rt, sub.processInstanceKey, sub.compensableActivityScopeKey);
  const waiting = compensationSubscriptionsOf(rt, sub.processInstanceKey).some(
    (s) => s.throwEventInstanceKey === sub.throwEventInstanceKey,
  );
  const thrower = rt.ei(sub.throwEventInstanceKey);
  if (!waiting && thrower?.state === 'ACTIVE') rt.enqueue({ op: 'complete', key: thrower.key });
}

function completeEmptiedScopes(rt: Runtime, processInstanceKey: string, scopeKey: string): void {
  const subs = compensationSubscriptionsOf(rt, processInstanceKey);
  if (subs.some((s) => s.compensableActivityScopeKey === scopeKey)) return;
  const scopeSub = subs.find((s) => s.compensableActivityInstanceKey === scopeKey && s.compensationHandlerId === undefined);
  if (!scopeSub) return;
  rt.store.remove(KIND, scopeSub.key);
  completeEmptiedScopes(rt, processInstanceKey, scopeSub.compensableActivityScopeKey);
}

/** The process instance ended (completed or terminated): none of its subscriptions stays. */
export function deleteCompensationSubscriptions(rt: Runtime, processInstanceKey: string): void {
  for (const sub of compensationSubscriptionsOf(rt, processInstanceKey)) rt.store.remove(KIND, sub.key);
}

/** A sub-process was terminated: the subscriptions of what completed inside it go, nested ones too. */
export function deleteCompensationSubscriptionsIn(rt: Runtime, processInstanceKey: string, scopeKey: string): void {
  const subs = compensationSubscriptionsOf(rt, processInstanceKey);
  const remove = (key: string): void => {
    for (const sub of subs.filter((s) => s.compensableActivityScopeKey === key)) {
      rt.store.remove(KIND, sub.key);
      remove(sub.compensableActivityInstanceKey);
    }
  };
  remove(scopeKey);
}

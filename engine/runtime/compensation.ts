/**
 * Compensation throw events (intermediate and end), as Zeebe 8.8 runs them: the throw triggers the
 * not yet triggered subscriptions of its flow scope (inside an event sub-process: also those of the
 * scope around it), optionally only those of its `activityRef`, and everything nested in the
 * completed sub-processes among them. Each subscription with a handler records its compensation
 * boundary event as passed and activates the handler in the throw event's flow scope. The throw
 * event stays active until the handlers complete (./compensation-subscriptions.ts); with nothing
 * to compensate it completes at once.
 * https://docs.camunda.io/docs/components/modeler/bpmn/compensation-events/
 */
import { NO_RUNTIME, type CompensationSubscriptionRecord, type ElementInstanceRecord } from '../state/records';
import { compensationBoundaryOf, compensationSubscriptionsOf } from './compensation-subscriptions';
import { activateElement } from './lifecycle';
import type { Runtime } from './runtime';

/** Returns false when nothing was to compensate (the caller completes the throw event). */
export function throwCompensation(rt: Runtime, thrower: ElementInstanceRecord, activityRef: string | undefined): boolean {
  const scopeKeys = compensationScopeKeys(rt, thrower);
  const open = compensationSubscriptionsOf(rt, thrower.processInstanceKey).filter((s) => s.throwEventInstanceKey === undefined);
  const inScope = open.filter(
    (s) => scopeKeys.includes(s.compensableActivityScopeKey) && (activityRef === undefined || s.compensableActivityId === activityRef),
  );
  for (const sub of inScope) trigger(rt, thrower, open, sub);
  return inScope.length > 0;
}

function compensationScopeKeys(rt: Runtime, thrower: ElementInstanceRecord): string[] {
  const scope = rt.mustEi(thrower.flowScopeKey!);
  return scope.type === 'EVENT_SUB_PROCESS' && scope.flowScopeKey !== undefined ? [scope.key, scope.flowScopeKey] : [scope.key];
}

function trigger(
  rt: Runtime,
  thrower: ElementInstanceRecord,
  open: CompensationSubscriptionRecord[],
  sub: CompensationSubscriptionRecord,
): void {
  const handlerInstanceKey = sub.compensationHandlerId === undefined ? undefined : activateHandler(rt, thrower, sub);
  rt.store.put('compensation-subscription', {
    ...sub,
    throwEventId: thrower.elementId,
    throwEventInstanceKey: thrower.key,
    ...(handlerInstanceKey !== undefined && { compensationHandlerInstanceKey: handlerInstanceKey }),
  });
  for (const inner of open.filter((s) => s.compensableActivityScopeKey === sub.compensableActivityInstanceKey)) {
    trigger(rt, thrower, open, inner);
  }
}

/** The compensation boundary event is passed at once (activated and completed); the handler runs in the thrower's scope. */
function activateHandler(rt: Runtime, thrower: ElementInstanceRecord, sub: CompensationSubscriptionRecord): string {
  const scope = rt.mustEi(thrower.flowScopeKey!);
  const activity = rt.model(thrower.processDefinitionKey).nodes.get(sub.compensableActivityId);
  const boundary = activity && compensationBoundaryOf(rt, thrower.processDefinitionKey, activity);
  if (boundary) {
    const now = rt.nowIso();
    rt.store.archive('element-instance', {
      key: rt.store.nextKey(),
      processInstanceKey: scope.processInstanceKey,
      processDefinitionKey: scope.processDefinitionKey,
      bpmnProcessId: scope.bpmnProcessId,
      tenantId: scope.tenantId,
      elementId: boundary.id,
      type: 'BOUNDARY_EVENT',
      flowScopeKey: scope.key,
      state: 'COMPLETED',
      startDate: now,
      endDate: now,
      runtime: NO_RUNTIME,
    });
  }
  return activateElement(rt, scope, sub.compensationHandlerId!).key;
}

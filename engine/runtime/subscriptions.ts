/**
 * Event subscriptions an element instance owns: its own catch event, the boundary events on it,
 * the events after an event-based gateway, and the start events of a scope's event sub-processes.
 * They close with their owner (./close-subscriptions.ts).
 */
import type { FlowNode } from '../model/types';
import type { ElementInstanceRecord } from '../state/records';
import { openMessageSubscription } from './messages';
import type { Runtime } from './runtime';
import { openSignalSubscription } from './signals';
import { scheduleTimer } from './timers';

/** Subscribes `owner` to the event of `target` (a catch event, receive task, boundary or event sub-process start). */
export function openCatchSubscription(rt: Runtime, owner: ElementInstanceRecord, target: FlowNode, interrupting = true): void {
  const def = target.eventDefinition;
  if (target.type === 'RECEIVE_TASK' || def?.kind === 'message') {
    openMessageSubscription(rt, owner, target, interrupting);
  } else if (def?.kind === 'timer') {
    scheduleTimer(rt, owner, target, def.timerType, def.expression);
  } else if (def?.kind === 'signal') {
    openSignalSubscription(rt, owner, target);
  }
}

export function openBoundarySubscriptions(rt: Runtime, host: ElementInstanceRecord, node: FlowNode): void {
  const model = rt.model(host.processDefinitionKey);
  for (const id of node.boundaryEvents ?? []) {
    const boundary = model.nodes.get(id)!;
    // Error boundaries are found by the throw; compensation boundaries subscribe when the host completes (./compensation-subscriptions.ts).
    if (boundary.eventDefinition?.kind === 'error' || boundary.eventDefinition?.kind === 'compensate') continue;
    openCatchSubscription(rt, host, boundary, boundary.interrupting !== false);
  }
}

export function openEventSubProcessSubscriptions(rt: Runtime, scope: ElementInstanceRecord, espIds: string[]): void {
  const model = rt.model(scope.processDefinitionKey);
  for (const espId of espIds) {
    const startId = model.nodes.get(espId)!.startEventId;
    const start = startId === undefined ? undefined : model.nodes.get(startId);
    if (!start || start.eventDefinition?.kind === 'error') continue;
    openCatchSubscription(rt, scope, start, start.interrupting !== false);
  }
}

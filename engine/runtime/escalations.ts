/**
 * Escalations, as Zeebe throws them: the catch event is searched like an error's (./catch-events.ts),
 * an exact code before a catch-all. Unlike an error, an escalation is non-critical: when nothing
 * catches it, or a non-interrupting event catches it, the thrower completes and its flow goes on;
 * no incident is raised. An interrupting catch ends the scope the thrower is in.
 * https://docs.camunda.io/docs/components/modeler/bpmn/escalation-events/
 */
import type { ElementInstanceRecord } from '../state/records';
import { bestMatch, findCatchEvent } from './catch-events';
import { completeElement } from './lifecycle';
import type { Runtime } from './runtime';

export function throwEscalation(rt: Runtime, thrower: ElementInstanceRecord, escalationCode: string): void {
  const found = findCatchEvent(rt, thrower, (candidates) => bestMatch(candidates, 'escalation', escalationCode));
  // Zeebe triggers the catch event without variables; its output mappings read the scope.
  if (found) rt.behaviour(found.node.type).occurred?.(rt, found.owner, found.node, {});
  if (rt.ei(thrower.key)?.state === 'ACTIVE') completeElement(rt, thrower.key);
}

/** Boundary events: attached to an activity of the same scope, distinguishable per activity. */
import { checkDuplicateTriggers } from './duplicates';
import { isActivity } from './element-types';
import type { Problems } from './rejection';
import type { FlowNode, ProcessModel } from './types';

export function validateBoundaryEvents(model: ProcessModel, problems: Problems): void {
  for (const node of model.nodes.values()) {
    if (node.type === 'BOUNDARY_EVENT') checkAttachment(node, model, problems);
    if (!node.boundaryEvents?.length) continue;
    const events = node.boundaryEvents.map((id) => model.nodes.get(id)).filter((n): n is FlowNode => !!n);
    checkDuplicateTriggers(node.id, events, problems);
    const taskMessage = node.eventDefinition?.kind === 'message' ? node.eventDefinition.messageName.raw : undefined;
    if (
      node.type === 'RECEIVE_TASK' &&
      events.some((e) => e.eventDefinition?.kind === 'message' && e.eventDefinition.messageName.raw === taskMessage)
    ) {
      problems.add(node.id, 'Cannot reference the same message name as a boundary event');
    }
  }
}

const ESCALATION_HOSTS = new Set(['SUB_PROCESS', 'AD_HOC_SUB_PROCESS', 'CALL_ACTIVITY']);

function checkAttachment(event: FlowNode, model: ProcessModel, problems: Problems): void {
  const activity = event.attachedToRef === undefined ? undefined : model.nodes.get(event.attachedToRef);
  if (!activity || !isActivity(activity.type)) {
    problems.add(event.id, 'Must be attached to an activity');
  } else if (activity.scopeId !== event.scopeId) {
    problems.add(event.id, `Must be in the same scope as the activity '${activity.id}' it is attached to`);
  } else if (event.eventDefinition?.kind === 'escalation' && !ESCALATION_HOSTS.has(activity.type)) {
    // Zeebe's rule: only these can have an escalation thrown inside them (an ad-hoc sub-process is a sub-process in Zeebe's model).
    problems.add(event.id, 'An escalation boundary event should only be attached to a subprocess, or a call activity.');
  }
}

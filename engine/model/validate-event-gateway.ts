/** Event-based gateways: at least two targets, all message/timer/signal catch events waited for only here. */
import { checkDuplicateTriggers } from './duplicates';
import type { Problems } from './rejection';
import type { FlowNode, ProcessModel } from './types';

const CATCH_KINDS = ['message', 'timer', 'signal'];

export function validateEventGateways(model: ProcessModel, problems: Problems): void {
  for (const gateway of model.nodes.values()) {
    if (gateway.type !== 'EVENT_BASED_GATEWAY') continue;
    if (gateway.outgoing.length < 2) {
      problems.add(gateway.id, 'Event-based gateway must have at least 2 outgoing sequence flows.');
    }
    const targets = gateway.outgoing
      .map((id) => model.flows.get(id)?.targetRef)
      .map((id) => (id === undefined ? undefined : model.nodes.get(id)))
      .filter((n): n is FlowNode => !!n);
    // A catch event whose definition was already rejected is not reported twice.
    const invalid = targets.some(
      (t) => t.type !== 'INTERMEDIATE_CATCH_EVENT' || (t.eventDefinition !== undefined && !CATCH_KINDS.includes(t.eventDefinition.kind)),
    );
    if (invalid) {
      problems.add(
        gateway.id,
        'Event-based gateway must not have an outgoing sequence flow to other elements than message/timer/signal intermediate catch events.',
      );
    }
    checkDuplicateTriggers(gateway.id, targets, problems);
    const sharedTarget = targets.some((t) => t.incoming.some((flowId) => model.flows.get(flowId)?.sourceRef !== gateway.id));
    if (sharedTarget) {
      problems.add(
        gateway.id,
        'Target elements of an event gateway must not have any additional incoming sequence flows other than that from the event gateway.',
      );
    }
  }
}

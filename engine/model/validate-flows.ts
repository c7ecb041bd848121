/** Sequence flow rules: which elements may have incoming/outgoing/conditional flows, and gateway conditions. */
import type { Problems } from './rejection';
import type { FlowNode, ProcessModel } from './types';

export function validateFlows(model: ProcessModel, conditionalFlows: Set<string>, problems: Problems): void {
  for (const node of model.nodes.values()) {
    if (node.type === 'START_EVENT' && node.incoming.length > 0) {
      problems.add(node.id, 'Start events must not have incoming sequence flows');
    }
    if (node.type === 'END_EVENT' && node.outgoing.length > 0) {
      problems.add(node.id, 'End events must not have outgoing sequence flows to other elements.');
    }
    if (node.type === 'BOUNDARY_EVENT' && node.incoming.length > 0) {
      problems.add(node.id, 'Cannot have incoming sequence flows');
    }
    if (node.type === 'EXCLUSIVE_GATEWAY' || node.type === 'INCLUSIVE_GATEWAY') {
      checkGatewayConditions(node, model, conditionalFlows, problems);
    } else if (node.outgoing.some((id) => conditionalFlows.has(id))) {
      problems.add(node.id, 'Conditional sequence flows are only supported at exclusive or inclusive gateway');
    }
  }
}

function checkGatewayConditions(gateway: FlowNode, model: ProcessModel, conditionalFlows: Set<string>, problems: Problems): void {
  if (gateway.defaultFlow !== undefined && model.flows.get(gateway.defaultFlow)?.sourceRef !== gateway.id) {
    problems.add(gateway.id, 'Default flow must start at gateway');
  }
  if (gateway.outgoing.length <= 1) return;
  for (const flowId of gateway.outgoing) {
    if (conditionalFlows.has(flowId) || flowId === gateway.defaultFlow) continue;
    problems.add(flowId, gateway.type === 'EXCLUSIVE_GATEWAY' ? 'Must have a condition or be default flow' : 'Must have a condition');
  }
}

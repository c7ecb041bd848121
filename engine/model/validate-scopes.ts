/** Start event rules per scope and distinguishable event sub-process / start triggers. */
import { checkDuplicateTriggers } from './duplicates';
import type { Problems } from './rejection';
import type { FlowNode, ProcessModel } from './types';

export function validateScopes(model: ProcessModel, problems: Problems): void {
  const nodesOf = (ids: string[]): FlowNode[] => ids.map((id) => model.nodes.get(id)).filter((n): n is FlowNode => !!n);
  const startsOf = (ids: string[]): FlowNode[] => nodesOf(ids).filter((n) => n.type === 'START_EVENT');

  const processStarts = startsOf(model.children);
  if (processStarts.length === 0) problems.add(model.bpmnProcessId, 'Must have at least one start event');
  if (processStarts.filter((s) => s.eventDefinition?.kind === 'none').length > 1) {
    problems.add(model.bpmnProcessId, 'Multiple none start events are not allowed');
  }
  checkDuplicateTriggers(model.bpmnProcessId, processStarts, problems);
  checkEventSubProcesses(model.bpmnProcessId, nodesOf(model.eventSubProcesses), model, problems);

  for (const node of model.nodes.values()) {
    if (node.type !== 'SUB_PROCESS' && node.type !== 'EVENT_SUB_PROCESS') continue;
    if (startsOf(node.children ?? []).length !== 1) problems.add(node.id, 'Must have exactly one start event');
    if (node.type === 'EVENT_SUB_PROCESS' && (node.incoming.length > 0 || node.outgoing.length > 0)) {
      problems.add(node.id, 'Event subprocesses must not have incoming or outgoing sequence flows');
    }
    checkEventSubProcesses(node.id, nodesOf(node.eventSubProcesses ?? []), model, problems);
  }
}

/** The start events of a scope's event sub-processes compete for the same triggers. */
function checkEventSubProcesses(field: string, subProcesses: FlowNode[], model: ProcessModel, problems: Problems): void {
  const starts = subProcesses
    .map((sub) => (sub.startEventId ? model.nodes.get(sub.startEventId) : undefined))
    .filter((n): n is FlowNode => !!n);
  checkDuplicateTriggers(field, starts, problems);
}

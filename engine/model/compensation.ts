/**
 * Compensation in the model, by Zeebe 8.8's rules: a compensation boundary event names its handler
 * through an association (an artifact of the process or of a sub-process), and deployment rejects
 * what Zeebe's validators reject (CompensationTaskValidator, BoundaryEventValidator,
 * CompensationEventDefinitionValidator), with their messages.
 * https://docs.camunda.io/docs/components/modeler/bpmn/compensation-events/
 * https://docs.camunda.io/docs/components/modeler/bpmn/compensation-handler/
 */
import { list, ref, str, type ModdleElement } from './moddle';
import type { Problems } from './rejection';
import type { FlowNode, ProcessModel } from './types';

/** Zeebe's compensation tasks; other activities (sub-process, call activity) are not checked as tasks. */
const HANDLER_TASKS = new Set<FlowNode['type']>(['SERVICE_TASK', 'USER_TASK', 'SEND_TASK', 'SCRIPT_TASK', 'MANUAL_TASK', 'TASK']);
const TASKS = new Set<FlowNode['type']>([...HANDLER_TASKS, 'BUSINESS_RULE_TASK', 'RECEIVE_TASK']);

/** Sets `compensationHandlerId` on each compensation boundary event from the associations in the process. */
export function linkCompensationHandlers(processEl: ModdleElement, model: ProcessModel): void {
  for (const association of associationsIn(processEl)) {
    const source = model.nodes.get(str(ref(association, 'sourceRef'), 'id') ?? '');
    const targetId = str(ref(association, 'targetRef'), 'id');
    if (source?.type !== 'BOUNDARY_EVENT' || source.eventDefinition?.kind !== 'compensate' || !targetId) continue;
    if (model.nodes.has(targetId)) source.compensationHandlerId ??= targetId;
  }
}

function associationsIn(container: ModdleElement): ModdleElement[] {
  const own = list(container, 'artifacts').filter((a) => a.$type === 'bpmn:Association');
  const nested = list(container, 'flowElements')
    .filter((el) => el.$instanceOf('bpmn:SubProcess'))
    .flatMap(associationsIn);
  return [...own, ...nested];
}

export function validateCompensation(model: ProcessModel, problems: Problems): void {
  for (const node of model.nodes.values()) {
    const def = node.eventDefinition;
    if (node.type === 'BOUNDARY_EVENT' && def?.kind === 'compensate' && (!node.compensationHandlerId || node.outgoing.length > 0)) {
      problems.add(node.id, 'Compensation boundary events must have a compensation association and no outgoing sequence flows');
    }
    if (node.isForCompensation && TASKS.has(node.type)) checkHandlerTask(node, problems);
    if (def?.kind === 'compensate' && def.activityRef !== undefined) checkActivityRef(node, def.activityRef, model, problems);
  }
}

function checkHandlerTask(node: FlowNode, problems: Problems): void {
  if (!HANDLER_TASKS.has(node.type)) {
    problems.add(
      node.id,
      'Compensation task must be one of: service task, user task, send task, script task, manual task, or undefined task.',
    );
  }
  if (node.incoming.length > 0) problems.add(node.id, 'A compensation handler should have no incoming sequence flows');
  if (node.outgoing.length > 0) problems.add(node.id, 'A compensation handler should have no outgoing sequence flows');
  if (node.boundaryEvents?.length) problems.add(node.id, 'A compensation handler should have no boundary events');
}

function checkActivityRef(thrower: FlowNode, activityRef: string, model: ProcessModel, problems: Problems): void {
  const activity = model.nodes.get(activityRef);
  if (!activity) {
    problems.add(thrower.id, `The referenced compensation activity '${activityRef}' doesn't exist`);
    return;
  }
  if (!hasCompensationBoundary(activity, model) && activity.type !== 'SUB_PROCESS') {
    problems.add(
      thrower.id,
      `The referenced compensation activity '${activityRef}' must have either a compensation boundary event or be a subprocess`,
    );
  }
  if (activity.scopeId !== thrower.scopeId) {
    problems.add(
      thrower.id,
      `The referenced compensation activity '${activityRef}' must be in the same scope as the compensation throw event`,
    );
  }
}

export function hasCompensationBoundary(activity: FlowNode, model: ProcessModel): boolean {
  return (activity.boundaryEvents ?? []).some((id) => model.nodes.get(id)?.eventDefinition?.kind === 'compensate');
}

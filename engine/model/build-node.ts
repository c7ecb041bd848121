/** Builds one executable flow node from its moddle element, delegating each concern to its reader. */
import { readAdHoc } from './ad-hoc';
import type { BuildContext, Scope } from './context';
import { isActivity } from './element-types';
import { readEventDefinition } from './event-definitions';
import { checkExtensions } from './extensions';
import { readExecutionListeners, readTaskListeners } from './listeners';
import { readMappings } from './io-mapping';
import { bool, ref, str, type ModdleElement } from './moddle';
import { readMultiInstance } from './multi-instance';
import { applyTaskExtensions } from './tasks';
import type { FlowNode } from './types';

export function buildNode(el: ModdleElement, id: string, type: FlowNode['type'], scope: Scope, ctx: BuildContext): FlowNode {
  const node: FlowNode = { id, type, scopeId: scope.id, incoming: [], outgoing: [], inputs: [], outputs: [] };
  const name = str(el, 'name');
  if (name) node.name = name;

  if (type === 'BOUNDARY_EVENT') {
    const attachedTo = str(ref(el, 'attachedToRef'), 'id');
    if (attachedTo) node.attachedToRef = attachedTo;
    node.interrupting = bool(el, 'cancelActivity') ?? true;
  }
  if (type === 'START_EVENT' && scope.kind === 'eventSubProcess') {
    node.interrupting = bool(el, 'isInterrupting') ?? true;
  }

  const eventDefinition = readEventDefinition(el, node, scope, ctx);
  if (eventDefinition) node.eventDefinition = eventDefinition;
  if (type === 'AD_HOC_SUB_PROCESS') readAdHoc(el, node, ctx);
  applyTaskExtensions(el, node, ctx);

  if (type === 'EXCLUSIVE_GATEWAY' || type === 'INCLUSIVE_GATEWAY') {
    const defaultFlow = str(ref(el, 'default'), 'id');
    if (defaultFlow) node.defaultFlow = defaultFlow;
  }
  if (isActivity(type)) {
    const multiInstance = readMultiInstance(el, id, ctx);
    if (multiInstance) node.multiInstance = multiInstance;
    if (bool(el, 'isForCompensation')) node.isForCompensation = true;
  }

  node.executionListeners = readExecutionListeners(el, node, id, ctx);
  if (type === 'USER_TASK') node.taskListeners = readTaskListeners(el, node.userTask !== undefined, id, ctx);

  const { inputs, outputs } = readMappings(el, id, ctx);
  node.inputs = inputs;
  node.outputs = outputs;
  checkExtensions(el, id, ctx);
  removeUndefined(node);
  return node;
}

/** Readers return undefined for absent or invalid parts; keep the model free of explicit undefined keys. */
function removeUndefined(node: FlowNode): void {
  const record = node as unknown as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (record[key] === undefined) delete record[key];
  }
}

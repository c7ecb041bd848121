/**
 * Ad-hoc sub-processes (`bpmn:adHocSubProcess`, `zeebe:adHoc`) with Zeebe 8.8's deployment rules
 * (AdHocSubProcessValidator): https://docs.camunda.io/docs/components/modeler/bpmn/ad-hoc-subprocesses/
 */
import { extractFromAiParameters, type FromAiParameter } from '../feel/from-ai-parameters';
import type { BuildContext } from './context';
import { readTaskDefinition } from './job-worker';
import { body, bool, extensions, list, str, type ModdleElement } from './moddle';
import type { AdHocDefinition, FlowNode, ProcessModel } from './types';

/** Reads the ad-hoc attributes; the inner elements are indexed later by indexAdHocElements. */
export function readAdHoc(el: ModdleElement, node: FlowNode, ctx: BuildContext): void {
  const id = node.id;
  const ext = extensions(el, 'zeebe:AdHoc')[0];
  const adHoc: AdHocDefinition = {
    cancelRemainingInstances: bool(el, 'cancelRemainingInstances') ?? true,
    activatable: [],
    elements: [],
  };
  const collection = str(ext, 'activeElementsCollection');
  if (collection) adHoc.activeElementsCollection = ctx.expressions.feel(id, collection);
  const outputCollection = str(ext, 'outputCollection');
  const outputElement = str(ext, 'outputElement');
  if (outputCollection) adHoc.outputCollection = outputCollection;
  if (outputElement) adHoc.outputElement = ctx.expressions.feel(id, outputElement);
  if (outputCollection && !outputElement) ctx.problems.add(id, "Attribute 'outputElement' must be present when 'outputCollection' is set");
  if (outputElement && !outputCollection) ctx.problems.add(id, "Attribute 'outputCollection' must be present when 'outputElement' is set");

  // Optional and non-static in Zeebe's runtime validators; a blank one counts as absent.
  const condition = body(el, 'completionCondition')?.trim() || undefined;
  if (condition !== undefined) adHoc.completionCondition = ctx.expressions.feel(id, condition, { mandatory: true });

  if (extensions(el, 'zeebe:TaskDefinition').length > 0) {
    // The job worker decides what to activate and when the sub-process completes.
    if (!adHoc.cancelRemainingInstances) {
      ctx.problems.add(id, 'Must not set cancelRemainingInstances to false in combination with zeebe:taskDefinition');
    }
    if (body(el, 'completionCondition') !== undefined) {
      ctx.problems.add(id, 'Must not set completionCondition in combination with zeebe:taskDefinition');
    }
    if (collection) ctx.problems.add(id, 'Must not set activeElementsCollection in combination with zeebe:taskDefinition');
    const taskDefinition = readTaskDefinition(el, id, ctx);
    if (taskDefinition) node.taskDefinition = taskDefinition;
  }
  node.adHoc = adHoc;
}

/** Zeebe's structural rules, checked once the inner elements are built. */
export function validateAdHocChildren(node: FlowNode, model: ProcessModel, ctx: BuildContext): void {
  const children = (node.children ?? []).map((id) => model.nodes.get(id)).filter((n): n is FlowNode => !!n);
  if (children.length === 0) ctx.problems.add(node.id, 'Must have at least one activity.');
  if (children.some((c) => c.type === 'START_EVENT')) ctx.problems.add(node.id, 'Must not contain a start event.');
  if (children.some((c) => c.type === 'END_EVENT')) ctx.problems.add(node.id, 'Must not contain an end event.');
}

/** Metadata of an inner element for `adHocSubProcessElements`; Zeebe leaves empty fields out. */
export function adHocElementMetadata(el: ModdleElement, id: string): Record<string, unknown> {
  const meta: Record<string, unknown> = { elementId: id };
  const name = str(el, 'name');
  if (name) meta.elementName = name;
  const documentation = list(el, 'documentation')
    .map((d) => str(d, 'text') ?? '')
    .filter(Boolean)
    .join('\n');
  if (documentation) meta.documentation = documentation;
  const properties: Record<string, string> = {};
  for (const property of list(extensions(el, 'zeebe:Properties')[0], 'properties')) {
    const key = str(property, 'name');
    if (key) properties[key] = str(property, 'value') ?? '';
  }
  if (Object.keys(properties).length > 0) meta.properties = properties;
  return meta;
}

/**
 * After the flows are connected: the activatable elements are the inner flow nodes without
 * incoming sequence flows (boundary and event sub-process starts are triggered, not activated).
 */
export function indexAdHocElements(model: ProcessModel, metadata: Map<string, Record<string, unknown>>, ctx: BuildContext): void {
  for (const node of model.nodes.values()) {
    if (!node.adHoc) continue;
    const activatable = (node.children ?? []).filter((id) => {
      const child = model.nodes.get(id);
      return child && child.incoming.length === 0 && child.type !== 'BOUNDARY_EVENT' && child.type !== 'EVENT_SUB_PROCESS';
    });
    node.adHoc.activatable = activatable;
    node.adHoc.elements = activatable.map((id) => {
      const meta = { ...(metadata.get(id) ?? { elementId: id }) };
      const parameters = toolParameters(model.nodes.get(id)!, ctx);
      if (parameters.length > 0) meta.parameters = parameters;
      return meta;
    });
  }
}

/** Zeebe reads an element's tool parameters from the `fromAi()` calls in its input mappings. */
function toolParameters(node: FlowNode, ctx: BuildContext): FromAiParameter[] {
  try {
    return node.inputs.flatMap((mapping) => extractFromAiParameters(mapping.source));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    ctx.problems.add(node.id, `Failed to extract ad-hoc activity parameters for element '${node.id}'. ${reason}`);
    return [];
  }
}

/** Zeebe's element id postfix of an ad-hoc sub-process inner instance (ZeebeConstants). */
export const INNER_INSTANCE_POSTFIX = '#innerInstance';

const innerNodes = new WeakMap<FlowNode, FlowNode>();

/**
 * The flow node of an inner instance id `<ad-hoc id>#innerInstance`: no BPMN element, a scope
 * without flows or mappings inside the ad-hoc sub-process. Undefined for other ids.
 */
export function innerInstanceNode(model: ProcessModel, elementId: string): FlowNode | undefined {
  if (!elementId.endsWith(INNER_INSTANCE_POSTFIX)) return undefined;
  const adHoc = model.nodes.get(elementId.slice(0, -INNER_INSTANCE_POSTFIX.length));
  if (adHoc?.type !== 'AD_HOC_SUB_PROCESS') return undefined;
  let inner = innerNodes.get(adHoc);
  if (!inner) {
    inner = {
      id: elementId,
      type: 'AD_HOC_SUB_PROCESS_INNER_INSTANCE',
      scopeId: adHoc.id,
      incoming: [],
      outgoing: [],
      inputs: [],
      outputs: [],
    };
    innerNodes.set(adHoc, inner);
  }
  return inner;
}

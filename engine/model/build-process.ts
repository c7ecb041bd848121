/**
 * Builds a ProcessModel from an executable bpmn:process: walks the process and its (event)
 * sub-processes, connects sequence flows and derives the per-scope indexes the runtime uses.
 */
import { adHocElementMetadata, indexAdHocElements, validateAdHocChildren } from './ad-hoc';
import { buildNode } from './build-node';
import { linkCompensationHandlers } from './compensation';
import type { BuildContext, Scope } from './context';
import { classify } from './element-types';
import { readExecutionListeners } from './listeners';
import { checkExtensions } from './extensions';
import { body, extensions, list, localType, owningId, ref, str, type ModdleElement } from './moddle';
import type { ProcessModel, SequenceFlow } from './types';

export interface BuiltProcess {
  model: ProcessModel;
  /** Flows that carry a conditionExpression, valid or not (an invalid one is already reported). */
  conditionalFlows: Set<string>;
}

/** Sequence flow ends moddle could not resolve, keyed `<flowId>#sourceRef|targetRef`, with the written id. */
export type UnresolvedFlowEnds = Map<string, string>;

interface PendingFlow {
  el: ModdleElement;
  id: string;
  scopeId: string;
}

/** State of one walk over a process: the model being built, flows to connect once all nodes exist. */
interface Walk {
  model: ProcessModel;
  pending: PendingFlow[];
  /** Elements already reported as unsupported, so flows to them are not reported again. */
  rejected: Set<string>;
  ctx: BuildContext;
  /** Inner elements of ad-hoc sub-processes: their `adHocSubProcessElements` entry. */
  adHocMetadata: Map<string, Record<string, unknown>>;
}

export function buildProcess(processEl: ModdleElement, ctx: BuildContext, unresolved: UnresolvedFlowEnds): BuiltProcess {
  const processId = str(processEl, 'id') ?? '';
  const model: ProcessModel = {
    bpmnProcessId: processId,
    nodes: new Map(),
    flows: new Map(),
    children: [],
    eventSubProcesses: [],
    eventStartEventIds: [],
  };
  const name = str(processEl, 'name');
  if (name) model.name = name;
  const versionTag = str(extensions(processEl, 'zeebe:VersionTag')[0], 'value');
  if (versionTag) model.versionTag = versionTag;
  const forms = readUserTaskForms(processEl);
  if (forms) model.userTaskForms = forms;
  checkExtensions(processEl, processId, ctx);
  const listeners = readExecutionListeners(processEl, undefined, processId, ctx);
  if (listeners) model.executionListeners = listeners;

  const walk: Walk = { model, pending: [], rejected: new Set(), ctx, adHocMetadata: new Map() };
  model.children = walkScope(processEl, { id: processId, kind: 'process' }, walk);
  const conditionalFlows = connectFlows(walk, unresolved);
  indexScopes(model);
  linkCompensationHandlers(processEl, model);
  indexAdHocElements(model, walk.adHocMetadata, ctx);
  return { model, conditionalFlows };
}

function walkScope(container: ModdleElement, scope: Scope, walk: Walk): string[] {
  const { model, ctx } = walk;
  const children: string[] = [];
  for (const el of list(container, 'flowElements')) {
    const classification = classify(el);
    if (classification.kind === 'ignored') continue;
    const id = str(el, 'id');
    if (!id) {
      ctx.problems.add(owningId(el) ?? scope.id, `Elements of type '${localType(el)}' must have an id`);
      continue;
    }
    if (classification.kind === 'unsupported') {
      ctx.problems.add(id, classification.message);
      walk.rejected.add(id);
      continue;
    }
    if (classification.kind === 'sequenceFlow') {
      walk.pending.push({ el, id, scopeId: scope.id });
      continue;
    }
    const node = buildNode(el, id, classification.type, scope, ctx);
    model.nodes.set(id, node);
    children.push(id);
    if (scope.kind === 'adHocSubProcess') walk.adHocMetadata.set(id, adHocElementMetadata(el, id));
    if (node.type === 'SUB_PROCESS' || node.type === 'EVENT_SUB_PROCESS') {
      const kind = node.type === 'SUB_PROCESS' ? 'subProcess' : 'eventSubProcess';
      node.children = walkScope(el, { id, kind }, walk);
    } else if (node.type === 'AD_HOC_SUB_PROCESS') {
      node.children = walkScope(el, { id, kind: 'adHocSubProcess' }, walk);
      validateAdHocChildren(node, model, ctx);
    }
  }
  return children;
}

function connectFlows(walk: Walk, unresolved: UnresolvedFlowEnds): Set<string> {
  const { model, ctx } = walk;
  const conditional = new Set<string>();
  for (const { el, id } of walk.pending) {
    const sourceRef = flowEnd(el, id, 'sourceRef', ctx, unresolved);
    const targetRef = flowEnd(el, id, 'targetRef', ctx, unresolved);
    const flow: SequenceFlow = { id, sourceRef: sourceRef ?? '', targetRef: targetRef ?? '' };
    const name = str(el, 'name');
    if (name) flow.name = name;
    const condition = body(el, 'conditionExpression');
    if (condition !== undefined) {
      conditional.add(id);
      const feel = readCondition(condition, id, ctx);
      if (feel !== undefined) flow.condition = feel;
    }
    model.flows.set(id, flow);

    const source = sourceRef === undefined ? undefined : model.nodes.get(sourceRef);
    const target = targetRef === undefined ? undefined : model.nodes.get(targetRef);
    source?.outgoing.push(id);
    target?.incoming.push(id);
    // BPMN forbids a flow across a sub-process boundary. Where the flow element is written does not
    // matter (a hand-edited file may declare it in the process around), as for Zeebe, which takes a
    // flow in the flow scope of its source.
    if (source && target && source.scopeId !== target.scopeId) {
      ctx.problems.add(
        id,
        `Sequence flow must not cross scopes: '${source.id}' is in '${source.scopeId}', '${target.id}' in '${target.scopeId}'`,
      );
    }
    for (const [endId, end] of [
      [sourceRef, source],
      [targetRef, target],
    ] as const) {
      if (endId !== undefined && !end && !walk.rejected.has(endId)) {
        ctx.problems.add(id, `Sequence flow must connect flow nodes of process '${model.bpmnProcessId}', but '${endId}' is none`);
      }
    }
  }
  return conditional;
}

function readCondition(text: string, id: string, ctx: BuildContext): string | undefined {
  if (text.trim() === '') {
    ctx.problems.add(id, 'Expected expression but not found.');
    return undefined;
  }
  return ctx.expressions.feel(id, text.trim(), { mandatory: true });
}

function flowEnd(
  el: ModdleElement,
  id: string,
  prop: 'sourceRef' | 'targetRef',
  ctx: BuildContext,
  unresolved: UnresolvedFlowEnds,
): string | undefined {
  const resolved = str(ref(el, prop), 'id');
  if (resolved) return resolved;
  const written = unresolved.get(`${id}#${prop}`);
  ctx.problems.add(
    id,
    written === undefined
      ? `SequenceFlow is missing required attribute ${prop}`
      : `SequenceFlow has ${prop} '${written}' which cannot be resolved`,
  );
  return undefined;
}

/** Boundary events per activity, event sub-processes and start events per scope, link targets. */
function indexScopes(model: ProcessModel): void {
  for (const node of model.nodes.values()) {
    if (node.type === 'BOUNDARY_EVENT' && node.attachedToRef) {
      const activity = model.nodes.get(node.attachedToRef);
      if (activity) (activity.boundaryEvents ??= []).push(node.id);
    }
  }
  model.eventSubProcesses = eventSubProcessesOf(model.children, model);
  for (const id of model.children) {
    const node = model.nodes.get(id)!;
    if (node.type !== 'START_EVENT') continue;
    const kind = node.eventDefinition?.kind;
    if (kind === 'none' && model.noneStartEventId === undefined) model.noneStartEventId = id;
    if (kind === 'message' || kind === 'timer' || kind === 'signal') model.eventStartEventIds.push(id);
  }
  for (const node of model.nodes.values()) {
    if (node.type !== 'SUB_PROCESS' && node.type !== 'EVENT_SUB_PROCESS' && node.type !== 'AD_HOC_SUB_PROCESS') continue;
    const subProcesses = eventSubProcessesOf(node.children ?? [], model);
    if (subProcesses.length > 0) node.eventSubProcesses = subProcesses;
    const starts = (node.children ?? []).filter((id) => model.nodes.get(id)?.type === 'START_EVENT');
    if (starts.length === 1) node.startEventId = starts[0];
  }
  linkThrowsToCatches(model);
}

/** Each link throw event jumps to the link catch event of its name in its own scope (validate-links checks one exists). */
function linkThrowsToCatches(model: ProcessModel): void {
  const catches = new Map<string, string>();
  for (const node of model.nodes.values()) {
    const def = node.eventDefinition;
    const key = def?.kind === 'link' ? `${node.scopeId}|${def.linkName}` : undefined;
    if (key && node.type === 'INTERMEDIATE_CATCH_EVENT' && !catches.has(key)) catches.set(key, node.id);
  }
  for (const node of model.nodes.values()) {
    const def = node.eventDefinition;
    if (node.type !== 'INTERMEDIATE_THROW_EVENT' || def?.kind !== 'link') continue;
    const target = catches.get(`${node.scopeId}|${def.linkName}`);
    if (target) node.linkTargetId = target;
  }
}

function eventSubProcessesOf(children: string[], model: ProcessModel): string[] {
  return children.filter((id) => model.nodes.get(id)?.type === 'EVENT_SUB_PROCESS');
}

function readUserTaskForms(processEl: ModdleElement): Record<string, string> | undefined {
  const forms = extensions(processEl, 'zeebe:UserTaskForm');
  if (forms.length === 0) return undefined;
  return Object.fromEntries(forms.map((form) => [str(form, 'id') ?? '', str(form, 'body') ?? '']));
}

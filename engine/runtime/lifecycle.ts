/**
 * The element instance lifecycle, as in Zeebe: ACTIVATING → ACTIVE → COMPLETING → COMPLETED,
 * or TERMINATING → TERMINATED. Activation and completion are queued steps; termination runs
 * at once, depth first, so an interrupting event sees its scope cleared before it continues.
 */
import { EvaluationError } from '../errors';
import type { BpmnElementType, FlowNode } from '../model/types';
import type { ElementInstanceRecord, ElementRuntime, IncidentRecord } from '../state/records';
import { activateBehaviour, leaveBehaviour, cleanupBehaviour } from './behaviours';
import { applyMappings } from './expressions';
import { closeIncidentsOf, raiseIncident } from './incidents';
import { innerInstanceCompleted, collectOutputElement } from './multi-instance';
import { tryJoins } from './joins';
import { correlateBufferedOf } from './messages';
import type { Runtime, Step } from './runtime';
import { closeSubscriptions, openBoundarySubscriptions } from './subscriptions';
import { archiveScope, localVariables, propagate, setLocals, visibleVariables } from './variables';
import { processElementCompleted, processElementTerminated } from './instances';

type Vars = Record<string, unknown>;

export function runStep(rt: Runtime, step: Step): void {
  switch (step.op) {
    case 'activate':
      return activateStep(rt, step.key);
    case 'complete':
      return completeStep(rt, step.key);
    case 'take-flow':
      return takeFlow(rt, step.scopeKey, step.flowId);
    case 'check-scope':
      return checkScope(rt, step.key);
  }
}

/** Creates an element instance in a scope and queues its activation. */
export function activateElement(
  rt: Runtime,
  scope: ElementInstanceRecord,
  elementId: string,
  runtime: ElementRuntime = {},
  asInner = false,
): ElementInstanceRecord {
  const node = rt.model(scope.processDefinitionKey).nodes.get(elementId);
  if (!node) throw new Error(`internal: no element ${elementId}`);
  const type: BpmnElementType = node.multiInstance && !asInner ? 'MULTI_INSTANCE_BODY' : node.type;
  const ei: ElementInstanceRecord = {
    key: rt.store.nextKey(),
    processInstanceKey: scope.processInstanceKey,
    processDefinitionKey: scope.processDefinitionKey,
    bpmnProcessId: scope.bpmnProcessId,
    tenantId: scope.tenantId,
    elementId,
    type,
    flowScopeKey: scope.key,
    state: 'ACTIVATING',
    startDate: rt.nowIso(),
    runtime,
  };
  rt.store.put('element-instance', ei);
  const parent = rt.mustEi(scope.key);
  rt.setRuntime(scope.key, { activeChildren: (parent.runtime.activeChildren ?? 0) + 1 });
  rt.enqueue({ op: 'activate', key: ei.key });
  return ei;
}

export function isEvaluationError(err: unknown): err is EvaluationError {
  return err instanceof EvaluationError;
}

function activateStep(rt: Runtime, key: string): void {
  const ei = rt.ei(key);
  if (!ei || ei.state !== 'ACTIVATING') return;
  if (ei.type === 'PROCESS') {
    rt.store.put('element-instance', { ...ei, state: 'ACTIVE' });
    activateBehaviour(rt, rt.mustEi(key), undefined);
    return;
  }
  const node = rt.node(ei);
  const isMiBody = ei.type === 'MULTI_INSTANCE_BODY';
  try {
    if (!isMiBody && node.inputs.length > 0) {
      const locals = applyMappings(node.inputs, visibleVariables(rt, ei.key), () => null);
      setLocals(rt, ei.key, locals);
    }
  } catch (err) {
    if (!isEvaluationError(err)) throw err;
    raiseIncident(rt, ei, 'IO_MAPPING_ERROR', err.message, 'activate');
    return;
  }
  const isInner = rt.ei(ei.flowScopeKey)?.type === 'MULTI_INSTANCE_BODY';
  if (node.boundaryEvents?.length && !isInner) {
    try {
      openBoundarySubscriptions(rt, ei, node);
    } catch (err) {
      if (!isEvaluationError(err)) throw err;
      closeSubscriptions(rt, ei.key);
      raiseIncident(rt, ei, 'EXTRACT_VALUE_ERROR', err.message, 'activate');
      return;
    }
  }
  rt.store.put('element-instance', { ...rt.mustEi(key), state: 'ACTIVE' });
  const vars = ei.runtime.triggerVariables;
  if (vars && Object.keys(vars).length > 0 && ei.type !== 'EVENT_SUB_PROCESS') deliverResult(rt, rt.mustEi(key), vars);
  activateBehaviour(rt, rt.mustEi(key), node);
  if (node.boundaryEvents?.length && !isInner) correlateBufferedOf(rt, key);
}

/**
 * Variables that a job, a message or a script hand to an element: local when the element has
 * output mappings (which then decide what leaves), else merged into the process instance.
 */
export function deliverResult(rt: Runtime, ei: ElementInstanceRecord, vars: Vars): void {
  const node = ei.type === 'PROCESS' ? undefined : rt.node(ei);
  if (node && node.outputs.length > 0) setLocals(rt, ei.key, vars);
  else propagate(rt, ei.key, vars);
}

export function completeElement(rt: Runtime, key: string): void {
  rt.enqueue({ op: 'complete', key });
}

function completeStep(rt: Runtime, key: string): void {
  let ei = rt.ei(key);
  if (!ei || (ei.state !== 'ACTIVE' && ei.state !== 'COMPLETING')) return;
  if (ei.state === 'ACTIVE') ei = rt.store.put('element-instance', { ...ei, state: 'COMPLETING' });
  if (ei.type === 'PROCESS') {
    const variables = localVariables(rt, ei.key);
    finish(rt, ei, 'COMPLETED');
    processElementCompleted(rt, ei, variables);
    return;
  }
  const node = rt.node(ei);
  const scope = rt.ei(ei.flowScopeKey);
  try {
    if (ei.type !== 'MULTI_INSTANCE_BODY' && node.outputs.length > 0) {
      const scopeVars = scope ? visibleVariables(rt, scope.key) : {};
      const out = applyMappings(node.outputs, visibleVariables(rt, ei.key), (n) => scopeVars[n] ?? null);
      if (scope) propagate(rt, scope.key, out);
    }
    if (scope?.type === 'MULTI_INSTANCE_BODY') collectOutputElement(rt, scope, ei, node);
  } catch (err) {
    if (!isEvaluationError(err)) throw err;
    raiseIncident(rt, ei, 'IO_MAPPING_ERROR', err.message, 'complete');
    return;
  }
  closeSubscriptions(rt, ei.key);
  finish(rt, ei, 'COMPLETED');
  if (scope?.type === 'MULTI_INSTANCE_BODY') {
    innerInstanceCompleted(rt, scope.key);
    return;
  }
  leaveBehaviour(rt, ei, node);
  if (scope) rt.enqueue({ op: 'check-scope', key: scope.key });
}

/** Takes all outgoing flows of a completed element. */
export function takeOutgoing(rt: Runtime, ei: ElementInstanceRecord, flowIds: string[]): void {
  if (!ei.flowScopeKey) return;
  for (const flowId of flowIds) rt.enqueue({ op: 'take-flow', scopeKey: ei.flowScopeKey, flowId });
}

function takeFlow(rt: Runtime, scopeKey: string, flowId: string): void {
  const scope = rt.ei(scopeKey);
  if (!scope || scope.state !== 'ACTIVE') return;
  const flow = rt.model(scope.processDefinitionKey).flows.get(flowId)!;
  const target = rt.model(scope.processDefinitionKey).nodes.get(flow.targetRef)!;
  if (isJoin(target)) {
    const tokens = { ...(scope.runtime.joinTokens ?? {}) };
    const forGateway = { ...(tokens[target.id] ?? {}) };
    forGateway[flowId] = (forGateway[flowId] ?? 0) + 1;
    tokens[target.id] = forGateway;
    rt.setRuntime(scope.key, { joinTokens: tokens });
    tryJoins(rt, scope.key);
    return;
  }
  activateElement(rt, scope, target.id);
}

export function isJoin(node: FlowNode): boolean {
  return (node.type === 'PARALLEL_GATEWAY' || node.type === 'INCLUSIVE_GATEWAY') && node.incoming.length > 1;
}

function checkScope(rt: Runtime, key: string): void {
  const scope = rt.ei(key);
  if (!scope || scope.state !== 'ACTIVE') return;
  if (scope.type !== 'PROCESS' && scope.type !== 'SUB_PROCESS' && scope.type !== 'EVENT_SUB_PROCESS') return;
  tryJoins(rt, key);
  const current = rt.mustEi(key);
  if ((current.runtime.activeChildren ?? 0) > 0) return;
  const tokens = Object.values(current.runtime.joinTokens ?? {}).some((g) => Object.values(g).some((n) => n > 0));
  if (tokens) return;
  rt.enqueue({ op: 'complete', key });
}

/** Final state of an element instance: it leaves memory and stays in the database as history. */
function finish(rt: Runtime, ei: ElementInstanceRecord, state: 'COMPLETED' | 'TERMINATED'): void {
  closeIncidentsOf(rt, ei.key);
  const current = rt.mustEi(ei.key);
  rt.store.archive('element-instance', { ...current, state, endDate: rt.nowIso(), incidentKey: undefined });
  archiveScope(rt, ei.key);
  const scope = ei.flowScopeKey ? rt.ei(ei.flowScopeKey) : undefined;
  if (scope) rt.setRuntime(scope.key, { activeChildren: Math.max(0, (scope.runtime.activeChildren ?? 1) - 1) });
}

/** Terminates an element instance and everything below it, at once. */
export function terminateElement(rt: Runtime, key: string): void {
  const ei = rt.ei(key);
  if (!ei || ei.state === 'COMPLETED' || ei.state === 'TERMINATED') return;
  rt.store.put('element-instance', { ...ei, state: 'TERMINATING' });
  for (const child of rt.childrenOf(key)) terminateElement(rt, child.key);
  closeSubscriptions(rt, key);
  cleanupBehaviour(rt, rt.mustEi(key));
  finish(rt, rt.mustEi(key), 'TERMINATED');
  if (ei.type === 'PROCESS') processElementTerminated(rt, ei);
}

/** Terminates all children of a scope and forgets its join tokens (terminate end, interrupting events). */
export function terminateChildren(rt: Runtime, scopeKey: string, except?: string): void {
  for (const child of rt.childrenOf(scopeKey)) if (child.key !== except) terminateElement(rt, child.key);
  rt.setRuntime(scopeKey, { joinTokens: {} });
}

/** Re-runs what an incident stopped. */
export function retryAfterIncident(rt: Runtime, incident: IncidentRecord): void {
  const ei = rt.ei(incident.elementInstanceKey);
  if (!ei) return;
  if (incident.retry === 'activate') {
    closeSubscriptions(rt, ei.key);
    rt.store.put('element-instance', { ...ei, state: 'ACTIVATING' });
    rt.enqueue({ op: 'activate', key: ei.key });
  } else if (incident.retry === 'complete') {
    rt.enqueue({ op: 'complete', key: ei.key });
  }
}

/**
 * The element instance lifecycle, as in Zeebe: ACTIVATING → ACTIVE → COMPLETING → COMPLETED,
 * or TERMINATING → TERMINATED. Activation and completion are queued steps; termination runs
 * at once, depth first, so an interrupting event sees its scope cleared before it continues.
 * What differs per element type is its behaviour (./elements/), looked up through the Runtime.
 */
import { EvaluationError } from '../errors';
import { innerInstanceNode } from '../model/ad-hoc';
import type { BpmnElementType, FlowNode } from '../model/types';
import { NO_RUNTIME, type ElementInstanceRecord, type ElementRuntime, type IncidentRecord } from '../state/records';
import { closeSubscriptions } from './close-subscriptions';
import { compensableCompleted, compensationHandlerCompleted } from './compensation-subscriptions';
import { applyMappings } from './expressions';
import { closeIncidentsOf, raiseIncident } from './incidents';
import { tryJoins } from './joins';
import { cancelListenerJobs, runExecutionListener } from './listeners';
import type { Runtime, Step } from './runtime';
import { archiveScope, localVariables, propagate, setLocals, visibleVariables } from './variables';

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
    case 'execution-listener':
      return nextExecutionListener(rt, step.key);
  }
}

/** Creates an element instance in a scope and queues its activation. */
export function activateElement(
  rt: Runtime,
  scope: ElementInstanceRecord,
  elementId: string,
  runtime: ElementRuntime = NO_RUNTIME,
  asInner = false,
): ElementInstanceRecord {
  const model = rt.model(scope.processDefinitionKey);
  // An ad-hoc sub-process inner instance has no BPMN element (modification opens one as a flow scope).
  const node = model.nodes.get(elementId) ?? innerInstanceNode(model, elementId);
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
  if (!ei || ei.state !== 'ACTIVATING' || ei.runtime.listener) return;
  const behaviour = rt.behaviour(ei.type);
  // The process is no flow node: no mappings, no boundary events, never triggered.
  if (ei.type !== 'PROCESS') {
    const node = rt.node(ei);
    try {
      if (!behaviour.leavesMappingsToInner && node.inputs.length > 0) {
        const locals = applyMappings(node.inputs, visibleVariables(rt, ei.key), () => null);
        setLocals(rt, ei.key, locals);
      }
    } catch (err) {
      if (!isEvaluationError(err)) throw err;
      raiseIncident(rt, ei, 'IO_MAPPING_ERROR', err.message, 'activate');
      return;
    }
  }
  listenersThen(rt, rt.mustEi(key), 'start', 0);
}

/** Runs the execution listener at `index` of the element, or, with none left, the rest of the step. */
function listenersThen(rt: Runtime, ei: ElementInstanceRecord, eventType: 'start' | 'end', index: number): void {
  try {
    if (runExecutionListener(rt, ei, eventType, index)) return;
  } catch (err) {
    if (!isEvaluationError(err)) throw err;
    // Resolving re-runs the whole step, all listeners of the event type included (as in Zeebe).
    rt.setRuntime(ei.key, { listener: undefined });
    raiseIncident(rt, rt.mustEi(ei.key), 'EXTRACT_VALUE_ERROR', err.message, eventType === 'start' ? 'activate' : 'complete');
    return;
  }
  if (eventType === 'start') finishActivation(rt, rt.mustEi(ei.key));
  else finishCompletion(rt, rt.mustEi(ei.key));
}

function nextExecutionListener(rt: Runtime, key: string): void {
  const ei = rt.ei(key);
  const running = ei?.runtime.listener;
  if (!ei || !running) return;
  const expected = running.eventType === 'start' ? 'ACTIVATING' : 'COMPLETING';
  if (ei.state === expected) listenersThen(rt, ei, running.eventType, running.index);
}

/** After the start listeners: boundary events, ACTIVE, and the element's own behaviour. */
function finishActivation(rt: Runtime, ei: ElementInstanceRecord): void {
  const key = ei.key;
  const behaviour = rt.behaviour(ei.type);
  if (ei.type === 'PROCESS') {
    rt.store.put('element-instance', { ...ei, state: 'ACTIVE' });
    behaviour.activate(rt, rt.mustEi(key));
    return;
  }
  const node = rt.node(ei);
  const boundaries = node.boundaryEvents?.length && !isInnerInstance(rt, ei) ? rt.elements.BOUNDARY_EVENT : undefined;
  if (boundaries) {
    try {
      boundaries.attach(rt, ei, node);
    } catch (err) {
      if (!isEvaluationError(err)) throw err;
      closeSubscriptions(rt, ei.key);
      raiseIncident(rt, ei, 'EXTRACT_VALUE_ERROR', err.message, 'activate');
      return;
    }
  }
  rt.store.put('element-instance', { ...rt.mustEi(key), state: 'ACTIVE' });
  const vars = ei.runtime.triggerVariables;
  if (vars && Object.keys(vars).length > 0 && !behaviour.forwardsTriggerVariables) deliverResult(rt, rt.mustEi(key), vars);
  runActivation(rt, rt.mustEi(key));
  boundaries?.attached(rt, key);
}

/** An element activated by an event that already occurred completes at once, unless its behaviour runs then too. */
function runActivation(rt: Runtime, ei: ElementInstanceRecord): void {
  const behaviour = rt.behaviour(ei.type);
  try {
    if (ei.runtime.triggered && !behaviour.runsWhenTriggered) completeElement(rt, ei.key);
    else behaviour.activate(rt, ei);
  } catch (err) {
    if (!isEvaluationError(err)) throw err;
    raiseIncident(rt, rt.mustEi(ei.key), 'EXTRACT_VALUE_ERROR', err.message, 'activate');
  }
}

/** An inner instance of a multi-instance body: the body, not the inner instance, has the boundary events. */
export function isInnerInstance(rt: Runtime, ei: ElementInstanceRecord): boolean {
  const scope = rt.ei(ei.flowScopeKey);
  return scope !== undefined && rt.behaviour(scope.type).hostsInnerInstances === true;
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
  if (!ei || (ei.state !== 'ACTIVE' && ei.state !== 'COMPLETING') || ei.runtime.listener) return;
  if (ei.state === 'ACTIVE') ei = rt.store.put('element-instance', { ...ei, state: 'COMPLETING' });
  if (ei.type === 'PROCESS') {
    listenersThen(rt, ei, 'end', 0);
    return;
  }
  const behaviour = rt.behaviour(ei.type);
  const node = rt.node(ei);
  const scope = rt.ei(ei.flowScopeKey);
  const scopeBehaviour = scope ? rt.behaviour(scope.type) : undefined;
  try {
    behaviour.completing?.(rt, ei);
    if (!behaviour.leavesMappingsToInner && node.outputs.length > 0) {
      const scopeVars = scope ? visibleVariables(rt, scope.key) : {};
      const out = applyMappings(node.outputs, visibleVariables(rt, ei.key), (n) => scopeVars[n] ?? null);
      if (scope) propagate(rt, scope.key, out);
    }
  } catch (err) {
    if (!isEvaluationError(err)) throw err;
    raiseIncident(rt, ei, 'IO_MAPPING_ERROR', err.message, 'complete');
    return;
  }
  try {
    if (scope) scopeBehaviour?.collectChild?.(rt, scope, ei, node);
  } catch (err) {
    if (!isEvaluationError(err)) throw err;
    raiseIncident(rt, ei, scopeBehaviour?.collectErrorType ?? 'IO_MAPPING_ERROR', err.message, 'complete');
    return;
  }
  listenersThen(rt, rt.mustEi(key), 'end', 0);
}

/** After the end listeners: the element completes and leaves. */
function finishCompletion(rt: Runtime, ei: ElementInstanceRecord): void {
  const behaviour = rt.behaviour(ei.type);
  if (ei.type === 'PROCESS') {
    const variables = localVariables(rt, ei.key);
    finish(rt, ei, 'COMPLETED');
    behaviour.completed?.(rt, ei, variables);
    return;
  }
  const node = rt.node(ei);
  const scope = rt.ei(ei.flowScopeKey);
  const scopeBehaviour = scope ? rt.behaviour(scope.type) : undefined;
  closeSubscriptions(rt, ei.key);
  finish(rt, ei, 'COMPLETED');
  compensableCompleted(rt, ei, node, scopeBehaviour?.hostsInnerInstances === true);
  if (scope && scopeBehaviour?.childCompleted) {
    scopeBehaviour.childCompleted(rt, scope.key);
    return;
  }
  if (behaviour.leave) behaviour.leave(rt, ei, node);
  else takeOutgoing(rt, ei, node.outgoing);
  if (scope) rt.enqueue({ op: 'check-scope', key: scope.key });
  // After the scope check is queued: the scope must still see the waiting compensation throw event.
  compensationHandlerCompleted(rt, ei.key);
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
  if (isJoin(rt, target)) {
    const tokens = { ...(scope.runtime.joinTokens ?? {}) };
    const forGateway = { ...(tokens[target.id] ?? {}) };
    forGateway[flowId] = (forGateway[flowId] ?? 0) + 1;
    tokens[target.id] = forGateway;
    rt.setRuntime(scope.key, { joinTokens: tokens });
    joinGateways(rt, scope.key);
    return;
  }
  activateElement(rt, scope, target.id);
}

function isJoin(rt: Runtime, node: FlowNode): boolean {
  return rt.behaviour(node.type).joins === true && node.incoming.length > 1;
}

/** Activates the joining gateways of a scope whose tokens are complete. */
function joinGateways(rt: Runtime, scopeKey: string): void {
  tryJoins(rt, scopeKey, (gatewayId) => activateElement(rt, rt.mustEi(scopeKey), gatewayId));
}

function checkScope(rt: Runtime, key: string): void {
  const scope = rt.ei(key);
  if (!scope || scope.state !== 'ACTIVE') return;
  const behaviour = rt.behaviour(scope.type);
  if (!behaviour.isFlowScope) return;
  joinGateways(rt, key);
  const current = rt.mustEi(key);
  if ((current.runtime.activeChildren ?? 0) > 0) return;
  const tokens = Object.values(current.runtime.joinTokens ?? {}).some((g) => Object.values(g).some((n) => n > 0));
  if (tokens) return;
  if (behaviour.mayComplete && !behaviour.mayComplete(rt, current)) return;
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

/**
 * Terminates an element instance and everything below it, depth first. Returns true when it is
 * gone; false while canceling task listeners below it run (Zeebe's TransitionOutcome.AWAIT): it
 * then stays TERMINATING and ends in terminationResumed, which also ends its waiting ancestors.
 */
export function terminateElement(rt: Runtime, key: string): boolean {
  const ei = rt.ei(key);
  if (!ei || ei.state === 'COMPLETED' || ei.state === 'TERMINATED') return true;
  if (ei.state === 'TERMINATING') return false;
  rt.store.put('element-instance', { ...ei, state: 'TERMINATING' });
  let waiting = false;
  for (const child of rt.childrenOf(key)) if (!terminateElement(rt, child.key)) waiting = true;
  closeSubscriptions(rt, key);
  cancelListenerJobs(rt, key);
  const behaviour = rt.behaviour(ei.type);
  if (behaviour.terminate?.(rt, rt.mustEi(key)) === 'await' || waiting) return false;
  endTermination(rt, key);
  return true;
}

function endTermination(rt: Runtime, key: string): void {
  const ei = rt.mustEi(key);
  finish(rt, ei, 'TERMINATED');
  rt.behaviour(ei.type).terminated?.(rt, ei);
}

/**
 * What held a terminating element (its canceling task listeners, a called process) is done: it
 * ends, and so does each terminating ancestor left without children. A scope that is not itself
 * terminating goes on: an activation that waited for this termination runs, the scope is checked.
 */
export function terminationResumed(rt: Runtime, key: string): void {
  const ei = rt.ei(key);
  if (!ei || ei.state !== 'TERMINATING' || rt.childrenOf(key).length > 0) return;
  if (ei.type === 'CALL_ACTIVITY' && ei.runtime.calledProcessInstanceKey && rt.ei(ei.runtime.calledProcessInstanceKey)) return;
  // A process's scope is the call activity that called it (read before its record is archived).
  const scopeKey = ei.flowScopeKey ?? rt.store.get('process-instance', ei.processInstanceKey)?.parentElementInstanceKey;
  endTermination(rt, key);
  const scope = scopeKey ? rt.ei(scopeKey) : undefined;
  if (!scope) return;
  if (scope.state === 'TERMINATING') return terminationResumed(rt, scope.key);
  const pending = scope.runtime.awaitingTermination;
  if (pending) {
    const awaiting = pending.awaiting.filter((k) => k !== key && rt.ei(k));
    if (awaiting.length > 0) rt.setRuntime(scope.key, { awaitingTermination: { ...pending, awaiting } });
    else {
      rt.setRuntime(scope.key, { awaitingTermination: undefined });
      if (pending.elementId) activateElement(rt, scope, pending.elementId, pending.runtime);
      if (pending.complete) completeElement(rt, scope.key);
    }
  }
  rt.enqueue({ op: 'check-scope', key: scope.key });
}

/**
 * Terminates all children of a scope and forgets its join tokens (terminate end, interrupting
 * events). Returns the keys of those still terminating (canceling task listeners run).
 */
export function terminateChildren(rt: Runtime, scopeKey: string, except?: string): string[] {
  const waiting: string[] = [];
  for (const child of rt.childrenOf(scopeKey)) if (child.key !== except && !terminateElement(rt, child.key)) waiting.push(child.key);
  rt.setRuntime(scopeKey, { joinTokens: {} });
  return waiting;
}

/**
 * Activates an element in a scope once the elements `awaiting` (terminated for it, as by an
 * interrupting event) are gone, as Zeebe activates the event only after the termination.
 */
export function activateAfterTermination(
  rt: Runtime,
  scope: ElementInstanceRecord,
  elementId: string,
  runtime: ElementRuntime,
  awaiting: string[],
): void {
  if (awaiting.length === 0) {
    activateElement(rt, scope, elementId, runtime);
    return;
  }
  rt.setRuntime(scope.key, { awaitingTermination: { awaiting, elementId, runtime } });
}

/** Completes a scope once the children it terminated (completion condition met) are gone. */
export function completeAfterTermination(rt: Runtime, scopeKey: string, awaiting: string[]): void {
  if (awaiting.length === 0) completeElement(rt, scopeKey);
  else rt.setRuntime(scopeKey, { awaitingTermination: { awaiting, complete: true } });
}

/** Re-runs what an incident stopped. */
export function retryAfterIncident(rt: Runtime, incident: IncidentRecord): void {
  const ei = rt.ei(incident.elementInstanceKey);
  if (!ei) return;
  if (incident.retry === 'activate') {
    closeSubscriptions(rt, ei.key);
    rt.store.put('element-instance', { ...ei, state: 'ACTIVATING', runtime: { ...ei.runtime, listener: undefined } });
    rt.enqueue({ op: 'activate', key: ei.key });
  } else if (incident.retry === 'complete') {
    rt.enqueue({ op: 'complete', key: ei.key });
  }
}

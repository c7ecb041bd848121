/**
 * Ad-hoc sub-processes as Zeebe 8.8 runs them
 * (https://docs.camunda.io/docs/components/modeler/bpmn/ad-hoc-subprocesses/): on activation the
 * elements of `activeElementsCollection` are activated, or, with a task definition, a job lets a
 * worker decide. Each activated element runs in an inner instance of its own; when that inner flow
 * is done, the output element is collected and the completion condition evaluated (or a new job
 * created).
 */
import { EvaluationError } from '../errors';
import { INNER_INSTANCE_POSTFIX } from '../model/ad-hoc';
import type { FlowNode } from '../model/types';
import type { ElementInstanceRecord } from '../state/records';
import { evalFeel, typeName } from './expressions';
import { cancelJobsOf, createJob } from './jobs';
import { activateElement, terminateChildren } from './lifecycle';
import type { Runtime } from './runtime';
import { localVariables, propagate, setLocal, setLocals, visibleVariables } from './variables';

type Vars = Record<string, unknown>;

/** Zeebe's variable with the metadata of the activatable elements, local to the ad-hoc sub-process. */
export const AD_HOC_ELEMENTS_VARIABLE = 'adHocSubProcessElements';

/** Zeebe's job kind of the job that lets a worker control an ad-hoc sub-process. */
export const AD_HOC_JOB_KIND = 'AD_HOC_SUB_PROCESS';

export interface AdHocActivation {
  elementId: string;
  variables?: Vars;
}

export function activateAdHoc(rt: Runtime, ei: ElementInstanceRecord): void {
  const node = rt.node(ei);
  const adHoc = node.adHoc!;
  setLocal(rt, ei.key, AD_HOC_ELEMENTS_VARIABLE, adHoc.elements);
  if (adHoc.outputCollection) setLocal(rt, ei.key, adHoc.outputCollection, []);
  if (node.taskDefinition) return createAdHocJob(rt, ei, node);
  const ids = readActiveElements(rt, ei, node);
  // An empty list (or none) activates nothing; the ad-hoc sub-process stays active.
  activateAdHocElements(
    rt,
    ei.key,
    ids.map((elementId) => ({ elementId })),
  );
}

function readActiveElements(rt: Runtime, ei: ElementInstanceRecord, node: FlowNode): string[] {
  const source = node.adHoc!.activeElementsCollection;
  if (source === undefined) return [];
  const prefix = 'Failed to activate ad-hoc elements. ';
  let value: unknown;
  try {
    value = evalFeel(rt, ei.key, source);
  } catch (err) {
    if (err instanceof EvaluationError) throw new EvaluationError(prefix + err.message, source);
    throw err;
  }
  if (!Array.isArray(value)) {
    throw new EvaluationError(
      `${prefix}Expected result of the expression '${source}' to be 'ARRAY', but was '${typeName(value)}'.`,
      source,
    );
  }
  if (!value.every((v) => typeof v === 'string')) {
    throw new EvaluationError(
      `${prefix}Expected result of the expression '${source}' to be 'ARRAY' containing 'STRING' items, ` +
        `but was 'ARRAY' containing at least one non-'STRING' item.`,
      source,
    );
  }
  const ids = value as string[];
  const unknown = ids.filter((id) => !node.adHoc!.activatable.includes(id));
  if (unknown.length > 0) {
    throw new EvaluationError(`${prefix}No BPMN elements found with ids: ${unknown.map((id) => `'${id}'`).join(', ')}.`, source);
  }
  return ids;
}

function createAdHocJob(rt: Runtime, ei: ElementInstanceRecord, node: FlowNode): void {
  createJob(rt, ei, node);
  const jobKey = rt.mustEi(ei.key).runtime.jobKey;
  const job = jobKey ? rt.store.get('job', jobKey) : undefined;
  if (job) rt.store.put('job', { ...job, kind: AD_HOC_JOB_KIND });
}

/**
 * An inner instance (or an event sub-process of the ad-hoc sub-process) is completing: its flow
 * ended. As Zeebe, the output element is collected (in the child's scope) and the completion
 * condition evaluated, or the job replaced. Evaluation errors are thrown before anything changes.
 */
export function innerFlowCompleting(rt: Runtime, scope: ElementInstanceRecord, child: ElementInstanceRecord): void {
  if (child.type !== 'AD_HOC_SUB_PROCESS_INNER_INSTANCE' && child.type !== 'EVENT_SUB_PROCESS') return;
  const adHocNode = rt.node(scope);
  const adHoc = adHocNode.adHoc!;
  let collected: unknown[] | undefined;
  if (adHoc.outputCollection && adHoc.outputElement) {
    const element = evalFeel(rt, child.key, adHoc.outputElement);
    const current = localVariables(rt, scope.key)[adHoc.outputCollection];
    collected = [...(Array.isArray(current) ? current : []), element];
  }
  // The condition sees the collection with this flow's output; nothing is written before it evaluated.
  const extra = collected ? { [adHoc.outputCollection!]: collected } : {};
  const fulfilled =
    !adHocNode.taskDefinition && adHoc.completionCondition
      ? evaluateCompletionCondition(rt, scope.key, adHoc.completionCondition, extra)
      : undefined;
  if (collected) setLocal(rt, scope.key, adHoc.outputCollection!, collected);

  if (adHocNode.taskDefinition) {
    // One job at a time: the worker decides again with what the inner flow left behind.
    cancelJobsOf(rt, scope.key);
    if (!scope.runtime.adHocCompletionFulfilled) createAdHocJob(rt, scope, adHocNode);
    return;
  }
  if (fulfilled) fulfil(rt, scope.key, adHoc.cancelRemainingInstances, child.key);
}

function evaluateCompletionCondition(rt: Runtime, scopeKey: string, source: string, extra: Vars): boolean {
  const prefix = 'Failed to evaluate completion condition. ';
  let value: unknown;
  try {
    value = evalFeel(rt, scopeKey, source, extra);
  } catch (err) {
    if (err instanceof EvaluationError) throw new EvaluationError(prefix + err.message, source);
    throw err;
  }
  if (typeof value !== 'boolean') {
    throw new EvaluationError(
      `${prefix}Expected result of the expression '${source}' to be 'BOOLEAN', but was '${typeName(value)}'.`,
      source,
    );
  }
  return value;
}

/**
 * The completion condition is met: with cancelRemainingInstances the other inner instances are
 * terminated and the ad-hoc sub-process completes; without, it completes once they are done.
 */
function fulfil(rt: Runtime, scopeKey: string, cancelRemaining: boolean, except?: string): void {
  rt.setRuntime(scopeKey, { adHocCompletionFulfilled: true });
  if (cancelRemaining) {
    // Children held by canceling task listeners end later; the scope is checked again then.
    terminateChildren(rt, scopeKey, except);
  }
  rt.enqueue({ op: 'check-scope', key: scopeKey });
}

/** Whether a flow scope check may complete the ad-hoc sub-process once no inner element is active. */
export function adHocMayComplete(rt: Runtime, scope: ElementInstanceRecord): boolean {
  const node = rt.node(scope);
  if (scope.runtime.adHocCompletionFulfilled) return true;
  // Job worker: only the worker's result completes it; BPMN: a completion condition must hold.
  return !node.taskDefinition && !node.adHoc?.completionCondition;
}

/**
 * Activates inner elements as Zeebe 8.8 does: each in a new inner instance
 * (AD_HOC_SUB_PROCESS_INNER_INSTANCE, element id `<id>#innerInstance`) that holds the activation's
 * variables as locals and completes when the element's flow is done.
 */
export function activateAdHocElements(rt: Runtime, scopeKey: string, activations: AdHocActivation[]): void {
  for (const { elementId, variables } of activations) {
    const scope = rt.mustEi(scopeKey);
    const inner: ElementInstanceRecord = {
      key: rt.store.nextKey(),
      processInstanceKey: scope.processInstanceKey,
      processDefinitionKey: scope.processDefinitionKey,
      bpmnProcessId: scope.bpmnProcessId,
      tenantId: scope.tenantId,
      elementId: `${scope.elementId}${INNER_INSTANCE_POSTFIX}`,
      type: 'AD_HOC_SUB_PROCESS_INNER_INSTANCE',
      flowScopeKey: scope.key,
      state: 'ACTIVATING',
      startDate: rt.nowIso(),
      runtime: { startInstructions: [elementId] },
    };
    rt.store.put('element-instance', inner);
    rt.setRuntime(scope.key, { activeChildren: (scope.runtime.activeChildren ?? 0) + 1 });
    if (variables && Object.keys(variables).length > 0) setLocals(rt, inner.key, variables);
    rt.enqueue({ op: 'activate', key: inner.key });
  }
}

/** The inner instance is active: its element is activated inside it. */
export function activateInnerElement(rt: Runtime, inner: ElementInstanceRecord): void {
  const [elementId] = inner.runtime.startInstructions ?? [];
  rt.setRuntime(inner.key, { startInstructions: undefined });
  if (elementId) activateElement(rt, rt.mustEi(inner.key), elementId);
}

/** Elements that are not activatable inner elements of the ad-hoc sub-process, in request order. */
export function unknownAdHocElements(rt: Runtime, scope: ElementInstanceRecord, elementIds: string[]): string[] {
  const activatable = rt.node(scope).adHoc?.activatable ?? [];
  return elementIds.filter((id) => !activatable.includes(id));
}

export interface AdHocJobResult {
  activateElements: AdHocActivation[];
  isCompletionConditionFulfilled: boolean;
  isCancelRemainingInstances: boolean;
}

/** The worker completed the ad-hoc sub-process job: its variables land as a job's do, then the result applies. */
export function applyAdHocJobResult(rt: Runtime, scope: ElementInstanceRecord, variables: Vars, result: AdHocJobResult | undefined): void {
  const node = rt.node(scope);
  if (Object.keys(variables).length > 0) {
    if (node.outputs.length > 0) setLocals(rt, scope.key, variables);
    else propagate(rt, scope.key, variables);
  }
  rt.setRuntime(scope.key, { jobKey: undefined });
  if (!result) return;
  activateAdHocElements(rt, scope.key, result.activateElements);
  if (result.isCompletionConditionFulfilled) fulfil(rt, scope.key, result.isCancelRemainingInstances);
}

/** The sub-process completes: its output collection leaves it, as Zeebe propagates it to the parent. */
export function propagateOutputCollection(rt: Runtime, scope: ElementInstanceRecord): void {
  const name = rt.node(scope).adHoc?.outputCollection;
  if (!name || !scope.flowScopeKey) return;
  propagate(rt, scope.flowScopeKey, { [name]: visibleVariables(rt, scope.key, [name])[name] });
}

/**
 * Multi-instance activities: a body element instance holds the inner instances, one per item of
 * the input collection, all at once (parallel) or one after another (sequential). The output
 * collection is a local variable of the body that leaves it when the body completes.
 */
import { EvaluationError } from '../errors';
import type { FlowNode } from '../model/types';
import type { ElementInstanceRecord } from '../state/records';
import { evalFeel, typeName } from './expressions';
import { raiseIncident } from './incidents';
import { activateElement, completeAfterTermination, completeElement, isEvaluationError, terminateElement } from './lifecycle';
import type { Runtime } from './runtime';
import { localVariables, propagate, setLocal, visibleVariables } from './variables';

export function activateMultiInstanceBody(rt: Runtime, body: ElementInstanceRecord, node: FlowNode): void {
  const mi = node.multiInstance!;
  let collection: unknown;
  try {
    collection = evalFeel(rt, body.key, mi.inputCollection);
    if (!Array.isArray(collection)) {
      throw new EvaluationError(
        `Expected result of the expression '${mi.inputCollection}' to be 'ARRAY', but was '${typeName(collection)}'.`,
        mi.inputCollection,
      );
    }
  } catch (err) {
    if (!isEvaluationError(err)) throw err;
    raiseIncident(rt, body, 'EXTRACT_VALUE_ERROR', err.message, 'activate');
    return;
  }
  const items = collection as unknown[];
  if (mi.outputCollection)
    setLocal(
      rt,
      body.key,
      mi.outputCollection,
      items.map(() => null),
    );
  rt.setRuntime(body.key, { loop: { collection: items, nextIndex: 0, completed: 0 } });
  if (items.length === 0) return completeElement(rt, body.key);
  const count = mi.sequential ? 1 : items.length;
  for (let i = 0; i < count; i++) startInner(rt, body.key);
}

function startInner(rt: Runtime, bodyKey: string): void {
  const body = rt.mustEi(bodyKey);
  const loop = body.runtime.loop!;
  const index = loop.nextIndex;
  rt.setRuntime(bodyKey, { loop: { ...loop, nextIndex: index + 1 } });
  const node = rt.node(body);
  const inner = activateElement(rt, rt.mustEi(bodyKey), node.id, { loopCounter: index + 1 }, true);
  setLocal(rt, inner.key, 'loopCounter', index + 1);
  if (node.multiInstance!.inputElement) setLocal(rt, inner.key, node.multiInstance!.inputElement, loop.collection[index]);
}

/** Evaluated when an inner instance completes, in its scope, into the body's output collection. */
export function collectOutputElement(rt: Runtime, body: ElementInstanceRecord, inner: ElementInstanceRecord, node: FlowNode): void {
  const mi = node.multiInstance!;
  if (!mi.outputCollection || !mi.outputElement) return;
  const value = evalFeel(rt, inner.key, mi.outputElement);
  const current = localVariables(rt, body.key)[mi.outputCollection];
  const list = Array.isArray(current) ? [...current] : [];
  list[(inner.runtime.loopCounter ?? 1) - 1] = value;
  setLocal(rt, body.key, mi.outputCollection, list);
}

export function innerInstanceCompleted(rt: Runtime, bodyKey: string): void {
  const body = rt.ei(bodyKey);
  if (!body || body.state !== 'ACTIVE') return;
  const node = rt.node(body);
  const mi = node.multiInstance!;
  const loop = body.runtime.loop!;
  const completed = loop.completed + 1;
  rt.setRuntime(bodyKey, { loop: { ...loop, completed } });
  const active = rt.childrenOf(bodyKey).length;
  if (mi.completionCondition) {
    let done: unknown;
    try {
      done = evalFeel(rt, bodyKey, mi.completionCondition, {
        numberOfInstances: loop.collection.length,
        numberOfActiveInstances: active,
        numberOfCompletedInstances: completed,
        numberOfTerminatedInstances: 0,
      });
    } catch (err) {
      if (!isEvaluationError(err)) throw err;
      raiseIncident(rt, body, 'EXTRACT_VALUE_ERROR', err.message, 'complete');
      return;
    }
    if (done === true) {
      const awaiting = rt
        .childrenOf(bodyKey)
        .filter((child) => !terminateElement(rt, child.key))
        .map((child) => child.key);
      return finishBody(rt, bodyKey, awaiting);
    }
  }
  if (mi.sequential && loop.nextIndex < loop.collection.length) return startInner(rt, bodyKey);
  if (completed >= loop.collection.length) finishBody(rt, bodyKey);
}

function finishBody(rt: Runtime, bodyKey: string, awaiting: string[] = []): void {
  const body = rt.mustEi(bodyKey);
  const mi = rt.node(body).multiInstance!;
  if (mi.outputCollection && body.flowScopeKey) {
    propagate(rt, body.flowScopeKey, { [mi.outputCollection]: visibleVariables(rt, bodyKey, [mi.outputCollection])[mi.outputCollection] });
  }
  completeAfterTermination(rt, bodyKey, awaiting);
}

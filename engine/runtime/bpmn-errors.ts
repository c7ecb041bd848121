/**
 * BPMN errors travel from the thrower outwards: first an error event sub-process of each
 * enclosing scope, then the error boundary events of the activity, up through call activities
 * into the parent process. A specific error code wins over a catch-all. Nobody catching it
 * raises an UNHANDLED_ERROR_EVENT incident, as in Zeebe.
 */
import type { FlowNode, ProcessModel } from '../model/types';
import type { ElementInstanceRecord } from '../state/records';
import { raiseIncident } from './incidents';
import { activateElement, isInnerInstance, terminateChildren, terminateElement } from './lifecycle';
import type { Runtime } from './runtime';
import { closeSubscriptions } from './close-subscriptions';

type Vars = Record<string, unknown>;

export function throwBpmnError(
  rt: Runtime,
  thrower: ElementInstanceRecord,
  errorCode: string,
  errorMessage: string,
  variables: Vars,
  jobKey?: string,
): boolean {
  const triggerVariables = { ...variables };
  let current: ElementInstanceRecord | undefined = thrower;
  while (current) {
    const model = rt.model(current.processDefinitionKey);
    if (rt.behaviour(current.type).isFlowScope && current.key !== thrower.key) {
      const espIds = current.type === 'PROCESS' ? model.eventSubProcesses : (rt.node(current).eventSubProcesses ?? []);
      const start = bestMatch(
        model,
        espIds.map((id) => startOf(model, id)).filter((n): n is FlowNode => !!n),
        errorCode,
      );
      if (start) {
        closeSubscriptions(rt, current.key);
        terminateChildren(rt, current.key);
        activateElement(rt, rt.mustEi(current.key), start.scopeId, { triggerVariables });
        return true;
      }
    }
    if (current.type !== 'PROCESS') {
      const node = rt.node(current);
      const boundaries = isInnerInstance(rt, current) ? [] : (node.boundaryEvents ?? []).map((id) => model.nodes.get(id)!);
      const boundary = bestMatch(model, boundaries, errorCode);
      if (boundary) {
        const scopeKey = current.flowScopeKey!;
        terminateElement(rt, current.key);
        activateElement(rt, rt.mustEi(scopeKey), boundary.id, { triggered: true, triggerVariables });
        return true;
      }
    }
    current = parentOf(rt, current);
  }
  raiseIncident(
    rt,
    rt.mustEi(thrower.key),
    'UNHANDLED_ERROR_EVENT',
    `Expected to throw an error event with the code '${errorCode}'${errorMessage ? ` with message '${errorMessage}'` : ''}, but it was not caught. No error events are available in the scope.`,
    'throw-error',
    { jobKey, error: { errorCode, errorMessage, variables } },
  );
  return false;
}

function parentOf(rt: Runtime, ei: ElementInstanceRecord): ElementInstanceRecord | undefined {
  if (ei.flowScopeKey) return rt.ei(ei.flowScopeKey);
  const pi = rt.store.get('process-instance', ei.processInstanceKey);
  return pi?.parentElementInstanceKey ? rt.ei(pi.parentElementInstanceKey) : undefined;
}

function startOf(model: ProcessModel, espId: string): FlowNode | undefined {
  const startId = model.nodes.get(espId)!.startEventId;
  return startId === undefined ? undefined : model.nodes.get(startId);
}

/** The catch event for an error code: an exact code first, then a catch-all. */
function bestMatch(model: ProcessModel, candidates: FlowNode[], errorCode: string): FlowNode | undefined {
  const errors = candidates.filter((n) => n.eventDefinition?.kind === 'error');
  const exact = errors.find((n) => n.eventDefinition?.kind === 'error' && n.eventDefinition.errorCode?.raw === errorCode);
  return exact ?? errors.find((n) => n.eventDefinition?.kind === 'error' && !n.eventDefinition.errorCode);
}

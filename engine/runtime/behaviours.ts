/**
 * What each BPMN element does when it activates, when it is left, and when it is terminated.
 */
import type { FlowNode } from '../model/types';
import type { ElementInstanceRecord } from '../state/records';
import { throwBpmnError } from './bpmn-errors';
import { startCalledProcess, terminateCalledProcess } from './call-activity';
import { evaluateCalledDecision } from './decisions';
import { evalFeel, evalString } from './expressions';
import { chooseFlows } from './gateways';
import { raiseIncident } from './incidents';
import { cancelJobsOf, createJob } from './jobs';
import { activateElement, completeElement, deliverResult, isEvaluationError, takeOutgoing, terminateChildren } from './lifecycle';
import { activateMultiInstanceBody } from './multi-instance';
import type { Runtime } from './runtime';
import { openCatchSubscription, openEventSubProcessSubscriptions } from './subscriptions';
import { cancelUserTasksOf, createUserTask } from './user-tasks';

/** Job type of job-based (legacy) user tasks, as in Zeebe. */
export const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';

export function activateBehaviour(rt: Runtime, ei: ElementInstanceRecord, node: FlowNode | undefined): void {
  if (!node) return activateScopeStart(rt, ei);
  if (ei.type === 'MULTI_INSTANCE_BODY') return activateMultiInstanceBody(rt, ei, node);
  try {
    activateNode(rt, ei, node);
  } catch (err) {
    if (!isEvaluationError(err)) throw err;
    raiseIncident(rt, rt.mustEi(ei.key), 'EXTRACT_VALUE_ERROR', err.message, 'activate');
  }
}

function activateNode(rt: Runtime, ei: ElementInstanceRecord, node: FlowNode): void {
  if (ei.runtime.triggered && node.type !== 'EVENT_SUB_PROCESS') return completeElement(rt, ei.key);
  const def = node.eventDefinition;
  switch (node.type) {
    case 'START_EVENT':
    case 'MANUAL_TASK':
    case 'TASK':
    case 'PARALLEL_GATEWAY':
      return completeElement(rt, ei.key);
    case 'EXCLUSIVE_GATEWAY':
    case 'INCLUSIVE_GATEWAY': {
      const flows = chooseFlows(rt, ei, node);
      if (flows === null) return;
      rt.setRuntime(ei.key, { chosenFlows: flows });
      return completeElement(rt, ei.key);
    }
    case 'EVENT_BASED_GATEWAY':
      for (const flowId of node.outgoing) {
        const target = rt.model(ei.processDefinitionKey).nodes.get(rt.model(ei.processDefinitionKey).flows.get(flowId)!.targetRef)!;
        openCatchSubscription(rt, ei, target);
      }
      return;
    case 'END_EVENT':
      if (def?.kind === 'error') {
        const code = def.errorCode ? evalString(rt, ei.key, def.errorCode, 'error code') : '';
        throwBpmnError(rt, ei, code, '', {});
        return;
      }
      if (node.taskDefinition) return createJob(rt, ei, node);
      return completeElement(rt, ei.key);
    case 'INTERMEDIATE_THROW_EVENT':
      if (node.taskDefinition) return createJob(rt, ei, node);
      return completeElement(rt, ei.key);
    case 'INTERMEDIATE_CATCH_EVENT':
      if (def?.kind === 'link') return completeElement(rt, ei.key);
      return openCatchSubscription(rt, ei, node);
    case 'RECEIVE_TASK':
      return openCatchSubscription(rt, ei, node);
    case 'BOUNDARY_EVENT':
      return completeElement(rt, ei.key);
    case 'SERVICE_TASK':
    case 'SEND_TASK':
      return createJob(rt, ei, node);
    case 'SCRIPT_TASK':
      if (node.script) {
        const result = evalFeel(rt, ei.key, node.script.expression);
        deliverResult(rt, ei, { [node.script.resultVariable]: result });
        return completeElement(rt, ei.key);
      }
      return createJob(rt, ei, node);
    case 'BUSINESS_RULE_TASK':
      if (node.calledDecision) return evaluateCalledDecision(rt, ei, node);
      return createJob(rt, ei, node);
    case 'USER_TASK':
      if (node.userTask && !node.taskDefinition) return createUserTask(rt, ei, node);
      return createJob(rt, ei, node, USER_TASK_JOB_TYPE);
    case 'SUB_PROCESS':
      return activateScopeStart(rt, ei);
    case 'EVENT_SUB_PROCESS': {
      const start = node.children?.map((id) => rt.model(ei.processDefinitionKey).nodes.get(id)!).find((n) => n.type === 'START_EVENT');
      if (!start) throw new Error(`internal: event sub-process ${node.id} has no start event`);
      activateElement(rt, ei, start.id, { triggered: true, triggerVariables: ei.runtime.triggerVariables });
      return;
    }
    case 'CALL_ACTIVITY':
      return startCalledProcess(rt, ei, node);
  }
}

/** A process or sub-process: open its event sub-process subscriptions and start at its none start event. */
function activateScopeStart(rt: Runtime, ei: ElementInstanceRecord): void {
  const model = rt.model(ei.processDefinitionKey);
  const scopeNode = ei.type === 'PROCESS' ? undefined : rt.node(ei);
  const esps = scopeNode ? (scopeNode.eventSubProcesses ?? []) : model.eventSubProcesses;
  try {
    openEventSubProcessSubscriptions(rt, ei, esps);
  } catch (err) {
    if (!isEvaluationError(err)) throw err;
    raiseIncident(rt, ei, 'EXTRACT_VALUE_ERROR', err.message, 'activate');
    return;
  }
  // Start instructions: the elements are activated as Zeebe does, each as if a token arrived (a
  // service task creates its job), instead of the none start event.
  if (ei.runtime.startInstructions) {
    const ids = ei.runtime.startInstructions;
    rt.setRuntime(ei.key, { startInstructions: undefined });
    for (const id of ids) activateElement(rt, rt.mustEi(ei.key), id);
    return;
  }
  // A process started by an event (message or timer start) activates that start event as happened.
  if (ei.runtime.pendingActivation) {
    const { elementId, variables } = ei.runtime.pendingActivation;
    rt.setRuntime(ei.key, { pendingActivation: undefined });
    activateElement(rt, rt.mustEi(ei.key), elementId, { triggered: true, triggerVariables: variables });
    return;
  }
  const children = scopeNode ? (scopeNode.children ?? []) : model.children;
  const start = children
    .map((id) => model.nodes.get(id)!)
    .find((n) => n.type === 'START_EVENT' && (!n.eventDefinition || n.eventDefinition.kind === 'none'));
  if (start) activateElement(rt, rt.mustEi(ei.key), start.id);
  else rt.enqueue({ op: 'check-scope', key: ei.key });
}

/** Which flows leave a completed element, and the events that end events raise. */
export function leaveBehaviour(rt: Runtime, ei: ElementInstanceRecord, node: FlowNode): void {
  const model = rt.model(ei.processDefinitionKey);
  if (node.type === 'END_EVENT' && node.eventDefinition?.kind === 'terminate' && ei.flowScopeKey) {
    terminateChildren(rt, ei.flowScopeKey);
    return;
  }
  if (node.type === 'INTERMEDIATE_THROW_EVENT' && node.eventDefinition?.kind === 'link') {
    const linkName = node.eventDefinition.linkName;
    const target = [...model.nodes.values()].find(
      (n) =>
        n.scopeId === node.scopeId &&
        n.type === 'INTERMEDIATE_CATCH_EVENT' &&
        n.eventDefinition?.kind === 'link' &&
        n.eventDefinition.linkName === linkName,
    );
    if (target && ei.flowScopeKey) activateElement(rt, rt.mustEi(ei.flowScopeKey), target.id);
    return;
  }
  if (node.type === 'EVENT_BASED_GATEWAY') return;
  if (node.type === 'EXCLUSIVE_GATEWAY' || node.type === 'INCLUSIVE_GATEWAY') {
    return takeOutgoing(rt, ei, ei.runtime.chosenFlows ?? []);
  }
  takeOutgoing(rt, ei, node.outgoing);
}

/** Releases what an element holds outside its own record when it is terminated. */
export function cleanupBehaviour(rt: Runtime, ei: ElementInstanceRecord): void {
  cancelJobsOf(rt, ei.key);
  cancelUserTasksOf(rt, ei.key);
  if (ei.type === 'CALL_ACTIVITY') terminateCalledProcess(rt, ei);
}

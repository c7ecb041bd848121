/**
 * Call activities start the latest version of another process as a child instance. Variables go
 * down (all visible ones, or only the input mappings) and come back up (all of the child's, or
 * none) as Zeebe's propagateAllParentVariables / propagateAllChildVariables say.
 */
import type { FlowNode } from '../model/types';
import type { ElementInstanceRecord, ProcessInstanceRecord } from '../state/records';
import { evalString } from './expressions';
import { raiseIncident } from './incidents';
import { createProcessInstanceRecord } from './instances';
import { completeElement, deliverResult, terminateElement } from './lifecycle';
import type { Runtime } from './runtime';
import { localVariables, setLocals, visibleVariables } from './variables';

export function startCalledProcess(rt: Runtime, ei: ElementInstanceRecord, node: FlowNode): void {
  const called = node.calledElement!;
  const processId = evalString(rt, ei.key, called.processId, 'called process id');
  const def = rt.latestDefinition(processId, ei.tenantId);
  if (!def) {
    raiseIncident(
      rt,
      ei,
      'CALLED_ELEMENT_ERROR',
      `Expected process with BPMN process id '${processId}' to be deployed, but not found.`,
      'activate',
    );
    return;
  }
  const variables = called.propagateAllParentVariables ? visibleVariables(rt, ei.key) : localVariables(rt, ei.key);
  const child = createProcessInstanceRecord(rt, def, variables, {
    parentProcessInstanceKey: ei.processInstanceKey,
    parentElementInstanceKey: ei.key,
  });
  rt.setRuntime(ei.key, { calledProcessInstanceKey: child.key });
}

/** The child finished: its variables come back and the call activity completes. */
export function calledProcessCompleted(rt: Runtime, child: ProcessInstanceRecord, childVariables: Record<string, unknown>): void {
  const callActivity = rt.ei(child.parentElementInstanceKey);
  if (!callActivity || callActivity.state !== 'ACTIVE') return;
  const node = rt.node(callActivity);
  if (node.calledElement!.propagateAllChildVariables) deliverResult(rt, callActivity, childVariables);
  // Without propagateAllChildVariables, child variables are only visible to the output mappings.
  else if (node.outputs.length > 0) setLocals(rt, callActivity.key, childVariables);
  completeElement(rt, callActivity.key);
}

/** Ends the child with the call activity; 'await' while the child's canceling task listeners run. */
export function terminateCalledProcess(rt: Runtime, ei: ElementInstanceRecord): void | 'await' {
  const child = ei.runtime.calledProcessInstanceKey;
  if (child && !terminateElement(rt, child)) return 'await';
}

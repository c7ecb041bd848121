/** How a process or a sub-process starts: its event sub-process subscriptions, then its first element(s). */
import type { ElementInstanceRecord } from '../../state/records';
import { raiseIncident } from '../incidents';
import { activateElement, isEvaluationError } from '../lifecycle';
import type { Runtime } from '../runtime';
import { openEventSubProcessSubscriptions } from '../subscriptions';

/** Opens the scope's event sub-process subscriptions and starts at its none start event. */
export function activateScopeStart(rt: Runtime, ei: ElementInstanceRecord): void {
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
  // Resolved at parse time: a sub-process has exactly one start event, which is a none start event.
  const start = scopeNode ? scopeNode.startEventId : model.noneStartEventId;
  if (start) activateElement(rt, rt.mustEi(ei.key), start);
  else rt.enqueue({ op: 'check-scope', key: ei.key });
}

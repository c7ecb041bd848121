/**
 * BPMN errors travel from the thrower outwards: first an error event sub-process of each
 * enclosing scope, then the error boundary events of the activity, up through call activities
 * into the parent process. A specific error code wins over a catch-all. Nobody catching it
 * raises an UNHANDLED_ERROR_EVENT incident, as in Zeebe.
 */
import type { ElementInstanceRecord } from '../state/records';
import { bestMatch, findCatchEvent } from './catch-events';
import { closeSubscriptions } from './close-subscriptions';
import { raiseIncident } from './incidents';
import { activateAfterTermination, terminateChildren, terminateElement } from './lifecycle';
import type { Runtime } from './runtime';

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
  const found = findCatchEvent(rt, thrower, (candidates) => bestMatch(candidates, 'error', errorCode));
  if (found?.node.type === 'START_EVENT') {
    closeSubscriptions(rt, found.owner.key);
    const awaiting = terminateChildren(rt, found.owner.key);
    activateAfterTermination(rt, rt.mustEi(found.owner.key), found.node.scopeId, { triggerVariables }, awaiting);
    return true;
  }
  if (found) {
    const scopeKey = found.owner.flowScopeKey!;
    const gone = terminateElement(rt, found.owner.key);
    activateAfterTermination(rt, rt.mustEi(scopeKey), found.node.id, { triggered: true, triggerVariables }, gone ? [] : [found.owner.key]);
    return true;
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

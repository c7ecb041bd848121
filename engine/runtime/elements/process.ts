/** The process itself: the root scope of an instance. Its end ends the process instance record. */
import type { ElementInstanceRecord } from '../../state/records';
import { calledProcessCompleted } from '../call-activity';
import { deleteCompensationSubscriptions } from '../compensation-subscriptions';
import type { Runtime } from '../runtime';
import type { ElementBehaviour } from './behaviour';
import { activateScopeStart } from './scope-start';

type Vars = Record<string, unknown>;

export const processBehaviour: ElementBehaviour = {
  activate: activateScopeStart,
  isFlowScope: true,
  completed: processCompleted,
  terminated: processTerminated,
};

/** `variables` are the root scope's, read before they were archived. */
function processCompleted(rt: Runtime, root: ElementInstanceRecord, variables: Vars): void {
  deleteCompensationSubscriptions(rt, root.processInstanceKey);
  const pi = rt.store.get('process-instance', root.processInstanceKey)!;
  const finished = { ...pi, state: 'COMPLETED' as const, endDate: rt.nowIso() };
  rt.store.archive('process-instance', finished);
  if (rt.awaitingResult.has(pi.key)) rt.effects.finishedInstances.set(pi.key, variables);
  if (pi.parentElementInstanceKey) calledProcessCompleted(rt, finished, variables);
}

function processTerminated(rt: Runtime, root: ElementInstanceRecord): void {
  deleteCompensationSubscriptions(rt, root.processInstanceKey);
  const pi = rt.store.get('process-instance', root.processInstanceKey);
  if (!pi) return;
  rt.store.archive('process-instance', { ...pi, state: 'TERMINATED', endDate: rt.nowIso() });
  if (rt.awaitingResult.has(pi.key)) rt.effects.finishedInstances.set(pi.key, null);
}

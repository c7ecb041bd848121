/** Embedded sub-process: a flow scope that starts at its none start event. */
import { deleteCompensationSubscriptionsIn } from '../compensation-subscriptions';
import type { ElementBehaviour } from './behaviour';
import { activateScopeStart } from './scope-start';

export const subProcess: ElementBehaviour = {
  activate: activateScopeStart,
  isFlowScope: true,
  // Compensation of what completed inside a terminated sub-process can no longer be thrown.
  terminate: (rt, ei) => deleteCompensationSubscriptionsIn(rt, ei.processInstanceKey, ei.key),
};

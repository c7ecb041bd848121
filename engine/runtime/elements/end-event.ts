/**
 * End event: none, error (thrown on activation), escalation and signal (thrown on activation, then
 * it completes), message (a job) and terminate (ends its scope's other elements).
 */
import { throwBpmnError } from '../bpmn-errors';
import { throwEventDefinition } from './throw';
import { evalString } from '../expressions';
import { createJob, releaseJobs } from '../jobs';
import { completeElement, takeOutgoing, terminateChildren } from '../lifecycle';
import type { ElementBehaviour } from './behaviour';

export const endEvent: ElementBehaviour = {
  activate(rt, ei) {
    const node = rt.node(ei);
    const def = node.eventDefinition;
    if (def?.kind === 'error') {
      const code = def.errorCode ? evalString(rt, ei.key, def.errorCode, 'error code') : '';
      throwBpmnError(rt, ei, code, '', {});
      return;
    }
    if (node.taskDefinition) return createJob(rt, ei, node);
    if (throwEventDefinition(rt, ei, def)) return;
    completeElement(rt, ei.key);
  },
  leave(rt, ei, node) {
    // Children held by canceling task listeners end later; the scope is checked again then.
    if (node.eventDefinition?.kind === 'terminate' && ei.flowScopeKey) terminateChildren(rt, ei.flowScopeKey);
    else takeOutgoing(rt, ei, node.outgoing);
  },
  terminate: releaseJobs,
};

/**
 * Intermediate throw event: none, message (a job), link (the token jumps to the catch link of its
 * name), escalation and signal (thrown on activation, then it completes).
 */
import { createJob, releaseJobs } from '../jobs';
import { activateElement, completeElement, takeOutgoing } from '../lifecycle';
import type { ElementBehaviour } from './behaviour';
import { throwEventDefinition } from './throw';

export const intermediateThrowEvent: ElementBehaviour = {
  activate(rt, ei) {
    const node = rt.node(ei);
    if (node.taskDefinition) return createJob(rt, ei, node);
    if (throwEventDefinition(rt, ei, node.eventDefinition)) return;
    completeElement(rt, ei.key);
  },
  leave(rt, ei, node) {
    if (node.eventDefinition?.kind !== 'link') return takeOutgoing(rt, ei, node.outgoing);
    if (node.linkTargetId && ei.flowScopeKey) activateElement(rt, rt.mustEi(ei.flowScopeKey), node.linkTargetId);
  },
  terminate: releaseJobs,
};

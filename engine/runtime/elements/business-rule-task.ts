/** Business rule task: a called decision (zeebe:calledDecision) the engine evaluates, else a job. */
import { evaluateCalledDecision } from '../decisions';
import { createJob, releaseJobs } from '../jobs';
import type { ElementBehaviour } from './behaviour';

export const businessRuleTask: ElementBehaviour = {
  activate(rt, ei) {
    const node = rt.node(ei);
    if (node.calledDecision) return evaluateCalledDecision(rt, ei, node);
    createJob(rt, ei, node);
  },
  terminate: releaseJobs,
};

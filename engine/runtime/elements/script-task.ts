/** Script task: a FEEL script (zeebe:script) the engine evaluates itself, else a job. */
import { evalFeel } from '../expressions';
import { createJob, releaseJobs } from '../jobs';
import { completeElement, deliverResult } from '../lifecycle';
import type { ElementBehaviour } from './behaviour';

export const scriptTask: ElementBehaviour = {
  activate(rt, ei) {
    const node = rt.node(ei);
    if (!node.script) return createJob(rt, ei, node);
    const result = evalFeel(rt, ei.key, node.script.expression);
    deliverResult(rt, ei, { [node.script.resultVariable]: result });
    completeElement(rt, ei.key);
  },
  terminate: releaseJobs,
};

/** Service task (and send task, which Zeebe runs the same way): a job for a worker. */
import { createJob, releaseJobs } from '../jobs';
import type { ElementBehaviour } from './behaviour';

export const serviceTask: ElementBehaviour = {
  activate: (rt, ei) => createJob(rt, ei, rt.node(ei)),
  terminate: releaseJobs,
};

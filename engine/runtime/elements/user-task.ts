/** User task: a Camunda user task (zeebe:userTask) kept by the engine, else a job of Zeebe's user task type. */
import { cancelJobsOf, createJob } from '../jobs';
import type { ElementBehaviour } from './behaviour';
import { cancelUserTasksOf, createUserTask } from '../user-tasks';

/** Job type of job-based (legacy) user tasks, as in Zeebe. */
export const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';

export const userTask: ElementBehaviour = {
  activate(rt, ei) {
    const node = rt.node(ei);
    if (node.userTask && !node.taskDefinition) return createUserTask(rt, ei, node);
    createJob(rt, ei, node, USER_TASK_JOB_TYPE);
  },
  terminate(rt, ei) {
    cancelJobsOf(rt, ei.key);
    return cancelUserTasksOf(rt, ei.key);
  },
};

/**
 * Commands on running instances that have no better home: incidents and variables.
 */
import { FailedPreconditionError, NotFoundError } from '../errors';
import { throwBpmnError } from './bpmn-errors';
import { closeIncident } from './incidents';
import { retryAfterIncident } from './lifecycle';
import { retryTaskListeners, updateTaskVariables } from './task-listeners';
import type { Runtime } from './runtime';
import { propagate, setLocals } from './variables';

export function resolveIncident(rt: Runtime, key: string): void {
  const incident = rt.store.get('incident', key);
  if (!incident) {
    throw new NotFoundError(
      `Command 'RESOLVE' rejected with code 'NOT_FOUND': Expected to resolve incident with key '${key}', but no such incident was found`,
    );
  }
  if (incident.retry === 'job') {
    const job = incident.jobKey ? rt.store.get('job', incident.jobKey) : undefined;
    if (job && job.retries <= 0) {
      throw new FailedPreconditionError(
        `Command 'RESOLVE' rejected with code 'INVALID_STATE': Expected to resolve incident with key '${key}', but the job with key '${job.key}' has no retries left. Update the job retries first.`,
      );
    }
    closeIncident(rt, incident);
    if (job) {
      rt.store.put('job', { ...job, state: 'CREATED', worker: undefined, deadline: undefined, retryBackoffUntil: undefined });
      rt.effects.jobsAvailable.add(job.type);
    }
    return;
  }
  closeIncident(rt, incident);
  if (incident.retry === 'task-listener') {
    retryTaskListeners(rt, incident.elementInstanceKey);
    return;
  }
  if (incident.retry === 'throw-error' && incident.error) {
    const ei = rt.ei(incident.elementInstanceKey);
    if (ei) throwBpmnError(rt, ei, incident.error.errorCode, incident.error.errorMessage, incident.error.variables ?? {}, incident.jobKey);
    return;
  }
  retryAfterIncident(rt, incident);
}

/** `pending`: a Camunda user task's updating listeners decide first (see updateTaskVariables). */
export function setVariables(
  rt: Runtime,
  elementInstanceKey: string,
  variables: Record<string, unknown>,
  local: boolean,
): { key: string; pending: boolean } {
  const ei = rt.ei(elementInstanceKey);
  if (!ei || ei.state === 'COMPLETED' || ei.state === 'TERMINATED') {
    throw new NotFoundError(
      `Command 'UPDATE' rejected with code 'NOT_FOUND': Expected to update variables for element with key '${elementInstanceKey}', but no such element was found`,
    );
  }
  const task = ei.type === 'USER_TASK' && ei.runtime.userTaskKey ? rt.store.get('user-task', ei.runtime.userTaskKey) : undefined;
  if (task) return { key: rt.store.nextKey(), pending: updateTaskVariables(rt, task, variables) === 'pending' };
  if (local) setLocals(rt, ei.key, variables);
  else propagate(rt, ei.key, variables);
  return { key: rt.store.nextKey(), pending: false };
}

/**
 * Jobs: the work items job workers take. Semantics and rejection messages follow Zeebe's.
 */
import type { ActivatedJob, FailJobRequest, ThrowErrorRequest, UserTaskJobResult } from '../api';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from '../errors';
import type { FlowNode } from '../model/types';
import type { ElementInstanceRecord, JobRecord } from '../state/records';
import { throwBpmnError } from './bpmn-errors';
import { evalExpression, evalString } from './expressions';
import { raiseIncident } from './incidents';
import { putNewJob } from './job-record';
import { completeElement, deliverResult } from './lifecycle';
import { executionListenerCompleted } from './listeners';
import { checkTaskListenerCompletion } from './task-listener-results';
import { taskListenerCompleted } from './task-listeners';
import type { Runtime } from './runtime';
import { setLocals, visibleVariables } from './variables';

type Vars = Record<string, unknown>;

export function createJob(rt: Runtime, ei: ElementInstanceRecord, node: FlowNode, fixedType?: string): void {
  const type = fixedType ?? evalString(rt, ei.key, node.taskDefinition!.type, 'job type');
  const retriesValue = node.taskDefinition ? evalExpression(rt, ei.key, node.taskDefinition.retries) : 3;
  const retries = Number(retriesValue);
  const job = putNewJob(rt, ei, { type, retries, customHeaders: { ...(node.taskHeaders ?? {}) } });
  rt.setRuntime(ei.key, { jobKey: job.key });
}

/** Termination hook of the elements that create jobs. */
export function releaseJobs(rt: Runtime, ei: ElementInstanceRecord): void {
  cancelJobsOf(rt, ei.key);
}

export function cancelJobsOf(rt: Runtime, elementInstanceKey: string): void {
  // Archived, not deleted: the job search shows ended jobs, as Camunda's does.
  for (const key of [...rt.idx.jobsByElement.get(elementInstanceKey)]) {
    const job = rt.store.get('job', key)!;
    rt.store.archive('job', { ...job, state: job.state === 'ERROR_THROWN' ? job.state : 'CANCELED', endTime: rt.nowIso() });
  }
}

function mustJob(rt: Runtime, key: string, command: string): JobRecord {
  const job = rt.store.get('job', key);
  if (!job) {
    throw new NotFoundError(
      `Command '${command}' rejected with code 'NOT_FOUND': Expected to ${command.toLowerCase().replace('_', ' ')} job with key '${key}', but no such job was found`,
    );
  }
  return job;
}

/** Activates up to `max` jobs of a type for a worker. */
export function activateJobs(
  rt: Runtime,
  type: string,
  worker: string,
  timeoutMs: number,
  max: number,
  fetchVariable: string[] | undefined,
  tenantIds?: string[],
): ActivatedJob[] {
  const now = rt.now();
  const out: ActivatedJob[] = [];
  for (const key of rt.idx.activatableJobs.get(type)) {
    if (out.length >= max) break;
    const job = rt.store.get('job', key)!;
    if (job.retryBackoffUntil && job.retryBackoffUntil > now) continue;
    if (tenantIds && tenantIds.length > 0 && !tenantIds.includes(job.tenantId)) continue;
    const activated = rt.store.put('job', { ...job, state: 'ACTIVATED', worker, deadline: now + timeoutMs, retryBackoffUntil: undefined });
    out.push(toActivatedJob(rt, activated, fetchVariable));
  }
  return out;
}

export function toActivatedJob(rt: Runtime, job: JobRecord, fetchVariable?: string[]): ActivatedJob {
  const only = fetchVariable && fetchVariable.length > 0 ? fetchVariable : undefined;
  return {
    key: job.key,
    type: job.type,
    processInstanceKey: job.processInstanceKey,
    bpmnProcessId: job.bpmnProcessId,
    processDefinitionVersion: job.processDefinitionVersion,
    processDefinitionKey: job.processDefinitionKey,
    elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey,
    customHeaders: job.customHeaders,
    worker: job.worker ?? '',
    retries: job.retries,
    deadline: job.deadline ?? 0,
    variables: visibleVariables(rt, job.elementInstanceKey, only),
    tenantId: job.tenantId,
    ...(job.kind ? { kind: job.kind } : {}),
    ...(job.listenerEventType ? { listenerEventType: job.listenerEventType } : {}),
  };
}

export function completeJob(rt: Runtime, key: string, variables: Vars, result?: UserTaskJobResult): void {
  const job = mustJob(rt, key, 'COMPLETE');
  if (job.state !== 'ACTIVATED' && job.state !== 'CREATED') {
    throw new FailedPreconditionError(
      `Command 'COMPLETE' rejected with code 'INVALID_STATE': Expected to complete job with key '${key}', but it is in state '${job.state}'`,
    );
  }
  if (job.kind === 'TASK_LISTENER') {
    checkTaskListenerCompletion(rt, job, variables, result);
    rt.store.archive('job', {
      ...job,
      state: 'COMPLETED',
      endTime: rt.nowIso(),
      denied: result?.denied === true,
      deniedReason: result?.deniedReason,
    });
    taskListenerCompleted(rt, job, result);
    return;
  }
  rt.store.archive('job', { ...job, state: 'COMPLETED', endTime: rt.nowIso() });
  if (job.kind === 'EXECUTION_LISTENER') {
    executionListenerCompleted(rt, job, variables);
    return;
  }
  const ei = rt.ei(job.elementInstanceKey);
  if (!ei || ei.state !== 'ACTIVE') return;
  deliverResult(rt, ei, variables);
  completeElement(rt, ei.key);
}

export function failJob(rt: Runtime, key: string, req: FailJobRequest): void {
  const job = mustJob(rt, key, 'FAIL');
  if (job.state !== 'ACTIVATED' && job.state !== 'CREATED') {
    throw new FailedPreconditionError(
      `Command 'FAIL' rejected with code 'INVALID_STATE': Expected to fail job with key '${key}', but it is in state '${job.state}'`,
    );
  }
  if (req.variables && Object.keys(req.variables).length > 0) setLocals(rt, job.elementInstanceKey, req.variables);
  const backoff = req.retryBackOffMs && req.retryBackOffMs > 0 ? rt.now() + req.retryBackOffMs : undefined;
  const failed = rt.store.put('job', {
    ...job,
    retries: req.retries,
    errorMessage: req.errorMessage,
    state: req.retries > 0 ? 'CREATED' : 'FAILED',
    worker: undefined,
    deadline: undefined,
    retryBackoffUntil: req.retries > 0 ? backoff : undefined,
  });
  if (req.retries > 0) {
    if (backoff) rt.effects.timersChanged = true;
    else rt.effects.jobsAvailable.add(job.type);
    return;
  }
  const ei = rt.ei(job.elementInstanceKey);
  const errorType =
    job.kind === 'EXECUTION_LISTENER'
      ? 'EXECUTION_LISTENER_NO_RETRIES'
      : job.kind === 'TASK_LISTENER'
        ? 'TASK_LISTENER_NO_RETRIES'
        : 'JOB_NO_RETRIES';
  if (ei) raiseIncident(rt, ei, errorType, req.errorMessage || 'No more retries left.', 'job', { jobKey: failed.key });
}

export function throwJobError(rt: Runtime, key: string, req: ThrowErrorRequest): void {
  const job = mustJob(rt, key, 'THROW_ERROR');
  if (!req.errorCode) {
    throw new InvalidArgumentError(`Expected to throw an error with a non-empty error code, but it was empty`, [
      { field: 'errorCode', message: 'must not be empty' },
    ]);
  }
  if (job.state !== 'ACTIVATED' && job.state !== 'CREATED') {
    throw new FailedPreconditionError(
      `Command 'THROW_ERROR' rejected with code 'INVALID_STATE': Expected to throw an error for job with key '${key}', but it is in state '${job.state}'`,
    );
  }
  if (job.kind === 'EXECUTION_LISTENER' || job.kind === 'TASK_LISTENER') {
    // Zeebe's JobThrowErrorProcessor: the element is not ACTIVATED while its listeners run.
    throw new FailedPreconditionError(
      `Command 'THROW_ERROR' rejected with code 'INVALID_STATE': Cannot throw BPMN error from ${job.kind} job with key '${key}', type '${job.type}' and processInstanceKey '${job.processInstanceKey}'`,
    );
  }
  const ei = rt.ei(job.elementInstanceKey);
  rt.store.put('job', { ...job, state: 'ERROR_THROWN', errorCode: req.errorCode, errorMessage: req.errorMessage });
  if (!ei) return;
  throwBpmnError(rt, ei, req.errorCode, req.errorMessage ?? '', req.variables ?? {}, job.key);
}

export function updateJobRetries(rt: Runtime, key: string, retries: number): void {
  const job = mustJob(rt, key, 'UPDATE_RETRIES');
  if (retries < 1) {
    throw new InvalidArgumentError(`Expected retries to be greater than zero, but was '${retries}'`, [
      { field: 'retries', message: 'must be greater than zero' },
    ]);
  }
  rt.store.put('job', { ...job, retries });
}

export function updateJobTimeout(rt: Runtime, key: string, timeoutMs: number): void {
  const job = mustJob(rt, key, 'UPDATE_TIMEOUT');
  if (job.state !== 'ACTIVATED') {
    throw new FailedPreconditionError(
      `Command 'UPDATE_TIMEOUT' rejected with code 'INVALID_STATE': Expected to update the timeout of job with key '${key}', but it is not active`,
    );
  }
  rt.store.put('job', { ...job, deadline: rt.now() + timeoutMs });
}

/** Activated jobs whose deadline passed become activatable again. Returns the earliest open deadline. */
export function timeOutJobs(rt: Runtime): number | undefined {
  const now = rt.now();
  let next: number | undefined;
  for (const key of [...rt.idx.activatedJobs.get('all')]) {
    const job = rt.store.get('job', key)!;
    if ((job.deadline ?? 0) <= now) {
      rt.store.put('job', { ...job, state: 'CREATED', worker: undefined, deadline: undefined });
      rt.effects.jobsAvailable.add(job.type);
    } else if (next === undefined || job.deadline! < next) {
      next = job.deadline;
    }
  }
  return next;
}

/** Failed jobs waiting out a retry back-off; marks due types available and returns the next due time. */
export function backoffsDue(rt: Runtime): number | undefined {
  const now = rt.now();
  let next: number | undefined;
  for (const key of rt.idx.jobsInBackoff.get('all')) {
    const job = rt.store.get('job', key)!;
    if (job.retryBackoffUntil! <= now) rt.effects.jobsAvailable.add(job.type);
    else if (next === undefined || job.retryBackoffUntil! < next) next = job.retryBackoffUntil;
  }
  return next;
}

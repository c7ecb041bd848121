/**
 * A new job on an element instance, as both the elements' jobs (jobs.ts) and the listener jobs
 * (listeners.ts) create it. A leaf module: jobs.ts imports listeners.ts, so neither can own it.
 */
import type { ElementInstanceRecord, JobRecord } from '../state/records';
import type { Runtime } from './runtime';

export type NewJob = Pick<JobRecord, 'type' | 'customHeaders' | 'kind' | 'listenerEventType'> & { retries: number };

/** Stores the job (retries default to 3 when not a number) and tells waiting workers of its type. */
export function putNewJob(rt: Runtime, ei: ElementInstanceRecord, fields: NewJob): JobRecord {
  const def = rt.store.get('process-definition', ei.processDefinitionKey)!;
  const job: JobRecord = {
    key: rt.store.nextKey(),
    type: fields.type,
    state: 'CREATED',
    ...(fields.kind === undefined ? {} : { kind: fields.kind }),
    ...(fields.listenerEventType === undefined ? {} : { listenerEventType: fields.listenerEventType }),
    processInstanceKey: ei.processInstanceKey,
    elementInstanceKey: ei.key,
    elementId: ei.elementId,
    bpmnProcessId: ei.bpmnProcessId,
    processDefinitionKey: ei.processDefinitionKey,
    processDefinitionVersion: def.version,
    tenantId: ei.tenantId,
    customHeaders: fields.customHeaders,
    retries: Number.isFinite(fields.retries) ? fields.retries : 3,
    creationTime: rt.nowIso(),
  };
  rt.store.put('job', job);
  rt.effects.jobsAvailable.add(job.type);
  return job;
}

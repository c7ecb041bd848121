/**
 * Execution listeners as Zeebe 8.8 runs them (BpmnStreamProcessor): jobs of kind
 * EXECUTION_LISTENER, one at a time in model order. Start listeners run after the input mappings,
 * while the element is ACTIVATING; end listeners after the output mappings, while it is COMPLETING.
 * A completed listener job's variables become local variables of the element (start) or of its
 * flow scope (end; of the process itself for the process). Multi-instance bodies have none: the
 * inner instances run the listeners. The running listener is kept in the element instance record
 * (runtime.listener), so a restart picks up where it stopped.
 */
import { EvaluationError } from '../errors';
import type { ExecutionListener, Expression } from '../model/types';
import type { ElementInstanceRecord, JobKind, JobListenerEventType, JobRecord } from '../state/records';
import { evalExpression, evalString } from './expressions';
import { putNewJob } from './job-record';
import type { Runtime } from './runtime';
import { setLocals } from './variables';

type Vars = Record<string, unknown>;
type EventType = 'start' | 'end';

export function executionListenersOf(rt: Runtime, ei: ElementInstanceRecord, eventType: EventType): ExecutionListener[] {
  if (ei.type === 'MULTI_INSTANCE_BODY') return [];
  const all = ei.type === 'PROCESS' ? rt.model(ei.processDefinitionKey).executionListeners : rt.node(ei).executionListeners;
  return (all ?? []).filter((l) => l.eventType === eventType);
}

/**
 * Creates the job of the listener at `index` and returns true, or returns false when no listener
 * is left. Evaluating its type or retries may throw an EvaluationError (an incident).
 */
export function runExecutionListener(rt: Runtime, ei: ElementInstanceRecord, eventType: EventType, index: number): boolean {
  const listener = executionListenersOf(rt, ei, eventType)[index];
  if (!listener) {
    if (ei.runtime.listener) rt.setRuntime(ei.key, { listener: undefined });
    return false;
  }
  createListenerJob(rt, ei, listener, {
    kind: 'EXECUTION_LISTENER',
    listenerEventType: eventType === 'start' ? 'START' : 'END',
    headers: { ...(listener.headers ?? {}) },
  });
  rt.setRuntime(ei.key, { listener: { eventType, index } });
  return true;
}

/** An execution listener job completed: its variables go where Zeebe merges them; the lifecycle goes on. */
export function executionListenerCompleted(rt: Runtime, job: JobRecord, variables: Vars): void {
  const ei = rt.ei(job.elementInstanceKey);
  const running = ei?.runtime.listener;
  if (!ei || !running) return;
  if (Object.keys(variables).length > 0) {
    const scopeKey = running.eventType === 'start' || !ei.flowScopeKey ? ei.key : ei.flowScopeKey;
    setLocals(rt, scopeKey, variables);
  }
  rt.setRuntime(ei.key, { listener: { ...running, index: running.index + 1 } });
  rt.enqueue({ op: 'execution-listener', key: ei.key });
}

export interface ListenerJobKind {
  kind: JobKind;
  listenerEventType: JobListenerEventType;
  headers: Record<string, string>;
}

/** A listener job on an element instance; its type and retries are evaluated now, as in Zeebe. */
export function createListenerJob(
  rt: Runtime,
  ei: ElementInstanceRecord,
  listener: { type: Expression; retries: Expression },
  kind: ListenerJobKind,
): JobRecord {
  const type = evalString(rt, ei.key, listener.type, 'job type');
  if (type === '') {
    throw new EvaluationError(
      `Expected result of the expression '${listener.type.raw}' to be a not-empty string, but was an empty string.`,
      listener.type.raw,
    );
  }
  const retries = Number(evalExpression(rt, ei.key, listener.retries));
  return putNewJob(rt, ei, {
    type,
    retries,
    customHeaders: kind.headers,
    kind: kind.kind,
    listenerEventType: kind.listenerEventType,
  });
}

/** Listener jobs of an element that is terminated end with it (canceled). */
export function cancelListenerJobs(rt: Runtime, elementInstanceKey: string): void {
  for (const key of [...rt.idx.jobsByElement.get(elementInstanceKey)]) {
    const job = rt.store.get('job', key)!;
    if (job.kind !== 'EXECUTION_LISTENER' && job.kind !== 'TASK_LISTENER') continue;
    rt.store.archive('job', { ...job, state: 'CANCELED', endTime: rt.nowIso() });
  }
}

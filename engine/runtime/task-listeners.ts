/**
 * User task listeners as Zeebe 8.8 runs them (UserTaskProcessor, BpmnJobBehavior): a transition
 * (creating, assigning, updating, completing, canceling) with listeners of its event type puts the task in
 * CREATING/ASSIGNING/UPDATING/COMPLETING and runs one TASK_LISTENER job after the other. A
 * listener may correct assignee, dates, candidates and priority (seen by the next listeners) or
 * deny the transition: the task then stays as it was and the command is rejected. Only when the
 * last listener accepted does the transition take effect, with the corrections applied. Canceling
 * listeners run while the task's element terminates; the termination waits for them.
 * See https://docs.camunda.io/docs/components/concepts/user-task-listeners/
 */
import type { UserTaskJobResult } from '../api';
import { EvaluationError, FailedPreconditionError } from '../errors';
import type { TaskListener, TaskListenerEventType } from '../model/types';
import type {
  JobListenerEventType,
  JobRecord,
  UserTaskAttributes,
  UserTaskRecord,
  UserTaskState,
  UserTaskTransition,
} from '../state/records';
import { raiseIncident } from './incidents';
import { completeElement, deliverResult, terminationResumed } from './lifecycle';
import { createListenerJob } from './listeners';
import type { Runtime } from './runtime';
import { setLocals } from './variables';

type TransitionEvent = UserTaskTransition['eventType'];

const STATE_DURING: Record<TransitionEvent, UserTaskState> = {
  creating: 'CREATING',
  assigning: 'ASSIGNING',
  updating: 'UPDATING',
  completing: 'COMPLETING',
  canceling: 'CANCELING',
};

/** Zeebe's rejection texts of a denied transition (by the command that started it). */
export const DENIED: Record<Exclude<TransitionEvent, 'creating' | 'canceling'>, { command: string; what: string }> = {
  assigning: { command: 'ASSIGN', what: 'Assignment' },
  updating: { command: 'UPDATE', what: 'Update' },
  completing: { command: 'COMPLETE', what: 'Completion' },
};

/** Header names Zeebe reserves for user task data on task listener jobs (Protocol.USER_TASK_*_HEADER_NAME). */
const HEADER = 'io.camunda.zeebe:';

export function taskListenersOf(rt: Runtime, task: UserTaskRecord, eventType: TaskListenerEventType): TaskListener[] {
  const ei = rt.ei(task.elementInstanceKey);
  if (!ei) return [];
  return (rt.node(ei).taskListeners ?? []).filter((l) => l.eventType === eventType);
}

/**
 * Starts a transition of the task. Returns 'done' when it took effect at once (no listeners),
 * 'pending' while listener jobs decide.
 */
export function startTransition(
  rt: Runtime,
  task: UserTaskRecord,
  eventType: TransitionEvent,
  action: string,
  changes: UserTaskAttributes,
  variables?: Record<string, unknown>,
  variableUpdate?: boolean,
): 'done' | 'pending' {
  const transition: UserTaskTransition = {
    eventType,
    index: 0,
    action,
    changes,
    corrections: {},
    previousState: task.state,
    ...(variables ? { variables } : {}),
    ...(variableUpdate ? { variableUpdate } : {}),
  };
  if (taskListenersOf(rt, task, eventType).length === 0) {
    takeEffect(rt, task, transition);
    return 'done';
  }
  const current = rt.store.put('user-task', { ...task, state: STATE_DURING[eventType], transition });
  runListener(rt, current);
  return 'pending';
}

/** A task listener job completed: deny, or take the corrections and go on with the next listener. */
export function taskListenerCompleted(rt: Runtime, job: JobRecord, result: UserTaskJobResult | undefined): void {
  const task = taskOfJob(rt, job);
  const transition = task?.transition;
  if (!task || !transition) return;
  if (result?.denied && transition.eventType !== 'creating' && transition.eventType !== 'canceling') {
    rt.store.put('user-task', { ...task, state: transition.previousState, transition: undefined });
    const { command, what } = DENIED[transition.eventType];
    const reason = result.deniedReason ?? '';
    rt.effects.userTaskOutcomes.set(
      task.key,
      transition.variableUpdate
        ? `Command 'UPDATE' rejected with code 'INVALID_STATE': Variable update for user task instance with key '${task.elementInstanceKey}' was denied by Task Listener. Reason to deny: '${reason}'`
        : `Command '${command}' rejected with code 'INVALID_STATE': ${what} of the User Task with key '${task.key}' was denied by Task Listener. Reason to deny: '${reason}'`,
    );
    return;
  }
  const next: UserTaskTransition = {
    ...transition,
    index: transition.index + 1,
    corrections: { ...transition.corrections, ...presentCorrections(result) },
  };
  if (next.index < taskListenersOf(rt, task, next.eventType).length) {
    runListener(rt, rt.store.put('user-task', { ...task, transition: next }));
    return;
  }
  takeEffect(rt, task, next);
}

/**
 * Variables set on the element instance of a Camunda user task: an update transition (changed
 * attribute `variables`), only in state CREATED, as Zeebe's VariableDocumentUpdateProcessor.
 */
export function updateTaskVariables(rt: Runtime, task: UserTaskRecord, variables: Record<string, unknown>): 'done' | 'pending' {
  if (task.state !== 'CREATED') {
    throw new FailedPreconditionError(
      `Command 'UPDATE' rejected with code 'INVALID_STATE': Expected to trigger update transition for user task with key '${task.key}', but it is in state '${task.state}'`,
    );
  }
  return startTransition(rt, task, 'updating', '', {}, variables, true);
}

/** An incident on a listener's expressions is resolved: the whole transition runs again (as in Zeebe). */
export function retryTaskListeners(rt: Runtime, elementInstanceKey: string): void {
  const userTaskKey = rt.ei(elementInstanceKey)?.runtime.userTaskKey;
  const task = userTaskKey ? rt.store.get('user-task', userTaskKey) : undefined;
  if (!task?.transition) return;
  runListener(rt, rt.store.put('user-task', { ...task, transition: { ...task.transition, index: 0, corrections: {} } }));
}

/** The task as listeners see it: the transition's changes and the corrections so far applied. */
export function intermediateTask(task: UserTaskRecord): UserTaskRecord {
  const t = task.transition;
  return t ? applyAttributes(applyAttributes(task, t.changes), t.corrections) : task;
}

function runListener(rt: Runtime, task: UserTaskRecord): void {
  const transition = task.transition!;
  const listener = taskListenersOf(rt, task, transition.eventType)[transition.index]!;
  const ei = rt.mustEi(task.elementInstanceKey);
  try {
    createListenerJob(rt, ei, listener, {
      kind: 'TASK_LISTENER',
      listenerEventType: transition.eventType.toUpperCase() as JobListenerEventType,
      headers: listenerHeaders(rt, task),
    });
  } catch (err) {
    if (!(err instanceof EvaluationError)) throw err;
    // Resolving runs the transition's listeners again from the first (see retryTaskListeners).
    raiseIncident(rt, ei, 'EXTRACT_VALUE_ERROR', err.message, 'task-listener');
  }
}

function listenerHeaders(rt: Runtime, task: UserTaskRecord): Record<string, string> {
  const view = intermediateTask(task);
  const ei = rt.mustEi(task.elementInstanceKey);
  const headers: Record<string, string> = { ...(rt.node(ei).taskHeaders ?? {}) };
  const put = (name: string, value: string | undefined) => {
    if (value) headers[HEADER + name] = value;
  };
  put('action', task.transition?.action);
  put('assignee', view.assignee);
  put('candidateGroups', view.candidateGroups.length > 0 ? JSON.stringify(view.candidateGroups) : undefined);
  put('candidateUsers', view.candidateUsers.length > 0 ? JSON.stringify(view.candidateUsers) : undefined);
  const changed = task.transition?.eventType === 'creating' ? [] : changedAttributes(task, view);
  if (task.transition?.variableUpdate) changed.push('variables');
  put('changedAttributes', changed.length > 0 ? JSON.stringify(changed) : undefined);
  put('dueDate', view.dueDate);
  put('followUpDate', view.followUpDate);
  put('formKey', view.formKey && /^\d+$/.test(view.formKey) ? view.formKey : undefined);
  put('priority', view.priority > 0 ? String(view.priority) : undefined);
  put('userTaskKey', task.key);
  return headers;
}

const ATTRIBUTES = ['assignee', 'candidateGroups', 'candidateUsers', 'dueDate', 'followUpDate', 'priority'] as const;

function changedAttributes(task: UserTaskRecord, view: UserTaskRecord): string[] {
  return ATTRIBUTES.filter((a) => JSON.stringify(task[a] ?? null) !== JSON.stringify(view[a] ?? null)).sort();
}

/** The transition takes effect: the task leaves its -ING state with changes and corrections applied. */
function takeEffect(rt: Runtime, task: UserTaskRecord, transition: UserTaskTransition): void {
  const applied: UserTaskRecord = {
    ...applyAttributes(applyAttributes(task, transition.changes), transition.corrections),
    transition: undefined,
  };
  if (transition.eventType === 'canceling') {
    rt.store.archive('user-task', { ...applied, state: 'CANCELED', completionDate: rt.nowIso() });
    terminationResumed(rt, task.elementInstanceKey);
    return;
  }
  if (transition.eventType !== 'completing') {
    rt.store.put('user-task', { ...applied, state: 'CREATED' });
    // Zeebe merges a variable update on a Camunda user task into the task's own scope.
    if (transition.variableUpdate) setLocals(rt, task.elementInstanceKey, transition.variables ?? {});
    rt.effects.userTaskOutcomes.set(task.key, null);
    // The assignee the process defined is assigned once the task exists, through the assigning listeners.
    if (transition.eventType === 'creating' && task.initialAssignee) {
      const created = rt.store.put('user-task', { ...rt.store.get('user-task', task.key)!, initialAssignee: undefined });
      startTransition(rt, created, 'assigning', '', { assignee: task.initialAssignee });
    }
    return;
  }
  rt.store.archive('user-task', { ...applied, state: 'COMPLETED', completionDate: rt.nowIso() });
  rt.effects.userTaskOutcomes.set(task.key, null);
  const ei = rt.ei(task.elementInstanceKey);
  if (!ei || ei.state !== 'ACTIVE') return;
  deliverResult(rt, ei, transition.variables ?? {});
  completeElement(rt, ei.key);
}

function applyAttributes(task: UserTaskRecord, attrs: UserTaskAttributes): UserTaskRecord {
  const next = { ...task };
  if (attrs.assignee !== undefined) next.assignee = attrs.assignee || undefined;
  if (attrs.dueDate !== undefined) next.dueDate = attrs.dueDate || undefined;
  if (attrs.followUpDate !== undefined) next.followUpDate = attrs.followUpDate || undefined;
  if (attrs.candidateGroups !== undefined) next.candidateGroups = [...attrs.candidateGroups];
  if (attrs.candidateUsers !== undefined) next.candidateUsers = [...attrs.candidateUsers];
  if (attrs.priority !== undefined) next.priority = attrs.priority;
  return next;
}

/** Corrections given (a null or absent attribute keeps the value, as the API documents). */
function presentCorrections(result: UserTaskJobResult | undefined): UserTaskAttributes {
  const c = result?.corrections ?? {};
  const out: UserTaskAttributes = {};
  for (const a of ATTRIBUTES) {
    const value = c[a];
    if (value !== undefined && value !== null) (out as Record<string, unknown>)[a] = value;
  }
  return out;
}

function taskOfJob(rt: Runtime, job: JobRecord): UserTaskRecord | undefined {
  const key = rt.ei(job.elementInstanceKey)?.runtime.userTaskKey;
  return key ? rt.store.get('user-task', key) : undefined;
}

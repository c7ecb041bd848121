/**
 * Camunda user tasks (zeebe:userTask): the engine keeps them itself; the Tasklist assigns and
 * completes them through the API.
 */
import type { UserTaskChangeset } from '../api';
import { FailedPreconditionError, NotFoundError } from '../errors';
import type { FlowNode } from '../model/types';
import type { ElementInstanceRecord, UserTaskAttributes, UserTaskRecord } from '../state/records';
import { evalExpression, evalString, evalStringList } from './expressions';
import type { Runtime } from './runtime';
import { DENIED, startTransition, taskListenersOf } from './task-listeners';

/** 'pending': task listeners decide; the engine answers the command when they did. */
type Outcome = 'done' | 'pending';

export function createUserTask(rt: Runtime, ei: ElementInstanceRecord, node: FlowNode): void {
  const ut = node.userTask!;
  const def = rt.store.get('process-definition', ei.processDefinitionKey)!;
  let formKey: string | undefined = ut.formKey;
  if (ut.formId) {
    const form = latestForm(rt, ut.formId, ei.tenantId);
    formKey = form?.key;
  }
  const priority = ut.priority ? Number(evalExpression(rt, ei.key, ut.priority)) : 50;
  const initialAssignee = ut.assignee ? evalString(rt, ei.key, ut.assignee, 'assignee') || undefined : undefined;
  const task: UserTaskRecord = {
    key: rt.store.nextKey(),
    state: 'CREATED',
    elementId: ei.elementId,
    name: node.name,
    elementInstanceKey: ei.key,
    processInstanceKey: ei.processInstanceKey,
    processDefinitionKey: ei.processDefinitionKey,
    bpmnProcessId: ei.bpmnProcessId,
    processDefinitionVersion: def.version,
    tenantId: ei.tenantId,
    assignee: initialAssignee,
    candidateGroups: ut.candidateGroups ? evalStringList(rt, ei.key, ut.candidateGroups) : [],
    candidateUsers: ut.candidateUsers ? evalStringList(rt, ei.key, ut.candidateUsers) : [],
    dueDate: ut.dueDate ? evalString(rt, ei.key, ut.dueDate, 'due date') || undefined : undefined,
    followUpDate: ut.followUpDate ? evalString(rt, ei.key, ut.followUpDate, 'follow-up date') || undefined : undefined,
    priority: Number.isFinite(priority) ? priority : 50,
    formKey,
    externalFormReference: ut.externalFormReference,
    creationDate: rt.nowIso(),
    customHeaders: { ...(node.taskHeaders ?? {}) },
  };
  rt.setRuntime(ei.key, { userTaskKey: task.key });
  const listeners = node.taskListeners ?? [];
  const creating = listeners.some((l) => l.eventType === 'creating');
  // With listeners, the process's assignee is assigned after creation, as an assignment (Zeebe 8.8).
  if (!initialAssignee || (!creating && !listeners.some((l) => l.eventType === 'assigning'))) {
    rt.store.put('user-task', task);
    if (creating) startTransition(rt, task, 'creating', '', {});
    return;
  }
  const created = rt.store.put('user-task', { ...task, assignee: undefined, initialAssignee: creating ? initialAssignee : undefined });
  if (creating) startTransition(rt, created, 'creating', '', {});
  else startTransition(rt, created, 'assigning', '', { assignee: initialAssignee });
}

function latestForm(rt: Runtime, formId: string, tenantId: string) {
  let latest;
  for (const key of rt.idx.formsById.get(`${tenantId}|${formId}`)) {
    const f = rt.store.get('form', key)!;
    if (!latest || f.version > latest.version) latest = f;
  }
  return latest;
}

/**
 * The element of its tasks terminates: a task with canceling listeners goes to CANCELING and runs
 * them ('await': the termination waits, as in Zeebe); the others are canceled at once.
 */
export function cancelUserTasksOf(rt: Runtime, elementInstanceKey: string): void | 'await' {
  let waiting = false;
  for (const key of [...rt.idx.userTasksByElement.get(elementInstanceKey)]) {
    const task = rt.store.get('user-task', key)!;
    rejectPendingCommand(rt, task);
    if (task.state === 'CANCELING') waiting = true;
    else if (taskListenersOf(rt, task, 'canceling').length > 0) {
      startTransition(rt, { ...task, state: 'CREATED', transition: undefined }, 'canceling', '', {});
      waiting = true;
    } else rt.store.archive('user-task', { ...task, state: 'CANCELED', completionDate: rt.nowIso(), transition: undefined });
  }
  return waiting ? 'await' : undefined;
}

/** A command waiting for its transition's listeners learns that the task is gone. */
function rejectPendingCommand(rt: Runtime, task: UserTaskRecord): void {
  const pending = task.transition?.eventType;
  if (!pending || pending === 'creating' || pending === 'canceling') return;
  const command = DENIED[pending].command;
  rt.effects.userTaskOutcomes.set(
    task.key,
    `Command '${command}' rejected with code 'NOT_FOUND': Expected to ${command.toLowerCase()} user task with key '${task.key}', but no such user task was found`,
  );
}

/** Commands change a task only in state CREATED; during a transition Zeebe rejects them. */
function mustBeCreated(task: UserTaskRecord, action: string): void {
  if (task.state === 'CREATED') return;
  throw new FailedPreconditionError(
    `Command '${action}' rejected with code 'INVALID_STATE': Expected to ${action.toLowerCase()} user task with key '${task.key}', but it is in state '${task.state}'`,
  );
}

function mustTask(rt: Runtime, key: string, action: string): UserTaskRecord {
  const task = rt.store.get('user-task', key);
  if (!task) {
    throw new NotFoundError(
      `Command '${action}' rejected with code 'NOT_FOUND': Expected to ${action.toLowerCase()} user task with key '${key}', but no such user task was found`,
    );
  }
  return task;
}

/** Returns 'pending' while assigning listeners decide. */
export function assignUserTask(rt: Runtime, key: string, assignee: string, allowOverride = true, action = 'assign'): Outcome {
  const task = mustTask(rt, key, 'ASSIGN');
  mustBeCreated(task, 'ASSIGN');
  if (!allowOverride && task.assignee && task.assignee !== assignee) {
    throw new FailedPreconditionError(
      `Command 'ASSIGN' rejected with code 'INVALID_STATE': Expected to assign user task with key '${key}', but it is already assigned to '${task.assignee}'`,
    );
  }
  return startTransition(rt, task, 'assigning', action, { assignee });
}

export function updateUserTask(rt: Runtime, key: string, changeset: UserTaskChangeset, action = 'update'): Outcome {
  const task = mustTask(rt, key, 'UPDATE');
  mustBeCreated(task, 'UPDATE');
  const changes: UserTaskAttributes = {};
  // null or absent keeps a value; an empty string clears a date.
  if (changeset.dueDate !== undefined && changeset.dueDate !== null) changes.dueDate = changeset.dueDate;
  if (changeset.followUpDate !== undefined && changeset.followUpDate !== null) changes.followUpDate = changeset.followUpDate;
  if (changeset.candidateUsers) changes.candidateUsers = [...changeset.candidateUsers];
  if (changeset.candidateGroups) changes.candidateGroups = [...changeset.candidateGroups];
  if (typeof changeset.priority === 'number') changes.priority = changeset.priority;
  return startTransition(rt, task, 'updating', action, changes);
}

export function unassignUserTask(rt: Runtime, key: string): Outcome {
  const task = mustTask(rt, key, 'UNASSIGN');
  mustBeCreated(task, 'UNASSIGN');
  return startTransition(rt, task, 'assigning', 'unassign', { assignee: '' });
}

export function completeUserTask(rt: Runtime, key: string, variables: Record<string, unknown>, action = 'complete'): Outcome {
  const task = mustTask(rt, key, 'COMPLETE');
  mustBeCreated(task, 'COMPLETE');
  return startTransition(rt, task, 'completing', action, {}, variables);
}

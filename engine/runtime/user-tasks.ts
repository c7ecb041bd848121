/**
 * Camunda user tasks (zeebe:userTask): the engine keeps them itself; the Tasklist assigns and
 * completes them through the API.
 */
import type { UserTaskChangeset } from '../api';
import { FailedPreconditionError, NotFoundError } from '../errors';
import type { FlowNode } from '../model/types';
import type { ElementInstanceRecord, UserTaskRecord } from '../state/records';
import { evalExpression, evalString, evalStringList } from './expressions';
import { completeElement, deliverResult } from './lifecycle';
import type { Runtime } from './runtime';

export function createUserTask(rt: Runtime, ei: ElementInstanceRecord, node: FlowNode): void {
  const ut = node.userTask!;
  const def = rt.store.get('process-definition', ei.processDefinitionKey)!;
  let formKey: string | undefined = ut.formKey;
  if (ut.formId) {
    const form = latestForm(rt, ut.formId, ei.tenantId);
    formKey = form?.key;
  }
  const priority = ut.priority ? Number(evalExpression(rt, ei.key, ut.priority)) : 50;
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
    assignee: ut.assignee ? evalString(rt, ei.key, ut.assignee, 'assignee') || undefined : undefined,
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
  rt.store.put('user-task', task);
  rt.setRuntime(ei.key, { userTaskKey: task.key });
}

function latestForm(rt: Runtime, formId: string, tenantId: string) {
  let latest;
  for (const key of rt.idx.formsById.get(`${tenantId}|${formId}`)) {
    const f = rt.store.get('form', key)!;
    if (!latest || f.version > latest.version) latest = f;
  }
  return latest;
}

export function cancelUserTasksOf(rt: Runtime, elementInstanceKey: string): void {
  for (const key of [...rt.idx.userTasksByElement.get(elementInstanceKey)]) {
    const task = rt.store.get('user-task', key)!;
    rt.store.archive('user-task', { ...task, state: 'CANCELED', completionDate: rt.nowIso() });
  }
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

export function assignUserTask(rt: Runtime, key: string, assignee: string, allowOverride = true): void {
  const task = mustTask(rt, key, 'ASSIGN');
  if (!allowOverride && task.assignee && task.assignee !== assignee) {
    throw new FailedPreconditionError(
      `Command 'ASSIGN' rejected with code 'INVALID_STATE': Expected to assign user task with key '${key}', but it is already assigned to '${task.assignee}'`,
    );
  }
  rt.store.put('user-task', { ...task, assignee });
}

export function updateUserTask(rt: Runtime, key: string, changeset: UserTaskChangeset): void {
  const task = mustTask(rt, key, 'UPDATE');
  const next: UserTaskRecord = { ...task };
  const date = (v: string | null | undefined, current: string | undefined) => (v === undefined || v === null ? current : v || undefined);
  next.dueDate = date(changeset.dueDate, task.dueDate);
  next.followUpDate = date(changeset.followUpDate, task.followUpDate);
  if (changeset.candidateUsers) next.candidateUsers = [...changeset.candidateUsers];
  if (changeset.candidateGroups) next.candidateGroups = [...changeset.candidateGroups];
  if (typeof changeset.priority === 'number') next.priority = changeset.priority;
  rt.store.put('user-task', next);
}

export function unassignUserTask(rt: Runtime, key: string): void {
  const task = mustTask(rt, key, 'UNASSIGN');
  rt.store.put('user-task', { ...task, assignee: undefined });
}

export function completeUserTask(rt: Runtime, key: string, variables: Record<string, unknown>): void {
  const task = mustTask(rt, key, 'COMPLETE');
  rt.store.archive('user-task', { ...task, state: 'COMPLETED', completionDate: rt.nowIso() });
  const ei = rt.ei(task.elementInstanceKey);
  if (!ei || ei.state !== 'ACTIVE') return;
  deliverResult(rt, ei, variables);
  completeElement(rt, ei.key);
}

/** Task listener jobs over REST: `JobResultUserTask` (a listener's verdict) checked field by field, and `UserTaskProperties`. */
import type { UserTaskJobResult } from '../api';
import { InvalidArgumentError } from '../errors';

const STRINGS = ['assignee', 'dueDate', 'followUpDate'] as const;
const LISTS = ['candidateUsers', 'candidateGroups'] as const;

export function userTaskResult(raw: Record<string, unknown>): UserTaskJobResult {
  const bad = (field: string, message: string) =>
    new InvalidArgumentError(`result.${field} ${message}`, [{ field: `result.${field}`, message }]);
  if (raw.denied != null && typeof raw.denied !== 'boolean') throw bad('denied', 'must be a boolean');
  if (raw.deniedReason != null && typeof raw.deniedReason !== 'string') throw bad('deniedReason', 'must be a string');
  const given = (raw.corrections ?? {}) as Record<string, unknown>;
  if (typeof given !== 'object' || Array.isArray(given)) throw bad('corrections', 'must be an object');
  const corrections: NonNullable<UserTaskJobResult['corrections']> = {};
  for (const name of STRINGS) {
    const v = given[name];
    if (v == null) continue;
    if (typeof v !== 'string') throw bad(`corrections.${name}`, 'must be a string');
    corrections[name] = v;
  }
  for (const name of LISTS) {
    const v = given[name];
    if (v == null) continue;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw bad(`corrections.${name}`, 'must be a list of strings');
    corrections[name] = v as string[];
  }
  const priority = given.priority;
  if (priority != null) {
    if (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 0 || priority > 100) {
      throw bad('corrections.priority', 'must be an integer from 0 to 100');
    }
    corrections.priority = priority;
  }
  return {
    type: 'userTask',
    denied: raw.denied === true,
    ...(typeof raw.deniedReason === 'string' ? { deniedReason: raw.deniedReason } : {}),
    corrections,
  };
}

/** REST `UserTaskProperties` of an activated task listener job, read from its io.camunda.zeebe:* headers. */
export function userTaskProperties(headers: Record<string, string>): Record<string, unknown> {
  const get = (name: string) => headers[`io.camunda.zeebe:${name}`];
  const list = (name: string): string[] => {
    const raw = get(name);
    if (!raw) return [];
    try {
      const parsed: unknown = JSON.parse(raw);
      return Array.isArray(parsed) ? parsed.map(String) : [];
    } catch {
      return [];
    }
  };
  const priority = get('priority');
  return {
    action: get('action') ?? '',
    assignee: get('assignee') ?? null,
    candidateGroups: list('candidateGroups'),
    candidateUsers: list('candidateUsers'),
    changedAttributes: list('changedAttributes'),
    dueDate: get('dueDate') ?? null,
    followUpDate: get('followUpDate') ?? null,
    formKey: get('formKey') ?? null,
    priority: priority === undefined ? null : Number(priority),
    userTaskKey: get('userTaskKey') ?? null,
  };
}

/** REST `JobResultUserTask` (a user task listener's verdict), checked field by field. */
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

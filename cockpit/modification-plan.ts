/** The pending changes of modification mode and the one Camunda 8.8 modification command they make. */
import type { PendingCounts } from './diagram';
import type { Modification } from './operations-api';

export type Variables = Record<string, unknown> | undefined;
/** Where added variables go: the process instance (global) or the new element instance (local). */
export type VarScope = 'instance' | 'element';

export type PendingChange =
  | { kind: 'cancel'; elementId: string; keys: string[] }
  | { kind: 'add'; elementId: string; variables: Variables; scope: VarScope }
  | { kind: 'move'; elementId: string; target: string; keys: string[]; variables: Variables; scope: VarScope };

/** Zeebe's variable instruction: without a scope id the variables go to the process instance. */
const variableInstructions = (c: { variables: Variables; scope: VarScope }, elementId: string) =>
  c.variables ? [{ variables: c.variables, ...(c.scope === 'element' ? { scopeId: elementId } : {}) }] : [];

/** The one command of all pending changes; a move terminates each token and activates the target once per token. */
export function toModification(changes: PendingChange[]): Modification {
  const m: Modification = { activateInstructions: [], terminateInstructions: [] };
  for (const c of changes) {
    if (c.kind !== 'add') m.terminateInstructions.push(...c.keys.map((elementInstanceKey) => ({ elementInstanceKey })));
    if (c.kind === 'add')
      m.activateInstructions.push({ elementId: c.elementId, variableInstructions: variableInstructions(c, c.elementId) });
    if (c.kind === 'move')
      for (let i = 0; i < c.keys.length; i++)
        m.activateInstructions.push({ elementId: c.target, variableInstructions: variableInstructions(c, c.target) });
  }
  return m;
}

/** Per element: tokens the pending changes add and cancel (the diagram's +n / −n badges). */
export function pendingCounts(changes: PendingChange[]): PendingCounts {
  const counts: PendingCounts = new Map();
  const at = (id: string) => counts.get(id) ?? counts.set(id, { add: 0, cancel: 0 }).get(id)!;
  for (const c of changes) {
    if (c.kind === 'add') at(c.elementId).add++;
    else at(c.elementId).cancel += c.keys.length;
    if (c.kind === 'move') at(c.target).add += c.keys.length;
  }
  return counts;
}

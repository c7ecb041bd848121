/**
 * Zeebe's variable scopes. Each element instance is a scope; a variable is looked up from the
 * scope outwards. Setting with propagation writes into the nearest scope that already has the
 * variable, else into the root scope (the process instance).
 */
import type { VariableRecord } from '../state/records';
import type { Runtime } from './runtime';

type Vars = Record<string, unknown>;

const parsed = new WeakMap<VariableRecord, unknown>();

export function valueOf(v: VariableRecord): unknown {
  if (parsed.has(v)) return parsed.get(v);
  const value = JSON.parse(v.value) as unknown;
  parsed.set(v, value);
  return value;
}

function findLocal(rt: Runtime, scopeKey: string, name: string): VariableRecord | undefined {
  return rt.store.get('variable', rt.idx.variablesByScope.find(scopeKey, name));
}

export function localVariables(rt: Runtime, scopeKey: string): Vars {
  const out: Vars = {};
  for (const key of rt.idx.variablesByScope.get(scopeKey).values()) {
    const v = rt.store.get('variable', key)!;
    out[v.name] = valueOf(v);
  }
  return out;
}

/** Scope keys from the given scope up to the process instance. */
export function scopeChain(rt: Runtime, scopeKey: string): string[] {
  const chain: string[] = [];
  let key: string | undefined = scopeKey;
  while (key) {
    chain.push(key);
    key = rt.ei(key)?.flowScopeKey;
  }
  return chain;
}

/** All variables visible from a scope; inner scopes shadow outer ones. */
export function visibleVariables(rt: Runtime, scopeKey: string, only?: readonly string[]): Vars {
  const out: Vars = {};
  const chain = scopeChain(rt, scopeKey);
  if (only) {
    // Looked up by name: costs the names asked for, not the variables in scope.
    for (const name of only) {
      const v = chain.map((k) => findLocal(rt, k, name)).find((found) => found !== undefined);
      if (v) out[name] = valueOf(v);
    }
    return out;
  }
  for (let i = chain.length - 1; i >= 0; i--) {
    for (const key of rt.idx.variablesByScope.get(chain[i]).values()) {
      const v = rt.store.get('variable', key)!;
      out[v.name] = valueOf(v);
    }
  }
  return out;
}

export function setLocal(rt: Runtime, scopeKey: string, name: string, value: unknown): void {
  const text = JSON.stringify(value === undefined ? null : value);
  const existing = findLocal(rt, scopeKey, name);
  if (existing) {
    if (existing.value !== text) rt.store.put('variable', { ...existing, value: text });
    return;
  }
  const scope = rt.mustEi(scopeKey);
  rt.store.put('variable', {
    key: rt.store.nextKey(),
    name,
    value: text,
    scopeKey,
    processInstanceKey: scope.processInstanceKey,
    tenantId: scope.tenantId,
  });
}

export function setLocals(rt: Runtime, scopeKey: string, vars: Vars): void {
  for (const [name, value] of Object.entries(vars)) setLocal(rt, scopeKey, name, value);
}

/** Merges variables into the process instance, starting the search at `scopeKey`. */
export function propagate(rt: Runtime, scopeKey: string, vars: Vars): void {
  const chain = scopeChain(rt, scopeKey);
  for (const [name, value] of Object.entries(vars)) {
    const target = chain.find((k) => findLocal(rt, k, name)) ?? chain[chain.length - 1];
    setLocal(rt, target, name, value);
  }
}

/** Drops a finished scope's variables from memory; their last values stay in the database. */
export function archiveScope(rt: Runtime, scopeKey: string): void {
  for (const key of [...rt.idx.variablesByScope.get(scopeKey).values()]) {
    rt.store.archive('variable', rt.store.get('variable', key)!);
  }
}

/** Sets `a.b.c = value` into a context, creating intermediate contexts like Zeebe's output mappings. */
export function assignPath(target: Vars, path: string, value: unknown, current: (name: string) => unknown): void {
  const parts = path.split('.');
  if (parts.length === 1) {
    target[path] = value;
    return;
  }
  const [head, ...rest] = parts;
  const base = head in target ? target[head] : current(head);
  const root: Vars = isContext(base) ? structuredClone(base) : {};
  let cursor = root;
  for (let i = 0; i < rest.length - 1; i++) {
    const next = cursor[rest[i]];
    cursor[rest[i]] = isContext(next) ? { ...next } : {};
    cursor = cursor[rest[i]] as Vars;
  }
  cursor[rest[rest.length - 1]] = value;
  target[head] = root;
}

function isContext(v: unknown): v is Vars {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

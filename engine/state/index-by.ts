import type { RecordKind, RecordTypes } from './records';
import type { Store } from './store';

/**
 * A secondary index over one record kind, kept current through the store's change listener,
 * so undone transactions and loading at start keep it right without extra code.
 */
export class IndexBy<K extends RecordKind> {
  /**
   * Most index keys hold one record (a waiting instance's catch event under its process, a timer
   * under its element): those keep the bare record key, not a Set of one, which costs some 150 bytes
   * a key (docs/performance.md, "Engine memory"). A second record makes it a Set, which then stays
   * one until empty, so a caller iterating a returned Set keeps seeing later deletions.
   */
  private readonly map = new Map<string, string | Set<string>>();

  constructor(
    store: Store,
    kind: K,
    private readonly keyOf: (record: RecordTypes[K]) => string | undefined,
  ) {
    store.onChange(kind, (prev, next) => {
      const before = prev ? keyOf(prev) : undefined;
      const after = next ? keyOf(next) : undefined;
      if (before !== undefined && (before !== after || !next)) this.delete(before, prev!.key);
      if (after !== undefined) this.add(after, next!.key);
    });
  }

  /** Record keys under the index key, in insertion order. */
  get(indexKey: string): ReadonlySet<string> {
    const entry = this.map.get(indexKey);
    if (entry === undefined) return EMPTY;
    return typeof entry === 'string' ? new Set([entry]) : entry;
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }

  private add(indexKey: string, key: string): void {
    const entry = this.map.get(indexKey);
    if (entry === undefined) this.map.set(indexKey, key);
    else if (typeof entry !== 'string') entry.add(key);
    else if (entry !== key) this.map.set(indexKey, new Set([entry, key]));
  }

  private delete(indexKey: string, key: string): void {
    const entry = this.map.get(indexKey);
    if (entry === undefined) return;
    if (typeof entry === 'string') {
      if (entry === key) this.map.delete(indexKey);
      return;
    }
    entry.delete(key);
    if (entry.size === 0) this.map.delete(indexKey);
  }
}

const EMPTY: ReadonlySet<string> = new Set();

/**
 * Variables by scope and name: a variable is found by (scope, name) in O(1), so setting n
 * variables is linear, and a scope's variables iterate in insertion order. A scope with one
 * variable (most of them) keeps a bare [name, key] pair instead of a Map of one.
 */
export class VariableIndex {
  private readonly scopes = new Map<string, Map<string, string> | readonly [string, string]>();

  constructor(store: Store) {
    store.onChange('variable', (prev, next) => {
      if (prev && (!next || prev.scopeKey !== next.scopeKey || prev.name !== next.name)) this.remove(prev.scopeKey, prev.name, prev.key);
      if (next) this.set(next.scopeKey, next.name, next.key);
    });
  }

  /** Variable keys of a scope by name, in insertion order. */
  get(scopeKey: string): ReadonlyMap<string, string> {
    const names = this.scopes.get(scopeKey);
    if (names === undefined) return NO_NAMES;
    return names instanceof Map ? names : new Map([names]);
  }

  /** The key of the scope's variable of that name. */
  find(scopeKey: string, name: string): string | undefined {
    const names = this.scopes.get(scopeKey);
    if (names === undefined) return undefined;
    if (names instanceof Map) return names.get(name);
    return names[0] === name ? names[1] : undefined;
  }

  private set(scopeKey: string, name: string, key: string): void {
    const names = this.scopes.get(scopeKey);
    if (names === undefined || (!(names instanceof Map) && names[0] === name)) this.scopes.set(scopeKey, [name, key]);
    else if (names instanceof Map) names.set(name, key);
    else this.scopes.set(scopeKey, new Map([names, [name, key]]));
  }

  private remove(scopeKey: string, name: string, key: string): void {
    const names = this.scopes.get(scopeKey);
    if (names === undefined) return;
    if (!(names instanceof Map)) {
      if (names[0] === name && names[1] === key) this.scopes.delete(scopeKey);
      return;
    }
    if (names.get(name) !== key) return;
    names.delete(name);
    if (names.size === 0) this.scopes.delete(scopeKey);
  }
}

const NO_NAMES: ReadonlyMap<string, string> = new Map();

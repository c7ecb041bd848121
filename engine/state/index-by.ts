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
 * variables is linear, and a scope's variables iterate in insertion order.
 */
export class VariableIndex {
  private readonly scopes = new Map<string, Map<string, string>>();

  constructor(store: Store) {
    store.onChange('variable', (prev, next) => {
      if (prev && (!next || prev.scopeKey !== next.scopeKey || prev.name !== next.name)) {
        const names = this.scopes.get(prev.scopeKey);
        if (names?.get(prev.name) === prev.key) {
          names.delete(prev.name);
          if (names.size === 0) this.scopes.delete(prev.scopeKey);
        }
      }
      if (next) {
        let names = this.scopes.get(next.scopeKey);
        if (!names) {
          names = new Map();
          this.scopes.set(next.scopeKey, names);
        }
        names.set(next.name, next.key);
      }
    });
  }

  /** Variable keys of a scope by name, in insertion order. */
  get(scopeKey: string): ReadonlyMap<string, string> {
    return this.scopes.get(scopeKey) ?? NO_NAMES;
  }

  /** The key of the scope's variable of that name. */
  find(scopeKey: string, name: string): string | undefined {
    return this.scopes.get(scopeKey)?.get(name);
  }
}

const NO_NAMES: ReadonlyMap<string, string> = new Map();

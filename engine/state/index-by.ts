import type { RecordKind, RecordTypes } from './records';
import type { Store } from './store';

/**
 * A secondary index over one record kind, kept current through the store's change listener,
 * so undone transactions and loading at start keep it right without extra code.
 */
export class IndexBy<K extends RecordKind> {
  private readonly map = new Map<string, Set<string>>();

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
    return this.map.get(indexKey) ?? EMPTY;
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }

  private add(indexKey: string, key: string): void {
    let set = this.map.get(indexKey);
    if (!set) {
      set = new Set();
      this.map.set(indexKey, set);
    }
    set.add(key);
  }

  private delete(indexKey: string, key: string): void {
    const set = this.map.get(indexKey);
    if (!set) return;
    set.delete(key);
    if (set.size === 0) this.map.delete(indexKey);
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

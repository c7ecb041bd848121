import type { RecordKind, RecordTypes } from './records';
import type { Store } from './store';

/**
 * A secondary index over one record kind, kept current through the store's change listener,
 * so undone transactions and loading at start keep it right without extra code.
 */
export class IndexBy<K extends RecordKind> {
  private readonly map = new Map<string, Set<string>>();

  constructor(store: Store, kind: K, private readonly keyOf: (record: RecordTypes[K]) => string | undefined) {
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

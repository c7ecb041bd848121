/**
 * The read barrier of `engine_record`: with a journal (engine/state/store.ts) the table follows the
 * engine's commits a little later, so whoever reads it first asks the store of the same database to
 * catch up. Keyed by the database handle, which the query layer and the store share.
 */
type Barrier = () => Promise<void>;

const barriers = new WeakMap<object, Barrier>();

export function setReadBarrier(db: object, barrier: Barrier): void {
  barriers.set(db, barrier);
}

/** Resolves once every acknowledged engine change is readable in `engine_record` through `db`. */
export function readBarrier(db: object): Promise<void> {
  return barriers.get(db)?.() ?? Promise.resolve();
}

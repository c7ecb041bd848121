import type { Knex } from 'knex';
import { Interner } from './interner';
import type { RecordKind, RecordTypes } from './records';

type AnyRecord = { key: string };
type Listener = (prev: AnyRecord | undefined, next: AnyRecord | undefined) => void;

/** Records per statement of a large flush (some 40 ms of PGlite work each). */
const WRITE_CHUNK = 500;
/** Records fetched per round trip when loading at start. */
const LOAD_PAGE = 2000;

interface PendingWrite {
  kind: RecordKind;
  key: string;
  data: AnyRecord | null;
  active: boolean;
}

interface UndoEntry {
  kind: RecordKind;
  key: string;
  prev: AnyRecord | undefined;
  prevPending: PendingWrite | undefined;
}

/**
 * Engine state: runtime records in memory, every change also written to `engine_record`.
 *
 * Records are immutable: a change puts a new object. Commands run inside `transaction`, which
 * undoes all in-memory changes if the command throws, so a rejected command changes nothing.
 * `flush` group-commits everything changed so far in one database transaction; a command is
 * acknowledged only after the flush that holds its changes.
 */
export class Store {
  private readonly mem = new Map<RecordKind, Map<string, AnyRecord>>();
  private pending = new Map<string, PendingWrite>();
  private undo: UndoEntry[] | null = null;
  private readonly listeners = new Map<RecordKind, Listener[]>();
  private nextFlush: Promise<void> | null = null;
  private lastFlush: Promise<void> = Promise.resolve();
  private metaDirty = false;
  private keyCounter = 0;
  /** Write statistics, for benchmarks and diagnosis. */
  readonly stats = { flushes: 0, records: 0, writeMs: 0 };

  constructor(
    private readonly db: Knex,
    private readonly flushWindowMs = 0,
  ) {}

  /** Loads the runtime records and the key counter. Listeners must be registered before. */
  async load(): Promise<void> {
    const meta = await this.db('engine_meta').where({ name: 'key-counter' }).first();
    this.keyCounter = meta ? Number(meta.value) : 0;
    const intern = new Interner();
    // Through a cursor, a page at a time: one result of every runtime record would hold all their
    // rows and JSON texts at once beside the records (hundreds of MB at 100,000 instances).
    await this.db.transaction(async (trx) => {
      await trx.raw(`declare engine_load no scroll cursor for select kind, data from engine_record where active`);
      for (;;) {
        const { rows } = (await trx.raw(`fetch ${LOAD_PAGE} from engine_load`)) as {
          rows: { kind: RecordKind; data: AnyRecord | string }[];
        };
        for (const row of rows) {
          const data = intern.record(typeof row.data === 'string' ? (JSON.parse(row.data) as AnyRecord) : row.data);
          this.table(row.kind).set(data.key, data);
          this.emit(row.kind, undefined, data);
        }
        if (rows.length < LOAD_PAGE) break;
        await new Promise((r) => setImmediate(r));
      }
      await trx.raw('close engine_load');
    });
  }

  /** Zeebe-style keys: partition 1 in the top bits, a counter below. */
  nextKey(): string {
    this.keyCounter += 1;
    this.metaDirty = true;
    return (2251799813685248n + BigInt(this.keyCounter)).toString();
  }

  onChange<K extends RecordKind>(kind: K, listener: (prev: RecordTypes[K] | undefined, next: RecordTypes[K] | undefined) => void): void {
    const list = this.listeners.get(kind) ?? [];
    list.push(listener as unknown as Listener);
    this.listeners.set(kind, list);
  }

  get<K extends RecordKind>(kind: K, key: string | undefined): RecordTypes[K] | undefined {
    if (key === undefined) return undefined;
    return this.table(kind).get(key) as RecordTypes[K] | undefined;
  }

  values<K extends RecordKind>(kind: K): IterableIterator<RecordTypes[K]> {
    return this.table(kind).values() as IterableIterator<RecordTypes[K]>;
  }

  /** Inserts or replaces a runtime record. */
  put<K extends RecordKind>(kind: K, record: RecordTypes[K]): RecordTypes[K] {
    this.change(kind, record.key, record, { kind, key: record.key, data: record, active: true });
    return record;
  }

  update<K extends RecordKind>(kind: K, key: string, patch: Partial<RecordTypes[K]>): RecordTypes[K] {
    const prev = this.get(kind, key);
    if (!prev) throw new Error(`internal: no ${kind} ${key}`);
    return this.put(kind, { ...prev, ...patch });
  }

  /** Removes a record from memory and the database. */
  remove(kind: RecordKind, key: string): void {
    this.change(kind, key, undefined, { kind, key, data: null, active: false });
  }

  /** Keeps the final state in the database as history and drops it from memory. */
  archive<K extends RecordKind>(kind: K, record: RecordTypes[K]): void {
    this.change(kind, record.key, undefined, { kind, key: record.key, data: record, active: false });
  }

  /** Runs a command atomically in memory: if it throws, every change it made is undone. */
  transaction<T>(fn: () => T): T {
    if (this.undo) return fn();
    this.undo = [];
    const counter = this.keyCounter;
    try {
      const result = fn();
      this.undo = null;
      return result;
    } catch (err) {
      const log = this.undo ?? [];
      this.undo = null;
      for (let i = log.length - 1; i >= 0; i--) {
        const u = log[i];
        const current = this.table(u.kind).get(u.key);
        if (u.prev) this.table(u.kind).set(u.key, u.prev);
        else this.table(u.kind).delete(u.key);
        const id = `${u.kind}|${u.key}`;
        if (u.prevPending) this.pending.set(id, u.prevPending);
        else this.pending.delete(id);
        this.emit(u.kind, current, u.prev);
      }
      this.keyCounter = counter;
      throw err;
    }
  }

  /** Resolves once every change made before the call is committed to the database. */
  flush(): Promise<void> {
    if (this.nextFlush) return this.nextFlush;
    if (this.pending.size === 0 && !this.metaDirty) return this.lastFlush;
    const run = this.lastFlush.then(async () => {
      // PGlite runs synchronously on this thread: requests that arrived during the last write are
      // only read after it. Yielding to the event loop first lets them join this batch.
      await new Promise((r) => (this.flushWindowMs > 0 ? setTimeout(r, this.flushWindowMs) : setImmediate(r)));
      this.nextFlush = null;
      const batch = [...this.pending.values()];
      this.pending = new Map();
      const counter = this.keyCounter;
      this.metaDirty = false;
      const t0 = performance.now();
      try {
        await this.write(batch, counter);
      } catch (err) {
        // Memory already holds these changes: they go with the next flush (unless changed again
        // since), so the database never falls behind memory for good. The callers of this flush
        // are not acknowledged.
        for (const w of batch) {
          const id = `${w.kind}|${w.key}`;
          if (!this.pending.has(id)) this.pending.set(id, w);
        }
        this.metaDirty = true;
        throw err;
      }
      this.stats.flushes += 1;
      this.stats.records += batch.length;
      this.stats.writeMs += performance.now() - t0;
    });
    this.nextFlush = run;
    this.lastFlush = run.catch(() => undefined);
    return run;
  }

  /**
   * One statement per flush: data-modifying CTEs upsert, delete and move the key counter in a
   * single implicit transaction, which costs PGlite a fraction of BEGIN … COMMIT round trips.
   * A large flush is written in chunks within one transaction, yielding to the event loop between
   * them: PGlite runs on this thread, and one statement of 50,000 records would block it for seconds.
   */
  private async write(batch: PendingWrite[], counter: number): Promise<void> {
    if (batch.length <= WRITE_CHUNK) return this.writeChunk(this.db, batch, counter);
    await this.db.transaction(async (trx) => {
      for (let i = 0; i < batch.length; i += WRITE_CHUNK) {
        if (i > 0) await new Promise((r) => setImmediate(r));
        await this.writeChunk(trx, batch.slice(i, i + WRITE_CHUNK), counter);
      }
    });
  }

  private async writeChunk(db: Knex, batch: PendingWrite[], counter: number): Promise<void> {
    const upserts = batch
      .filter((w) => w.data !== null)
      .map((w) => ({
        kind: w.kind,
        key: w.key,
        pik: (w.data as { processInstanceKey?: string }).processInstanceKey ?? null,
        active: w.active,
        data: w.data,
      }));
    const deletes = batch.filter((w) => w.data === null).map((w) => ({ kind: w.kind, key: w.key }));
    await db.raw(
      `with upserted as (
         insert into engine_record (kind, key, process_instance_key, active, data)
         select kind, key::bigint, pik::bigint, active, data
         from jsonb_to_recordset(?::jsonb) as x(kind text, key text, pik text, active boolean, data jsonb)
         on conflict (kind, key) do update set data = excluded.data, active = excluded.active,
           process_instance_key = excluded.process_instance_key
         returning 1
       ), deleted as (
         delete from engine_record r using jsonb_to_recordset(?::jsonb) as x(kind text, key text)
         where r.kind = x.kind and r.key = x.key::bigint
         returning 1
       ), counter as (
         insert into engine_meta (name, value) values ('key-counter', ?::jsonb)
         on conflict (name) do update set value = excluded.value
         returning 1
       )
       select (select count(*) from upserted) + (select count(*) from deleted) + (select count(*) from counter) as n`,
      [JSON.stringify(upserts), JSON.stringify(deletes), JSON.stringify(counter)],
    );
  }

  private change(kind: RecordKind, key: string, next: AnyRecord | undefined, write: PendingWrite): void {
    const table = this.table(kind);
    const prev = table.get(key);
    const id = `${kind}|${key}`;
    if (this.undo) this.undo.push({ kind, key, prev, prevPending: this.pending.get(id) });
    if (next) table.set(key, next);
    else table.delete(key);
    this.pending.set(id, write);
    this.emit(kind, prev, next);
  }

  private emit(kind: RecordKind, prev: AnyRecord | undefined, next: AnyRecord | undefined): void {
    const list = this.listeners.get(kind);
    if (list) for (const l of list) l(prev, next);
  }

  private table(kind: RecordKind): Map<string, AnyRecord> {
    let t = this.mem.get(kind);
    if (!t) {
      t = new Map();
      this.mem.set(kind, t);
    }
    return t;
  }
}

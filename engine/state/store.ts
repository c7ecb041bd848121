import type { Knex } from 'knex';
import { Interner } from './interner';
import { Journal } from './journal';
import { setReadBarrier } from './read-barrier';
import type { RecordKind, RecordTypes } from './records';

type AnyRecord = { key: string };
type Listener = (prev: AnyRecord | undefined, next: AnyRecord | undefined) => void;

/** Records per statement of a large flush (some 40 ms of PGlite work each). */
const WRITE_CHUNK = 500;
/** Records fetched per round trip when loading at start. */
const LOAD_PAGE = 2000;
/**
 * Records per statement when `engine_record` catches up with the journal: PGlite runs each statement
 * on this thread, and a chunk of WRITE_CHUNK held the event loop for 10–20 ms, which the letters'
 * pages and the long polls waited out.
 */
const APPLY_CHUNK = 100;
/** With a journal: this many records waiting for `engine_record` start their write at once. */
const APPLY_AT_MOST = 20_000;

export interface JournalOptions {
  /** Folder of the journal's segments. */
  dir: string;
  /**
   * How long `engine_record` may stay behind the journal, in ms. 0: no journal, but what an
   * earlier run with one left in `dir` is still applied at start.
   */
  applyDelayMs: number;
}

interface PendingWrite {
  kind: RecordKind;
  key: string;
  data: AnyRecord | null;
  active: boolean;
}

/** A record's identity in the pending and unapplied maps: its kind and key. */
const idOf = (kind: string, key: string): string => `${kind}|${key}`;

/** Puts the writes of a failed attempt back, except where a newer change of the record is there already. */
function keepUnlessNewer(target: Map<string, PendingWrite>, batch: PendingWrite[]): void {
  for (const w of batch) {
    const id = idOf(w.kind, w.key);
    if (!target.has(id)) target.set(id, w);
  }
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
 * `flush` group-commits everything changed so far; a command is acknowledged only after the flush
 * that holds its changes. Without a journal the flush is one database statement. With a journal
 * (embedded PGlite on disk) it is one appended line (engine/state/journal.ts), and `engine_record`
 * follows from memory within `applyDelayMs`: a record changed by many commits in that time is
 * written once. Reads of `engine_record` go through the read barrier (`settle`), which brings it up
 * to date first, so a query after a command still sees its effects.
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
  /** Write statistics, for benchmarks and diagnosis (with a journal: `applied` rows went to `engine_record`). */
  readonly stats = { flushes: 0, records: 0, writeMs: 0, applies: 0, applied: 0, applyMs: 0 };
  private journal: Journal | null = null;
  /** Journaled, not yet in `engine_record`, by kind and key (the latest change of each). */
  private unapplied = new Map<string, PendingWrite>();
  private journaledCounter = 0;
  private applyTimer: NodeJS.Timeout | null = null;
  private applying: Promise<void> | null = null;

  constructor(
    private readonly db: Knex,
    private readonly flushWindowMs = 0,
    private readonly journalOptions?: JournalOptions,
  ) {
    if (journalOptions && journalOptions.applyDelayMs > 0) setReadBarrier(db, () => this.settle());
  }

  /** Loads the runtime records and the key counter. Listeners must be registered before. */
  async load(): Promise<void> {
    if (this.journalOptions) await this.replayJournal(this.journalOptions.dir, this.journalOptions.applyDelayMs > 0);
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
        const id = idOf(u.kind, u.key);
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
        keepUnlessNewer(this.pending, batch);
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
    if (this.journal) return this.journalWrite(batch, counter);
    return this.writeRecords(batch, counter);
  }

  private async writeRecords(batch: PendingWrite[], counter: number): Promise<void> {
    if (batch.length <= WRITE_CHUNK) return this.writeChunk(this.db, batch, counter);
    await this.db.transaction(async (trx) => {
      for (let i = 0; i < batch.length; i += WRITE_CHUNK) {
        if (i > 0) await new Promise((r) => setImmediate(r));
        await this.writeChunk(trx, batch.slice(i, i + WRITE_CHUNK), counter);
      }
    });
  }

  /**
   * Resolves once everything acknowledged so far is in `engine_record` (the read barrier of the
   * query layer). Without a journal it always is.
   */
  async settle(): Promise<void> {
    while (this.applying || this.unapplied.size > 0) {
      if (this.applying) await this.applying;
      else await this.apply();
    }
  }

  /** Writes what is pending and closes the journal; the store is not used afterwards. */
  async close(): Promise<void> {
    await this.flush();
    await this.settle();
    if (this.applyTimer) clearTimeout(this.applyTimer);
    this.applyTimer = null;
    this.journal?.close();
    this.journal = null;
  }

  /** Applies what an earlier run journaled but had not yet written to `engine_record`. */
  private async replayJournal(dir: string, keep: boolean): Promise<void> {
    const { entries, lastSegment } = Journal.readAll(dir);
    if (entries.length > 0) {
      const latest = new Map<string, PendingWrite>();
      for (const e of entries) for (const w of e.writes) latest.set(idOf(w.kind, w.key), w as PendingWrite);
      await this.writeRecords([...latest.values()], entries[entries.length - 1].counter);
    }
    Journal.removeThrough(dir, lastSegment);
    if (keep) this.journal = new Journal(dir);
  }

  private journalWrite(batch: PendingWrite[], counter: number): void {
    this.journal!.append({ counter, writes: batch });
    this.journaledCounter = counter;
    for (const w of batch) this.unapplied.set(idOf(w.kind, w.key), w);
    if (this.unapplied.size >= APPLY_AT_MOST && !this.applying) void this.apply().catch(() => undefined);
    else this.scheduleApply();
  }

  /**
   * Writes the journaled records to `engine_record`, each once, in statements of APPLY_CHUNK without
   * a surrounding transaction: PGlite has one connection, and the workers' statements get their turn
   * between the chunks. A crash half-way leaves the journal segments, which the next start applies
   * again. On failure the records wait for the next attempt.
   */
  private apply(): Promise<void> {
    if (this.applying) return this.applying;
    if (this.applyTimer) clearTimeout(this.applyTimer);
    this.applyTimer = null;
    if (this.unapplied.size === 0 || !this.journal) return Promise.resolve();
    const journal = this.journal;
    const batch = [...this.unapplied.values()];
    this.unapplied = new Map();
    const counter = this.journaledCounter;
    const t0 = performance.now();
    // Taking the batch and starting the next segment happen together: no commit comes between.
    let segment: number;
    try {
      segment = journal.rotate();
    } catch (err) {
      this.requeue(batch);
      return Promise.reject(err);
    }
    const run = (async () => {
      try {
        for (let i = 0; i < batch.length; i += APPLY_CHUNK) {
          if (i > 0) await new Promise((r) => setImmediate(r));
          await this.writeChunk(this.db, batch.slice(i, i + APPLY_CHUNK), counter);
        }
        journal.removeThrough(segment);
        this.stats.applies += 1;
        this.stats.applied += batch.length;
        this.stats.applyMs += performance.now() - t0;
      } catch (err) {
        this.requeue(batch);
        throw err;
      } finally {
        this.applying = null;
        this.scheduleApply();
      }
    })();
    this.applying = run;
    return run;
  }

  /** Records of a failed catch-up wait for the next one, unless changed again meanwhile. */
  private requeue(batch: PendingWrite[]): void {
    keepUnlessNewer(this.unapplied, batch);
    this.scheduleApply();
  }

  private scheduleApply(): void {
    if (this.unapplied.size === 0 || !this.journal || this.applyTimer || this.applying) return;
    this.applyTimer = setTimeout(() => void this.apply().catch(() => undefined), this.journalOptions!.applyDelayMs);
    this.applyTimer.unref();
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
    const id = idOf(kind, key);
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

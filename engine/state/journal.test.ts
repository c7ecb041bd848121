/**
 * The engine state with a journal (embedded PGlite on disk): commits go to the journal's file,
 * `engine_record` follows from memory, each record once, and a restart applies what a crash left in
 * the journal. The database is the stand-in of test/engine/fake-engine-db.ts; the journal is real.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fakeEngineDb, jobRecord, type FakeEngineDb } from '../../test/engine/fake-engine-db';
import { Journal } from './journal';
import { readBarrier } from './read-barrier';
import { Store } from './store';

const job = jobRecord;

let db: FakeEngineDb;
let dir: string;
/** Stores of the test, closed after it (a crashed one too): none may write after its folder is gone. */
let stores: Store[] = [];
const open = async (applyDelayMs = 60_000) => {
  const store = new Store(db.knex, 0, { dir, applyDelayMs });
  stores.push(store);
  await store.load();
  return store;
};
/** One committed job; its key. */
const commitJob = async (store: Store): Promise<string> => {
  const key = store.nextKey();
  store.transaction(() => store.put('job', job(key)));
  await store.flush();
  return key;
};
const segments = () => fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl'));

beforeEach(() => {
  stores = [];
  db = fakeEngineDb();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-journal-'));
});
afterEach(async () => {
  for (const store of stores) await store.close().catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('commits go to the journal, engine_record follows', () => {
  it('acknowledges a commit with no database statement, then writes each record once', async () => {
    const store = await open();
    const key = await commitJob(store);
    store.transaction(() => store.update('job', key, { state: 'ACTIVATED', worker: 'w' }));
    await store.flush();
    store.transaction(() => store.archive('job', { ...store.get('job', key)!, state: 'COMPLETED' }));
    await store.flush();
    expect(db.statements).toEqual([]);
    const lines = fs.readFileSync(path.join(dir, segments()[0]), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3);

    await store.settle();
    expect(db.statements).toEqual([{ records: 1, inTransaction: false }]);
    expect(db.rows.get(`job|${key}`)).toMatchObject({ active: false, data: { state: 'COMPLETED' } });
    expect(db.meta.get('key-counter')).toBe(1);
    // The applied segment is gone; the next commits go to a new one.
    expect(segments()).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, segments()[0]), 'utf8')).toBe('');
    await store.close();
  });

  it('writes engine_record by itself once the delay has passed', async () => {
    const store = await open(20);
    await commitJob(store);
    await new Promise((r) => setTimeout(r, 200));
    expect(db.rows.size).toBe(1);
    await store.close();
  });

  it('lets a reader of the same database wait until engine_record has caught up', async () => {
    const store = await open();
    await commitJob(store);
    expect(db.rows.size).toBe(0);
    await readBarrier(db.knex);
    expect(db.rows.size).toBe(1);
    await store.close();
  });

  it('keeps the records and the segment when the write to engine_record fails, and writes them next time', async () => {
    const store = await open();
    const key = await commitJob(store);
    db.failNext();
    await expect(store.settle()).rejects.toThrow('connection lost');
    expect(db.rows.size).toBe(0);
    expect(segments().length).toBe(2);
    await store.settle();
    expect(db.rows.get(`job|${key}`)).toBeDefined();
    expect(segments().length).toBe(1);
    await store.close();
  });

  it('fails a catch-up that cannot start the next segment as a rejection, keeping the records for the next one', async () => {
    const store = await open();
    const key = await commitJob(store);
    fs.rmSync(dir, { recursive: true, force: true });
    await expect(store.settle()).rejects.toMatchObject({ code: 'ENOENT' });
    expect(db.rows.size).toBe(0);
    fs.mkdirSync(dir);
    await store.settle();
    expect(db.rows.get(`job|${key}`)).toBeDefined();
  });
});

describe('a restart after a crash', () => {
  it('applies what the journal holds before loading, the latest change of each record winning', async () => {
    const before = await open();
    const a = before.nextKey();
    const b = before.nextKey();
    before.transaction(() => {
      before.put('job', job(a));
      before.put('job', job(b));
    });
    await before.flush();
    before.transaction(() => {
      before.update('job', a, { state: 'ACTIVATED', worker: 'w' });
      before.remove('job', b);
    });
    await before.flush();
    // kill -9: neither settled nor closed.
    expect(db.rows.size).toBe(0);

    const after = await open();
    expect(after.get('job', a)).toMatchObject({ state: 'ACTIVATED', worker: 'w' });
    expect(after.get('job', b)).toBeUndefined();
    expect([...db.rows.keys()]).toEqual([`job|${a}`]);
    expect(BigInt(after.nextKey())).toBe(BigInt(b) + 1n);
    expect(segments()).toHaveLength(1);
    await after.close();
  });

  it('applies what the journal holds also when the restart has the journal switched off', async () => {
    const key = await commitJob(await open());

    const after = new Store(db.knex, 0, { dir, applyDelayMs: 0 });
    stores.push(after);
    await after.load();
    expect(db.rows.get(`job|${key}`)).toBeDefined();
    expect(segments()).toEqual([]);
    after.transaction(() => after.update('job', key, { retries: 1 }));
    await after.flush();
    expect(db.rows.get(`job|${key}`)!.data).toMatchObject({ retries: 1 });
    expect(segments()).toEqual([]);
  });

  it('leaves out a last line cut short by the crash, and refuses a damaged line before the end', async () => {
    const store = await open();
    await commitJob(store);
    const file = path.join(dir, segments()[0]);
    fs.appendFileSync(file, '{"counter":2,"writes":[{"kind":"job","key":');
    expect(Journal.readAll(dir).entries).toHaveLength(1);
    fs.appendFileSync(file, '\n{"counter":3,"writes":[]}\n');
    expect(() => Journal.readAll(dir)).toThrow(/line 2 is damaged/);
  });
});

/**
 * The engine state without a database (test/engine/fake-engine-db.ts): the undo of a failed
 * command, group commit, the key counter and the secondary indexes. Milliseconds, no server.
 */
import { fakeEngineDb, jobRecord, type FakeEngineDb } from '../../test/engine/fake-engine-db';
import { IndexBy } from './index-by';
import { Indexes } from './indexes';
import type { JobRecord, VariableRecord } from './records';
import { Store } from './store';

const FIRST_KEY = 2251799813685249n; // partition 1 in the top bits, counter 1

const job = jobRecord;

function variable(key: string, scopeKey: string, name: string, value: unknown): VariableRecord {
  return { key, name, value: JSON.stringify(value), scopeKey, processInstanceKey: '10', tenantId: '<default>' };
}

let db: FakeEngineDb;
let store: Store;
beforeEach(() => {
  db = fakeEngineDb();
  store = new Store(db.knex);
});

describe('a command that fails changes nothing', () => {
  it('puts, updates, removals and archives inside a throwing transaction are undone in memory', () => {
    store.put('job', job('1'));
    store.put('job', job('2'));
    expect(() =>
      store.transaction(() => {
        store.update('job', '1', { state: 'ACTIVATED', worker: 'w' });
        store.remove('job', '2');
        store.put('job', job('3'));
        store.archive('job', store.get('job', '1')!);
        throw new Error('rejected');
      }),
    ).toThrow('rejected');
    expect(store.get('job', '1')).toEqual(job('1'));
    expect(store.get('job', '2')).toEqual(job('2'));
    expect(store.get('job', '3')).toBeUndefined();
  });

  it('the pending writes are restored too: the flush after it writes only what came before', async () => {
    store.put('job', job('1'));
    expect(() =>
      store.transaction(() => {
        store.put('job', job('1', { retries: 0 }));
        store.put('job', job('2'));
        throw new Error('rejected');
      }),
    ).toThrow();
    await store.flush();
    expect([...db.rows.keys()]).toEqual(['job|1']);
    expect(db.rows.get('job|1')!.data).toEqual(job('1'));
  });

  it('keys handed out by a failed command are handed out again', () => {
    const before = store.nextKey();
    expect(() =>
      store.transaction(() => {
        store.nextKey();
        store.nextKey();
        throw new Error('rejected');
      }),
    ).toThrow();
    expect(BigInt(store.nextKey())).toBe(BigInt(before) + 1n);
  });

  it('a nested transaction belongs to the outer one: its changes go when the outer fails', () => {
    expect(() =>
      store.transaction(() => {
        store.transaction(() => store.put('job', job('1')));
        throw new Error('rejected');
      }),
    ).toThrow();
    expect(store.get('job', '1')).toBeUndefined();
  });

  it('the indexes follow the undo through the change listener', () => {
    const indexes = new Indexes(store);
    store.put('job', job('1'));
    expect(() =>
      store.transaction(() => {
        store.update('job', '1', { state: 'ACTIVATED', deadline: 5 });
        store.put('variable', variable('7', '11', 'amount', 12));
        throw new Error('rejected');
      }),
    ).toThrow();
    expect([...indexes.activatableJobs.get('send-letter')]).toEqual(['1']);
    expect(indexes.activatedJobs.get('all').size).toBe(0);
    expect(indexes.variablesByScope.find('11', 'amount')).toBeUndefined();
  });
});

describe('group commit', () => {
  it('all changes since the last flush go in one statement, each record once with its last state', async () => {
    store.put('job', job('1'));
    store.update('job', '1', { retries: 2 });
    store.update('job', '1', { retries: 1 });
    store.put('job', job('2'));
    store.remove('job', '2');
    await store.flush();
    expect(db.statements).toEqual([{ records: 2, inTransaction: false }]);
    expect(db.rows.get('job|1')!.data.key).toBe('1');
    expect((db.rows.get('job|1')!.data as JobRecord).retries).toBe(1);
    expect(db.rows.has('job|2')).toBe(false);
  });

  it('callers that flush while a flush is being prepared share it; nothing pending writes nothing', async () => {
    store.put('job', job('1'));
    const a = store.flush();
    store.put('job', job('2'));
    const b = store.flush();
    expect(b).toBe(a);
    await Promise.all([a, b]);
    expect(db.statements).toHaveLength(1);
    await store.flush();
    expect(db.statements).toHaveLength(1);
  });

  it('an archived record stays in the database as history (inactive) and leaves memory', async () => {
    store.put('job', job('1'));
    store.archive('job', job('1', { state: 'COMPLETED' }));
    await store.flush();
    expect(store.get('job', '1')).toBeUndefined();
    expect(db.rows.get('job|1')).toMatchObject({ active: false, data: { state: 'COMPLETED' } });
  });

  it('a large flush is written in chunks inside one database transaction', async () => {
    for (let i = 1; i <= 1200; i++) store.put('job', job(String(i)));
    await store.flush();
    expect(db.transactions).toBe(1);
    expect(db.statements.map((s) => s.records)).toEqual([500, 500, 200]);
    expect(db.statements.every((s) => s.inTransaction)).toBe(true);
  });

  it('a failed write rejects the flush (its commands are not acknowledged); the next flush writes its changes too', async () => {
    store.put('job', job('1'));
    store.put('job', job('2'));
    db.failNext();
    await expect(store.flush()).rejects.toThrow('connection lost');
    store.update('job', '2', { retries: 0 });
    store.put('job', job('3'));
    await store.flush();
    expect([...db.rows.keys()].sort()).toEqual(['job|1', 'job|2', 'job|3']);
    expect((db.rows.get('job|2')!.data as JobRecord).retries).toBe(0);
  });
});

describe('the key counter', () => {
  it('keys are Zeebe-style (partition 1 in the top bits) and count up', () => {
    expect(BigInt(store.nextKey())).toBe(FIRST_KEY);
    expect(BigInt(store.nextKey())).toBe(FIRST_KEY + 1n);
  });

  it('is committed with the records and continues after a restart; active records are loaded', async () => {
    store.put('job', job(store.nextKey()));
    store.nextKey();
    store.archive('job', job('99'));
    await store.flush();
    const restarted = new Store(db.knex);
    const indexes = new Indexes(restarted);
    await restarted.load();
    expect(BigInt(restarted.nextKey())).toBe(FIRST_KEY + 2n);
    expect([...restarted.values('job')].map((j) => BigInt(j.key))).toEqual([FIRST_KEY]);
    expect(indexes.activatableJobs.get('send-letter').size).toBe(1);
  });

  it('a key handed out without any record change is still committed', async () => {
    store.nextKey();
    await store.flush();
    expect(db.meta.get('key-counter')).toBe(1);
  });
});

describe('indexes', () => {
  it('IndexBy moves a record when its index key changes and drops it when it leaves', () => {
    const byType = new IndexBy(store, 'job', (r) => (r.state === 'CREATED' ? r.type : undefined));
    store.put('job', job('1'));
    store.put('job', job('2', { type: 'send-mail' }));
    expect([...byType.get('send-letter')]).toEqual(['1']);
    store.update('job', '1', { type: 'send-mail' });
    expect([...byType.get('send-mail')]).toEqual(['2', '1']);
    expect([...byType.keys()]).toEqual(['send-mail']);
    store.update('job', '2', { state: 'ACTIVATED' });
    store.remove('job', '1');
    expect(byType.get('send-mail').size).toBe(0);
    expect([...byType.keys()]).toEqual([]);
  });

  it('IndexBy: a Set handed out while several records share the key still sees later removals', () => {
    const byType = new IndexBy(store, 'job', (r) => (r.state === 'CREATED' ? r.type : undefined));
    store.put('job', job('1'));
    store.put('job', job('1', { retries: 2 }));
    expect([...byType.get('send-letter')]).toEqual(['1']);
    store.put('job', job('2'));
    store.put('job', job('3'));
    const seen: string[] = [];
    for (const key of byType.get('send-letter')) {
      seen.push(key);
      if (key === '1') store.remove('job', '2');
    }
    expect(seen).toEqual(['1', '3']);
    expect([...byType.get('send-letter')]).toEqual(['1', '3']);
    store.remove('job', '1');
    store.remove('job', '3');
    expect([...byType.keys()]).toEqual([]);
  });

  it('variables are found by scope and name, and a variable moved to another scope leaves the old one', () => {
    const indexes = new Indexes(store);
    store.put('variable', variable('1', 'a', 'x', 1));
    store.put('variable', variable('2', 'a', 'y', 2));
    store.put('variable', variable('3', 'b', 'x', 3));
    expect([...indexes.variablesByScope.get('a').keys()]).toEqual(['x', 'y']);
    expect(indexes.variablesByScope.find('b', 'x')).toBe('3');
    store.put('variable', variable('1', 'b', 'z', 1));
    expect(indexes.variablesByScope.find('a', 'x')).toBeUndefined();
    expect(indexes.variablesByScope.find('b', 'z')).toBe('1');
    store.remove('variable', '2');
    expect(indexes.variablesByScope.get('a').size).toBe(0);
  });
});

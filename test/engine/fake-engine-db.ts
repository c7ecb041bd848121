/**
 * A stand-in for the two engine tables the Store writes (`engine_record`, `engine_meta`), speaking
 * exactly the Knex calls store.ts makes (and its loading cursor), so the state layer's unit tests run in milliseconds
 * without a database. It reads the store's one statement per flush by its bindings (upserts,
 * deletes, key counter) and records every statement and transaction, for the group-commit tests.
 * The real SQL runs against PGlite and PostgreSQL in the engine and durability suites.
 */
import type { Knex } from 'knex';
import type { JobRecord } from '../../engine/state/records';

interface Row {
  kind: string;
  key: string;
  active: boolean;
  data: { key: string };
}

export interface FakeEngineDb {
  knex: Knex;
  rows: Map<string, Row>;
  meta: Map<string, unknown>;
  /** Statements written, each with the number of records it carried. */
  statements: { records: number; inTransaction: boolean }[];
  transactions: number;
  /** Makes the next statement fail, as a lost connection would. */
  failNext(): void;
}

export function fakeEngineDb(): FakeEngineDb {
  const rows = new Map<string, Row>();
  const meta = new Map<string, unknown>();
  const statements: FakeEngineDb['statements'] = [];
  let failing = false;
  let transactions = 0;

  // The store loads through a cursor: `declare … cursor for select kind, data … where active`, then `fetch n`.
  let cursor: { kind: string; data: string }[] = [];
  const readCursor = (sql: string) => {
    if (sql.startsWith('declare'))
      cursor = [...rows.values()].filter((r) => r.active).map((r) => ({ kind: r.kind, data: JSON.stringify(r.data) }));
    const n = /^fetch (\d+)/.exec(sql);
    return { rows: n ? cursor.splice(0, Number(n[1])) : [] };
  };

  const raw = (inTransaction: boolean) => async (sql: string, bindings: [string, string, string]) => {
    if (/^(declare|fetch|close)\b/.test(sql)) return readCursor(sql);
    if (failing) {
      failing = false;
      throw new Error('connection lost');
    }
    const upserts = JSON.parse(bindings[0]) as { kind: string; key: string; active: boolean; data: { key: string } }[];
    const deletes = JSON.parse(bindings[1]) as { kind: string; key: string }[];
    for (const u of upserts) rows.set(`${u.kind}|${u.key}`, { kind: u.kind, key: u.key, active: u.active, data: u.data });
    for (const d of deletes) rows.delete(`${d.kind}|${d.key}`);
    meta.set('key-counter', JSON.parse(bindings[2]));
    statements.push({ records: upserts.length + deletes.length, inTransaction });
    return { rows: [] };
  };

  const table = (name: string) => ({
    where: (filter: Record<string, unknown>) => {
      if (name === 'engine_meta')
        return { first: async () => (meta.has(filter.name as string) ? { value: meta.get(filter.name as string) } : undefined) };
      return undefined;
    },
  });

  const knex = Object.assign((name: string) => table(name), {
    raw: raw(false),
    transaction: async (fn: (trx: unknown) => Promise<void>) => {
      transactions += 1;
      await fn(Object.assign((name: string) => table(name), { raw: raw(true) }));
    },
  }) as unknown as Knex;

  return {
    knex,
    rows,
    meta,
    statements,
    get transactions() {
      return transactions;
    },
    failNext: () => {
      failing = true;
    },
  };
}

/** A job record of the kind the state tests put and change. */
export function jobRecord(key: string, patch: Partial<JobRecord> = {}): JobRecord {
  return {
    key,
    type: 'send-letter',
    state: 'CREATED',
    processInstanceKey: '10',
    elementInstanceKey: '11',
    elementId: 'task',
    bpmnProcessId: 'p',
    processDefinitionKey: '9',
    processDefinitionVersion: 1,
    tenantId: '<default>',
    customHeaders: {},
    retries: 3,
    creationTime: '2026-12-01T00:00:00Z',
    ...patch,
  };
}

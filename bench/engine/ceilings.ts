/**
 * Ceilings of the database measured in the same run as the engine: durable single-row INSERT
 * transactions per second (what one command's own commit would cost, pgbench's unit), and rows
 * per second in multi-row statements of 500 (what the engine's group commit can reach at best).
 * A record of about the size of an engine job record is inserted into a table like `engine_record`.
 */
import type { Knex } from 'knex';

const RECORD = JSON.stringify({
  key: '2251799813685249',
  type: 'bench-one',
  state: 'CREATED',
  processInstanceKey: '2251799813685248',
  elementInstanceKey: '2251799813685250',
  elementId: 't',
  bpmnProcessId: 'bench-one',
  processDefinitionKey: '2251799813685247',
  processDefinitionVersion: 1,
  tenantId: '<default>',
  customHeaders: {},
  retries: 3,
  creationTime: '2026-12-01T00:00:00.000Z',
});

export interface InsertCeilings {
  singleRowCommitsPerSecond: number;
  groupedRowsPerSecond: number;
}

export async function insertCeilings(db: Knex, opts: { commits: number; rows: number; clients: number }): Promise<InsertCeilings> {
  // A plain table (a temporary one is per connection): the clients share it.
  await db.raw('create table if not exists bench_record (kind text, key bigint, active boolean, data jsonb, primary key (kind, key))');
  let key = 0;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: opts.clients }, async () => {
      while (next < opts.commits) {
        next += 1;
        await db.raw('insert into bench_record values (?, ?, true, ?::jsonb)', ['job', ++key, RECORD]);
      }
    }),
  );
  const singleRowCommitsPerSecond = opts.commits / ((performance.now() - t0) / 1000);
  const t1 = performance.now();
  for (let done = 0; done < opts.rows; done += 500) {
    const rows = Array.from({ length: 500 }, () => ({
      kind: 'job',
      key: String(++key),
      active: true,
      data: JSON.parse(RECORD) as unknown,
    }));
    await db.raw(
      `insert into bench_record select kind, key::bigint, active, data
       from jsonb_to_recordset(?::jsonb) as x(kind text, key text, active boolean, data jsonb)`,
      [JSON.stringify(rows)],
    );
  }
  const groupedRowsPerSecond = opts.rows / ((performance.now() - t1) / 1000);
  await db.raw('drop table bench_record');
  return { singleRowCommitsPerSecond, groupedRowsPerSecond };
}

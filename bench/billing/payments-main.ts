/**
 * The payments benchmark on its own, on PGlite (a fresh data folder) and PostgreSQL (a fresh
 * database, dropped afterwards):
 *
 *   npx tsx bench/billing/payments-main.ts
 *   BENCH_DEBITS=10000 BENCH_ENTRIES=10000 BENCH_ONLY=postgres npx tsx bench/billing/payments-main.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import { openDatabase } from '../../db';
import { runPaymentsBench, type PaymentsBenchRow } from './payments';

const DEBITS = Number(process.env.BENCH_DEBITS ?? 100_000);
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 100_000);
const ONLY = process.env.BENCH_ONLY ?? '';
const PG = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const log = (line: string) => console.log(line);

async function pglite(): Promise<PaymentsBenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-payments-'));
  const db = await openDatabase({ databaseUrl: '', dataDir: dir });
  try {
    return await runPaymentsBench(db, { debits: DEBITS, entries: ENTRIES, label: 'PGlite', log });
  } finally {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function postgres(): Promise<PaymentsBenchRow[]> {
  const admin = knexFactory({ client: 'pg', connection: PG, pool: { min: 0, max: 1 } });
  const name = `bench_${randomBytes(6).toString('hex')}`;
  try {
    await admin.raw(`CREATE DATABASE ${name}`);
  } catch (err) {
    log(`PostgreSQL: skipped (${(err as Error).message})`);
    await admin.destroy();
    return [];
  }
  const url = new URL(PG);
  url.pathname = `/${name}`;
  try {
    const db = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
    try {
      return await runPaymentsBench(db, { debits: DEBITS, entries: ENTRIES, label: 'PostgreSQL', log });
    } finally {
      await db.destroy();
    }
  } finally {
    await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.destroy();
  }
}

async function main(): Promise<void> {
  log(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
  const rows: PaymentsBenchRow[] = [];
  if (ONLY !== 'postgres') rows.push(...(await pglite()));
  if (ONLY !== 'pglite') rows.push(...(await postgres()));
  console.log('\n| What | Figure | Ceiling (same run) |\n| --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.what} | ${r.figure} | ${r.ceiling} |`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

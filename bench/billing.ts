/**
 * Billing benchmark, on PGlite (on disk, in a temp folder) and, when reachable, PostgreSQL (a fresh
 * database per run, dropped after): installment postings per second, annual bills per second
 * without PDF, each beside a ceiling measured in the same run (bench/billing/bills.ts); then the
 * payments half (pain.008 and camt import, bench/billing/payments.ts) when it is there.
 *
 *   npm run bench:billing                 # 100,000 contracts on PostgreSQL, 25,000 on PGlite
 *   npm run bench:billing -- --contracts 20000 --months 12 --concurrency 1 --no-payments
 *   npm run bench:billing -- --postgres-only   (or --pglite-only)
 *   npm run bench:billing -- --pdf-bills 121   (bill PDFs through the worker beside raw Chromium; --no-pdfs skips)
 *   BENCH_DATABASE_URL=postgres://… npm run bench:billing
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import knexFactory from 'knex';
import { openDatabase, type Database } from '../db';
import { runBillsBench, type BenchRow } from './billing/bills';
import { runBillPdfBench } from './billing/pdfs';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} expects a positive integer`);
  return v;
}

// Defaults keep both databases within ~10 minutes on a busy 2-core machine: 50,000 contracts on
// PostgreSQL, 10,000 on PGlite (single-threaded, ~2.5× slower); one month of installment runs
// timed, the other eleven posted in SQL (untimed, ~4,000 documents/s) so the bills release a whole
// year; --contracts sets both counts (--contracts 100000 for the figure, ~15 minutes).
const CONTRACTS = flag('contracts', 50_000);
const PGLITE_CONTRACTS = flag('pglite-contracts', process.argv.includes('--contracts') ? CONTRACTS : 10_000);
const MONTHS = Math.min(12, flag('months', 1));
const PAGE = flag('page', 1000);
const CONCURRENCY = flag('concurrency', 2);
const DEBITS = flag('debits', 20_000);
const ENTRIES = flag('entries', 20_000);
const PDF_BILLS = flag('pdf-bills', 61);
const ONLY = process.argv.includes('--postgres-only') ? 'postgres' : process.argv.includes('--pglite-only') ? 'pglite' : '';

type PaymentsBench = (
  db: Database,
  opts: { debits: number; entries: number; label: string },
) => Promise<Array<{ what: string; figure: string; ceiling: string }>>;

/** The payments half, when bench/billing/payments.ts exists (written separately). */
async function paymentsBench(): Promise<PaymentsBench | undefined> {
  const file = ['payments.ts', 'payments.js'].map((f) => path.join(__dirname, 'billing', f)).find((f) => fs.existsSync(f));
  if (!file) return undefined;
  const mod = (await import(pathToFileURL(file).href)) as { runPaymentsBench?: PaymentsBench };
  return mod.runPaymentsBench;
}

const log = (line: string) => console.log(line);

async function run(label: string, db: Database, contracts: number, table: Array<BenchRow & { db: string }>): Promise<void> {
  const t0 = Date.now();
  // PGlite has one connection: pages at once would only queue.
  const concurrency = label === 'PGlite' ? 1 : CONCURRENCY;
  for (const row of await runBillsBench(db, { contracts, months: MONTHS, pageSize: PAGE, concurrency, label, log }))
    table.push({ db: `${label} (${contracts.toLocaleString('en-US')})`, ...row });
  if (!process.argv.includes('--no-pdfs'))
    for (const row of await runBillPdfBench(db, { bills: PDF_BILLS, label, log })) table.push({ db: label, ...row });
  log(`${label}: done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

/**
 * The payments half on a database of its own: among the bills' contracts (one name for all of
 * them) no payer could be told apart by name, and the match figures would measure that instead.
 */
async function runPayments(label: string, db: Database, table: Array<BenchRow & { db: string }>): Promise<void> {
  const payments = process.argv.includes('--no-payments') ? undefined : await paymentsBench();
  if (payments) {
    try {
      for (const row of await payments(db, { debits: DEBITS, entries: ENTRIES, label })) {
        log(`${label}: ${row.what}: ${row.figure} (ceiling ${row.ceiling})`);
        table.push({ db: `${label} (own database)`, ...row });
      }
    } catch (err) {
      // The bills' figures stand on their own; a failing payments section is reported, not fatal.
      log(`${label}: payments section failed: ${(err as Error).message.split('\n').pop() ?? ''}`);
      table.push({
        db: label,
        what: 'payments section',
        figure: 'failed',
        ceiling: (err as Error).message.split('\n').pop()!.slice(0, 120),
      });
    }
  } else log(`${label}: payments section skipped`);
}

function printTable(table: Array<BenchRow & { db: string }>): void {
  const head = { db: 'database', what: 'what', figure: 'figure', ceiling: 'ceiling (same run)' };
  const rows = [head, ...table];
  const width = (k: keyof typeof head) => Math.max(...rows.map((r) => r[k].length));
  const w = { db: width('db'), what: width('what'), figure: width('figure'), ceiling: width('ceiling') };
  const line = (r: typeof head) =>
    `| ${r.db.padEnd(w.db)} | ${r.what.padEnd(w.what)} | ${r.figure.padStart(w.figure)} | ${r.ceiling.padEnd(w.ceiling)} |`;
  console.log('');
  console.log(line(head));
  console.log(`|${'-'.repeat(w.db + 2)}|${'-'.repeat(w.what + 2)}|${'-'.repeat(w.figure + 1)}:|${'-'.repeat(w.ceiling + 2)}|`);
  for (const r of table) console.log(line(r));
}

async function main(): Promise<void> {
  console.log(
    `machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; ` +
      `contracts: ${CONTRACTS.toLocaleString('en-US')} on PostgreSQL, ${PGLITE_CONTRACTS.toLocaleString('en-US')} on PGlite; ` +
      `${MONTHS} month(s) of installment runs timed; bill pages of ${PAGE}, ${CONCURRENCY} at once on PostgreSQL; ` +
      `payments: ${DEBITS.toLocaleString('en-US')} debits, ${ENTRIES.toLocaleString('en-US')} entries`,
  );
  const table: Array<BenchRow & { db: string }> = [];

  if (ONLY !== 'postgres') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-billing-'));
    const db = await openDatabase({ databaseUrl: '', dataDir: dir });
    try {
      await run('PGlite', db, PGLITE_CONTRACTS, table);
    } finally {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const payDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-payments-'));
    const payDb = await openDatabase({ databaseUrl: '', dataDir: payDir });
    try {
      await runPayments('PGlite', payDb, table);
    } finally {
      await payDb.destroy();
      fs.rmSync(payDir, { recursive: true, force: true });
    }
  }

  if (ONLY !== 'pglite') {
    const pg = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const admin = knexFactory({ client: 'pg', connection: pg, pool: { min: 0, max: 1 } });
    const name = `bench_billing_${Date.now()}`;
    let created = false;
    try {
      await admin.raw(`CREATE DATABASE ${name}`);
      created = true;
    } catch (err) {
      console.log(`PostgreSQL: skipped (${(err as Error).message})`);
    }
    if (created) {
      const url = new URL(pg);
      url.pathname = `/${name}`;
      const db = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
      try {
        await run('PostgreSQL', db, CONTRACTS, table);
      } finally {
        await db.destroy();
        await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }
      await admin.raw(`CREATE DATABASE ${name}_pay`);
      url.pathname = `/${name}_pay`;
      const payDb = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
      try {
        await runPayments('PostgreSQL', payDb, table);
      } finally {
        await payDb.destroy();
        await admin.raw(`DROP DATABASE IF EXISTS ${name}_pay WITH (FORCE)`);
      }
    }
    await admin.destroy();
  }
  printTable(table);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

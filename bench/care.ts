/**
 * Customer account screen benchmark (the /care app's API), on PGlite (on disk, in a temp folder) and,
 * when reachable, PostgreSQL (a fresh database, dropped after).
 *
 * Seeds 100,000 customers set-based (INSERT … SELECT over generate_series: customer, account, meter,
 * contract, SEPA mandate, a bill posted to the ledger, an order-to-contract process instance with its
 * variables), then one customer with five years of history (60 bills, payments and readings, a
 * return debit, dunning cases with notices, letters, mails and 63 process instances). Measures the
 * screen's two calls through Fastify (search by IBAN, name and customer number; the whole-customer
 * view) as p50/p95, beside a ceiling measured in the same run: a SELECT of one customer by primary
 * key through the same pool. Figures are printed, never asserted.
 *
 *   npm run bench:care                              # both databases, 100,000 customers
 *   npm run bench:care -- --size 20000 --pglite-only
 *   BENCH_DATABASE_URL=postgres://… npm run bench:care
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import knexFactory from 'knex';
import { openDatabase, type Database } from '../db';
import { seedCustomerHistory, type SeededHistory } from '../domain/care/test-fixtures';
import { createEngineQueries } from '../engine/query';
import { registerCareAccountRoutes } from '../server/api/care/account';
import { printTable } from './table';

const DEFAULT_SIZE = 100_000;
const RUNS = 40;
const WARMUP = 5;
const TODAY = '2026-01-20';
const TARGET_MS = 300;

function flag(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} expects a positive integer`);
  return v;
}
const ONLY = process.argv.includes('--postgres-only') ? 'postgres' : process.argv.includes('--pglite-only') ? 'pglite' : '';
const log = (line: string) => console.log(line);

interface Row extends Record<string, string> {
  db: string;
  what: string;
  figure: string;
  ceiling: string;
}

/** 100,000 customers with one contract, account, meter, mandate, bill and finished order instance each. */
async function seedCustomers(db: Database, n: number): Promise<void> {
  const raw = (sql: string) => db.raw(sql.replace(/:n\b/g, String(n)));
  const addr = `jsonb_build_object('street', 'Benchstraße', 'houseNumber', (g % 200 + 1)::text, 'postalCode', lpad((10000 + g % 89999)::text, 5, '0'), 'city', 'Köln')`;
  await raw(`INSERT INTO orders (id, payload, status)
    SELECT md5('o' || g)::uuid, '{"bench": true}'::jsonb, 'completed' FROM generate_series(1, :n) g`);
  await raw(`INSERT INTO customers (id, customer_number, created_by_order_id, first_name, last_name, birth_date, email, address, person_key, address_key)
    SELECT md5('c' || g)::uuid, 'K' || lpad(g::text, 8, '0'), md5('o' || g)::uuid,
      (ARRAY['Anna','Ben','Clara','David','Emma','Felix','Greta','Hans','Ida','Jonas','Karla','Lukas','Mia','Noah','Olga','Paul'])[g % 16 + 1],
      (ARRAY['Müller','Schmidt','Schneider','Fischer','Weber','Meyer','Wagner','Becker','Schulz','Hoffmann','Koch','Richter','Klein','Wolf','Neumann','Schwarz','Zimmermann','Braun','Krüger','Hofmann'])[g % 20 + 1]
        || CASE WHEN g % 3 = 0 THEN '' ELSE '-' || (g % 997)::text END,
      date '1950-01-01' + (g % 18000), 'kunde' || g || '@example.org', ${addr}, 'p' || g, 'a' || g
    FROM generate_series(1, :n) g`);
  await raw(`INSERT INTO contract_accounts (id, account_number, customer_id, created_by_order_id, payment_method, billing_address)
    SELECT md5('a' || g)::uuid, '7' || lpad(g::text, 9, '0'), md5('c' || g)::uuid, md5('o' || g)::uuid, 'sepa_direct_debit', ${addr}
    FROM generate_series(1, :n) g`);
  await raw(`INSERT INTO meters (id, meter_number, location)
    SELECT md5('m' || g)::uuid, '1BEN' || lpad(g::text, 8, '0'), ${addr} FROM generate_series(1, :n) g`);
  await raw(`INSERT INTO contracts (id, contract_number, order_id, customer_id, contract_account_id, meter_id, status, tariff_code, start_date,
      annual_consumption_kwh, supply_address)
    SELECT md5('v' || g)::uuid, 'V' || lpad(g::text, 9, '0'), md5('o' || g)::uuid, md5('c' || g)::uuid, md5('a' || g)::uuid,
      md5('m' || g)::uuid, 'active', 'RHEIN-FIX-24', date '2022-01-01' + (g % 1000), 1500 + g % 5000, ${addr}
    FROM generate_series(1, :n) g`);
  await raw(`INSERT INTO sepa_mandates (mandate_reference, contract_account_id, iban, account_holder, signed_date)
    SELECT 'M-7' || lpad(g::text, 9, '0') || '-1', md5('a' || g)::uuid,
      'DE' || lpad((g % 97)::text, 2, '0') || ' 3704 0044 ' || substr(lpad(g::text, 10, '0'), 1, 4) || ' ' || substr(lpad(g::text, 10, '0'), 5, 4) || ' ' || substr(lpad(g::text, 10, '0'), 9, 2),
      'Kunde ' || g, date '2022-01-01' + (g % 1000)
    FROM generate_series(1, :n) g`);
  // One bill per account, posted: two balanced lines per document, the open item by the ledger's trigger.
  await raw(`INSERT INTO ledger_documents (id, document_number, business_key, kind, contract_account_id, posting_date, text)
    SELECT md5('d' || g)::uuid, 'BENCH' || lpad(g::text, 9, '0'), 'bench-bill:' || g, 'bill', md5('a' || g)::uuid,
      date '2025-01-01' + (g % 300), 'Jahresabrechnung' FROM generate_series(1, :n) g`);
  await raw(`INSERT INTO ledger_lines (document_id, line_no, gl_account, contract_account_id, contract_id, item_type, amount_cents, due_date, text)
    SELECT md5('d' || g)::uuid, 1, 'receivable', md5('a' || g)::uuid, md5('v' || g)::uuid, 'bill', 1000 + g % 90000,
        date '2025-01-15' + (g % 300), 'Jahresabrechnung' FROM generate_series(1, :n) g
    UNION ALL
    SELECT md5('d' || g)::uuid, 2, 'revenue', NULL, NULL, NULL, -(1000 + g % 90000), NULL, 'Erlös' FROM generate_series(1, :n) g`);
  // The engine's history: a finished order-to-contract instance per customer, with its orderId and contractId.
  await raw(`INSERT INTO engine_record (kind, key, process_instance_key, data, active)
    SELECT 'process-instance', 10000000 + g, 10000000 + g, jsonb_build_object('key', (10000000 + g)::text, 'bpmnProcessId', 'order-to-contract',
      'processDefinitionKey', '1', 'version', 1, 'tenantId', '<default>', 'state', 'COMPLETED', 'startDate', '2022-01-01T08:00:00.000Z',
      'endDate', '2022-01-01T08:00:05.000Z', 'hasIncident', false), false
    FROM generate_series(1, :n) g`);
  await raw(`INSERT INTO engine_record (kind, key, process_instance_key, data, active)
    SELECT 'variable', 20000000 + g * 2 + v, 10000000 + g, jsonb_build_object('name', (ARRAY['orderId','contractId'])[v + 1],
      'value', to_jsonb(md5((ARRAY['o','v'])[v + 1] || g)::uuid::text)::text, 'scopeKey', (10000000 + g)::text), false
    FROM generate_series(1, :n) g, generate_series(0, 1) v`);
}

/** The history customer's process instances: a billing run per month, its dunning, its order. */
async function seedInstances(db: Database, c: SeededHistory): Promise<void> {
  const rows: Array<Record<string, unknown>> = [];
  const instance = (key: number, bpmnProcessId: string, name: string, value: string, day: string) => {
    rows.push({
      kind: 'process-instance',
      key,
      process_instance_key: key,
      active: false,
      data: JSON.stringify({
        key: String(key),
        bpmnProcessId,
        processDefinitionKey: '2',
        version: 1,
        tenantId: '<default>',
        state: 'COMPLETED',
        startDate: `${day}T06:00:00.000Z`,
        endDate: `${day}T06:00:03.000Z`,
        hasIncident: false,
      }),
    });
    rows.push({
      kind: 'variable',
      key: key + 1_000_000,
      process_instance_key: key,
      active: false,
      data: JSON.stringify({ name, value: JSON.stringify(value), scopeKey: String(key) }),
    });
  };
  for (let m = 0; m < 60; m++) {
    const day = new Date(Date.UTC(2021, m + 1, 1)).toISOString().slice(0, 10);
    instance(90_000_000 + m, 'contract-billing', 'contractId', c.contractId, day);
  }
  instance(90_000_100, 'dunning', 'contractAccountId', c.accountId, '2022-03-01');
  instance(90_000_101, 'dunning', 'contractAccountId', c.accountId, '2026-01-22');
  instance(90_000_102, 'order-to-contract', 'orderId', c.orderId, '2020-12-01');
  await db.batchInsert('engine_record', rows, 200);
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** p50 and p95 of `RUNS` calls after `WARMUP`, the calls of `fn` and of `ceiling` interleaved. */
async function measure(
  fn: () => Promise<unknown>,
  ceiling: () => Promise<unknown>,
): Promise<{ p50: number; p95: number; c50: number; c95: number }> {
  for (let i = 0; i < WARMUP; i++) await Promise.all([fn(), ceiling()]);
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    a.push(await timed(fn));
    b.push(await timed(ceiling));
  }
  const q = (xs: number[], p: number) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
  return { p50: q(a, 0.5), p95: q(a, 0.95), c50: q(b, 0.5), c95: q(b, 0.95) };
}

async function app(db: Database): Promise<FastifyInstance> {
  const server = Fastify({ logger: false });
  await registerCareAccountRoutes(server, {
    db,
    settings: {} as never,
    zbc: () => {
      throw new Error('the bench starts no process');
    },
    queries: createEngineQueries(db),
    today: () => TODAY,
  });
  await server.ready();
  return server;
}

async function run(label: string, db: Database, size: number, table: Row[]): Promise<void> {
  const t0 = Date.now();
  await seedCustomers(db, size);
  const customer = await seedCustomerHistory(db, { months: 60, from: '2021-01', firstName: 'Erika', lastName: 'Kundenschön' });
  await seedInstances(db, customer);
  await db.raw('ANALYZE');
  log(`${label}: seeded ${size.toLocaleString('en-US')} customers and the five-year one in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const server = await app(db);
  const get = async (url: string) => {
    const res = await server.inject({ method: 'GET', url });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    return res;
  };
  const view = await get(`/api/care/customers/${customer.customerNumber}`);
  const body = view.json() as { contracts: Array<{ bills: unknown[] }>; processInstances: unknown[] };
  log(
    `${label}: the view has ${body.contracts[0].bills.length} bills, ${body.processInstances.length} process instances, ${(view.body.length / 1024).toFixed(0)} KiB`,
  );
  const pk = () => db('customers').where({ id: customer.customerId }).first('id', 'customer_number');
  const ceiling = (m: { c50: number; c95: number }) => `primary-key SELECT p50 ${m.c50.toFixed(1)} ms, p95 ${m.c95.toFixed(1)} ms`;
  const figure = (m: { p50: number; p95: number }) =>
    `p50 ${m.p50.toFixed(0)} ms, p95 ${m.p95.toFixed(0)} ms${m.p95 < TARGET_MS ? '' : ` (over ${TARGET_MS} ms)`}`;
  const q = (s: string) => `/api/care/customers?q=${encodeURIComponent(s)}`;
  const cases: Array<[string, () => Promise<unknown>]> = [
    ['search by IBAN (spaced, lower case)', () => get(q(customer.iban.toLowerCase()))],
    ['search by name prefix ("Kundensch")', () => get(q('Kundensch'))],
    ['search by a common name ("Müller")', () => get(q('Müller'))],
    ['search by customer number', () => get(q(customer.customerNumber))],
    ['view: five years (60 bills, 63 instances)', () => get(`/api/care/customers/${customer.customerNumber}`)],
    ['view: a customer with one bill', () => get('/api/care/customers/K00000042')],
    [
      'screen opens: IBAN search + five-year view',
      async () => {
        await get(q(customer.iban));
        await get(`/api/care/customers/${customer.customerNumber}`);
      },
    ],
  ];
  for (const [what, fn] of cases) {
    const m = await measure(fn, pk);
    log(`${label}: ${what}: ${figure(m)} (${ceiling(m)})`);
    table.push({ db: `${label} (${size.toLocaleString('en-US')})`, what, figure: figure(m), ceiling: ceiling(m) });
  }
  await server.close();
}

async function onPglite(table: Row[]): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-care-'));
  const db = await openDatabase({ databaseUrl: '', dataDir: dir });
  try {
    await run('PGlite', db, flag('pglite-size') ?? flag('size') ?? DEFAULT_SIZE, table);
  } finally {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function onPostgres(table: Row[]): Promise<void> {
  const pg = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = knexFactory({ client: 'pg', connection: pg, pool: { min: 0, max: 1 } });
  const name = `bench_care_${Date.now()}`;
  try {
    try {
      await admin.raw(`CREATE DATABASE ${name}`);
    } catch (err) {
      log(`PostgreSQL: skipped (${(err as Error).message})`);
      return;
    }
    const url = new URL(pg);
    url.pathname = `/${name}`;
    const db = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
    try {
      await run('PostgreSQL', db, flag('size') ?? DEFAULT_SIZE, table);
    } finally {
      await db.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  } finally {
    await admin.destroy();
  }
}

async function main(): Promise<void> {
  console.log(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
  const table: Row[] = [];
  if (ONLY !== 'postgres') await onPglite(table);
  if (ONLY !== 'pglite') await onPostgres(table);
  printTable({ db: 'database (customers)', what: 'what', figure: 'figure', ceiling: 'ceiling (same run)' }, table, 'figure');
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

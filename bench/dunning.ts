/**
 * Dunning benchmark, on PGlite (on disk, in a temp folder) and, when reachable, PostgreSQL (a fresh
 * database per part, dropped after). Each part is a file under bench/dunning/ and gets a database of
 * its own; its figures are printed beside a ceiling or reference measured in the same run. Figures
 * are reported, never asserted.
 *
 *   npm run bench:dunning                              # every part, both databases
 *   npm run bench:dunning -- --parts propensity        # some parts (comma-separated)
 *   npm run bench:dunning -- --size 5000 --pglite-size 2000
 *   npm run bench:dunning -- --postgres-only           (or --pglite-only)
 *   BENCH_DATABASE_URL=postgres://… npm run bench:dunning
 *
 * A new part: a file under bench/dunning/ exporting a DunningBenchPart (./dunning/part.ts), added to `parts` below.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { openDatabase, type Database } from '../db';
import type { DunningBenchPart, DunningBenchRow } from './dunning/part';
import { activationPart } from './dunning/activation';
import { proposalPart } from './dunning/proposal';
import { propensityPart } from './dunning/propensity';
import { printTable } from './table';

const parts: DunningBenchPart[] = [proposalPart, activationPart, propensityPart];

function flag(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} expects a positive integer`);
  return v;
}

const ONLY = process.argv.includes('--postgres-only') ? 'postgres' : process.argv.includes('--pglite-only') ? 'pglite' : '';
const partsArg = process.argv.indexOf('--parts');
const wanted = partsArg >= 0 ? process.argv[partsArg + 1].split(',') : parts.map((p) => p.name);
const unknown = wanted.filter((w) => !parts.some((p) => p.name === w));
if (unknown.length) throw new Error(`unknown part(s) ${unknown.join(', ')}; parts: ${parts.map((p) => p.name).join(', ')}`);
const selected = parts.filter((p) => wanted.includes(p.name));

type Row = DunningBenchRow & { db: string };
const log = (line: string) => console.log(line);

async function runPart(part: DunningBenchPart, label: string, db: Database, size: number, table: Row[]): Promise<void> {
  const t0 = Date.now();
  try {
    for (const row of await part.run(db, { label, size, log })) {
      log(`${label}: ${part.name}: ${row.what}: ${row.figure} (${row.ceiling})`);
      table.push({ db: `${label} (${size.toLocaleString('en-US')})`, ...row });
    }
  } catch (err) {
    // One part failing does not hide the others' figures.
    const message = (err as Error).message.split('\n').pop() ?? '';
    log(`${label}: ${part.name} failed: ${message}`);
    table.push({ db: label, what: part.name, figure: 'failed', ceiling: message.slice(0, 120) });
  }
  log(`${label}: ${part.name} done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

async function onPglite(part: DunningBenchPart, table: Row[]): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-dunning-${part.name}-`));
  const db = await openDatabase({ databaseUrl: '', dataDir: dir });
  try {
    await runPart(part, 'PGlite', db, flag('pglite-size') ?? flag('size') ?? part.defaultSize.pglite, table);
  } finally {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function onPostgres(part: DunningBenchPart, table: Row[]): Promise<void> {
  const pg = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const admin = knexFactory({ client: 'pg', connection: pg, pool: { min: 0, max: 1 } });
  const name = `bench_dunning_${part.name.replace(/\W/g, '_')}_${Date.now()}`;
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
      await runPart(part, 'PostgreSQL', db, flag('size') ?? part.defaultSize.postgres, table);
    } finally {
      await db.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  } finally {
    await admin.destroy();
  }
}

async function main(): Promise<void> {
  console.log(
    `machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; parts: ${selected.map((p) => p.name).join(', ')}`,
  );
  const table: Row[] = [];
  for (const part of selected) {
    if (ONLY !== 'postgres') await onPglite(part, table);
    if (ONLY !== 'pglite') await onPostgres(part, table);
  }
  printTable({ db: 'database (size)', what: 'what', figure: 'figure', ceiling: 'ceiling / reference (same run)' }, table, 'figure');
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import knexFactory, { Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import { migrationSource, migrationNames } from './migrations';

export type Database = Knex;

export interface DatabaseOptions {
  /** postgres://… for a PostgreSQL server; empty for embedded PGlite. */
  databaseUrl: string;
  /** Folder of the PGlite data; ignored for PostgreSQL. `memory://` keeps PGlite in memory (tests). */
  dataDir: string;
}

/** The folder of each database opened on embedded PGlite on disk (DATA_DIR), by handle. */
const pgliteFolders = new WeakMap<Knex, string>();

/** The data folder of a database on embedded PGlite on disk; undefined for PostgreSQL and in-memory PGlite. */
export function pgliteDataDir(db: Knex): string | undefined {
  return pgliteFolders.get(db);
}

/** Opens the database and runs the migrations, so every caller sees the current schema. */
export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  const db = opts.databaseUrl ? openPostgres(opts.databaseUrl) : await openPglite(opts.dataDir);
  await db.migrate.latest({ migrationSource });
  return db;
}

function openPostgres(url: string): Knex {
  return knexFactory({ client: 'pg', connection: url, pool: { min: 1, max: 10 } });
}

/**
 * PostgreSQL's default shared_buffers (128 MB) lives in PGlite's WebAssembly memory, which grows and
 * never shrinks: once the tables outgrow it, it stays resident. Embedded, the operating system's page
 * cache already holds the data files, so a small buffer pool costs little speed and saves that memory
 * (docs/performance.md, "Engine memory"). wal_buffers follows it (1/32).
 */
const PGLITE_SHARED_BUFFERS = process.env.PGLITE_SHARED_BUFFERS || '16MB';

function pgliteStartParams(): string[] {
  return [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`];
}

async function openPglite(dataDir: string): Promise<Knex> {
  if (dataDir === 'memory://') {
    const pglite = new PGlite({ loadDataDir: new Blob([new Uint8Array(await migratedTemplate())]), startParams: pgliteStartParams() });
    return withPglite(pglite);
  }
  const folder = path.resolve(dataDir, 'pgdata');
  fs.mkdirSync(folder, { recursive: true });
  if (!fs.existsSync(path.join(folder, 'PG_VERSION'))) initdbInChild(folder);
  const db = withPglite(new PGlite(folder, { startParams: pgliteStartParams() }));
  pgliteFolders.set(db, path.resolve(dataDir));
  return db;
}

/**
 * Creates a new PGlite data folder in a short-lived child process. Run in this process, initdb's own
 * WebAssembly module leaves some 130 MB resident for the process's lifetime (docs/performance.md,
 * "Engine memory").
 */
function initdbInChild(folder: string): void {
  const script = `const { PGlite } = require(${JSON.stringify(require.resolve('@electric-sql/pglite'))});
    const db = new PGlite(${JSON.stringify(folder)});
    db.waitReady.then(() => db.close()).then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });`;
  const result = spawnSync(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`PGlite initdb in ${folder} failed: ${result.stderr || result.error?.message}`);
}

function withPglite(pglite: PGlite): Knex {
  return knexFactory({ client: ClientPgLite, dialect: 'postgres', connection: () => ({ pglite }) } as unknown as Knex.Config);
}

/**
 * PGlite's initdb takes ~15 s of CPU here; an in-memory database for a test starts instead from
 * a dump of a migrated database, made once per machine and schema and kept in the temp folder.
 */
async function migratedTemplate(): Promise<Buffer> {
  const pkg = path.join(path.dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
  const pgliteVersion = (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version;
  const id = createHash('sha256')
    .update(`${pgliteVersion}|${migrationNames().join(',')}|${migrationFingerprint()}`)
    .digest('hex')
    .slice(0, 16);
  const file = path.join(os.tmpdir(), `energy-o2c-pglite-${id}.tar`);
  if (fs.existsSync(file)) return fs.readFileSync(file);
  const pglite = new PGlite();
  const db = withPglite(pglite);
  await db.migrate.latest({ migrationSource });
  const dump = Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer());
  await db.destroy();
  const tmp = `${file}.${process.pid}`;
  fs.writeFileSync(tmp, dump);
  fs.renameSync(tmp, file);
  return dump;
}

/** Changes to migration files make a new template, not only new migration names. */
function migrationFingerprint(): string {
  const dir = path.join(__dirname, 'migrations');
  const hash = createHash('sha256');
  for (const f of fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))
    .sort())
    hash.update(fs.readFileSync(path.join(dir, f)));
  return hash.digest('hex');
}

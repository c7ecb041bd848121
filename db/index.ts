import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import { migrationSource } from './migrations';

export type Database = Knex;

export interface DatabaseOptions {
  /** postgres://… for a PostgreSQL server; empty for embedded PGlite. */
  databaseUrl: string;
  /** Folder of the PGlite data; ignored for PostgreSQL. `memory://` keeps PGlite in memory (tests). */
  dataDir: string;
}

/** Opens the database and runs the migrations, so every caller sees the current schema. */
export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  const db = opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir);
  await db.migrate.latest({ migrationSource });
  return db;
}

function openPostgres(url: string): Knex {
  return knexFactory({ client: 'pg', connection: url, pool: { min: 1, max: 10 } });
}

function openPglite(dataDir: string): Knex {
  if (dataDir === 'memory://') return knexFactory({ client: ClientPgLite, dialect: 'postgres', connection: {} } as Knex.Config);
  const folder = path.resolve(dataDir, 'pgdata');
  fs.mkdirSync(folder, { recursive: true });
  return knexFactory({ client: ClientPgLite, dialect: 'postgres', connection: { filename: folder } } as Knex.Config);
}

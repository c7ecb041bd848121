import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import { openDatabase, type Database } from './index';

/** A database for one test file, and how to throw it away. */
export interface TestDatabase {
  db: Database;
  /** postgres://… of a PostgreSQL test database; absent for PGlite. */
  url?: string;
  dispose(): Promise<void>;
}

export interface DatabaseVariant {
  name: 'pglite' | 'postgres';
  open(): Promise<TestDatabase>;
}

/** PostgreSQL server used by tests; tests skip the PostgreSQL variant only when none is set. */
export function testPostgresUrl(): string {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || '';
}

/**
 * PGlite in memory, plus PostgreSQL when a URL is set. Each PostgreSQL test gets a database of
 * its own, so parallel test files (and other engineers' tests) never see each other's rows.
 */
export function databaseVariants(): DatabaseVariant[] {
  const url = testPostgresUrl();
  const postgres: DatabaseVariant = { name: 'postgres', open: () => openPostgresTestDatabase(url) };
  // The PostgreSQL pass of CI (test/run-postgres.js) ran the PGlite variant already in `npm test`.
  if (url && process.env.TEST_POSTGRES_ONLY === '1') return [postgres];
  const variants: DatabaseVariant[] = [{ name: 'pglite', open: openPgliteTestDatabase }];
  if (url) variants.push(postgres);
  return variants;
}

export async function openPgliteTestDatabase(): Promise<TestDatabase> {
  const db = await openDatabase({ databaseUrl: '', dataDir: 'memory://' });
  return { db, dispose: () => db.destroy() };
}

export async function openPostgresTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } });
  await admin.raw(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
  return {
    db,
    url: url.toString(),
    dispose: async () => {
      await db.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    },
  };
}

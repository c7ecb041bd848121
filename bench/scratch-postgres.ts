/**
 * A database of its own on the local PostgreSQL for one bench run, dropped afterwards; `undefined`
 * to `fn` when the server cannot be reached (the bench then skips its PostgreSQL part).
 */
export async function withScratchPostgres(
  serverUrl: string,
  fn: (databaseUrl: string | undefined, skipped?: string) => Promise<void>,
): Promise<void> {
  const { default: knex } = await import('knex');
  const admin = knex({ client: 'pg', connection: serverUrl });
  const name = `bench_${Date.now()}`;
  try {
    await admin.raw(`create database ${name}`);
  } catch (err) {
    await admin.destroy();
    return fn(undefined, (err as Error).message);
  }
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    await fn(url.toString());
  } finally {
    await admin.raw(`drop database if exists ${name} with (force)`);
    await admin.destroy();
  }
}

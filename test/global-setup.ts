import { openDatabase } from '../db';

/** Builds the migrated PGlite template once, before the test workers start (see db/index.ts). */
export default async function globalSetup(): Promise<void> {
  const db = await openDatabase({ databaseUrl: '', dataDir: 'memory://' });
  await db.destroy();
}

/**
 * The engine alone in a process of its own (`npm run engine`): benches and the crash test use it.
 * Prints `READY <grpcPort>` once it accepts commands.
 */
import { loadSettings } from '../config/settings';
import { openDatabase } from '../db';
import { startEngine } from '.';

async function main(): Promise<void> {
  const settings = loadSettings(process.env);
  const db = await openDatabase({ databaseUrl: settings.databaseUrl, dataDir: settings.dataDir });
  const engine = await startEngine({ db, settings, log: (level, message, err) => level === 'error' && console.error(message, err) });
  console.log(`READY ${engine.grpcPort}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

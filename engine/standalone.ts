/**
 * The engine alone in a process of its own (`npm run engine`): benches and the crash test use it.
 * Prints `READY <grpcPort>` once it accepts commands (plain lines on stdout: the crash test and the
 * benches read them, so this CLI keeps console instead of the product's pino logger).
 */
import { loadSettings } from '../config/settings';
import { openDatabase } from '../db';
import { startEngine } from '.';

async function main(): Promise<void> {
  const settings = loadSettings(process.env);
  const db = await openDatabase({ databaseUrl: settings.databaseUrl, dataDir: settings.dataDir });
  const engine = await startEngine({ db, settings, log: (level, message, err) => level === 'error' && console.error(message, err) });
  console.log(`READY ${engine.grpcPort}`);
  if (process.env.ENGINE_STATS) {
    setInterval(() => console.log(`stats ${JSON.stringify(engine.engine.store.stats)}`), 5000).unref();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

// A clean exit on SIGTERM/SIGINT lets profilers (node --cpu-prof) write their output.
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => process.exit(0));

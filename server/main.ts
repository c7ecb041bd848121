/**
 * `npm start`: the whole system on one machine.
 */
import { loadSettings } from '../config/settings';
import { startSystem } from './system';

async function main(): Promise<void> {
  const settings = loadSettings();
  const system = await startSystem(settings);
  console.log(`ready: ${system.httpUrl}`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    await system.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

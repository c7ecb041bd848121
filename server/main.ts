/**
 * `npm start`: the whole system on one machine.
 */
import { loadSettings } from '../config/settings';
import { createLogger } from './log';
import { startSystem } from './system';
import { profileOnSignal } from '../engine/profile-signal';

const logger = createLogger(process.env.LOG_LEVEL || 'info');

async function main(): Promise<void> {
  // Benches profile the product's process with it (bench/cpu-profile.ts).
  if (process.env.ENGINE_CPU_PROF) profileOnSignal(process.env.ENGINE_CPU_PROF);
  const settings = loadSettings();
  const system = await startSystem(settings);
  logger.info(`ready: ${system.httpUrl}`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping`);
    await system.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  logger.fatal({ err }, 'start failed');
  process.exit(1);
});

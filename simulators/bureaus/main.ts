/**
 * The credit bureau simulator on its own (`tsx simulators/bureaus/main.ts`): for installations in
 * the production profile, which never start it inside the product, and that still have no
 * contract with the bureaus (docker-compose's demo stack). Host and port from the environment.
 */
import pino from 'pino';
import { startBureauSimulator } from './server';

const logger = pino({ name: 'bureau-simulator', level: process.env.LOG_LEVEL || 'info' });

const port = Number(process.env.BUREAU_SIMULATOR_PORT ?? 8090);
const host = process.env.BUREAU_SIMULATOR_HOST ?? '127.0.0.1';

startBureauSimulator({ port, host })
  .then((sim) => logger.info(`bureau simulator: ${sim.url}`))
  .catch((err) => {
    logger.fatal({ err }, 'start failed');
    process.exit(1);
  });

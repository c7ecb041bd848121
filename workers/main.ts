/**
 * `npm run workers`: only the job workers, in a process of their own, so a supplier adds worker
 * machines without adding servers. Several such processes share the jobs of one engine; the
 * handlers' idempotency rules (claims in the database) keep a letter from going out twice.
 *
 * - Engine: always the one at ZEEBE_GRPC_ADDRESS with the ZEEBE_* / CAMUNDA_* settings, as the
 *   server uses a Camunda 8 cluster with ENGINE_EMBEDDED=false. This process never starts an
 *   engine: with ENGINE_EMBEDDED=true (the default) it still connects to ZEEBE_GRPC_ADDRESS, which
 *   then is the gateway of a server's embedded engine.
 * - Database: DATABASE_URL, the PostgreSQL database the server uses (a PGlite data folder belongs
 *   to one process, so it is refused here).
 * - Task types: WORKER_TASK_TYPES selects out of all of the product's (empty: all); WORKER_NAME is
 *   the name the engine records with each job (empty: host name and process id).
 * - Mail through SMTP_HOST/SMTP_PORT, credit bureaus at their *_BASE_URL, "today" from this
 *   machine's clock (a controlled engine clock of tests does not reach here).
 *
 * Prints `READY <number of task types>` on stdout once every worker is created (tests wait for
 * it); SIGTERM or SIGINT closes the workers (after the jobs in flight, for at most 25 s), the
 * engine connection and the database, then exits 0.
 */
import { ConfigError, descriptors, loadSettings, productionViolations, type Settings } from '../config/settings';
import { openDatabase } from '../db';
import { createLogger } from '../server/log';
import { zeebeClient } from '../server/zeebe-client';
import { startAllWorkers } from './all';
import { workerNameOf } from './runtime';

/**
 * The production checks of the server that concern workers: customers' links in the letters. The
 * rest (development users and passwords, simulators, the engine clock) are the server's parts.
 */
const workerProductionSettings = [descriptors.publicBaseUrl.env];

const shutdownGraceMs = 25_000;

function checkSettings(settings: Settings): void {
  const violations = productionViolations(settings).filter((v) => workerProductionSettings.some((env) => v.startsWith(env)));
  if (violations.length) throw new ConfigError(descriptors.appProfile.env, `production refuses to start: ${violations.join('; ')}`);
  if (!settings.databaseUrl)
    throw new ConfigError(
      descriptors.databaseUrl.env,
      "the workers share the server's database; set the PostgreSQL URL it uses (a PGlite data folder belongs to one process)",
    );
}

async function main(): Promise<void> {
  const settings = loadSettings(process.env);
  const logger = createLogger(settings.logLevel).child({ component: 'workers' });
  try {
    checkSettings(settings);
  } catch (err) {
    logger.fatal({ err }, 'start failed');
    process.exit(1);
  }
  const stops: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    let failed = false;
    for (const s of stops.reverse())
      await s().catch((err) => {
        failed = true;
        logger.error({ err }, 'stopping a part failed');
      });
    return failed;
  };
  // Installed before READY is printed: a signal that comes right after it must not meet the
  // default action (an exit by signal, without closing anything).
  // Jobs in flight finish before the workers close; one that takes longer (or an SDK close that
  // never settles) goes back to the engine at its job timeout, so the process need not wait for it.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping`);
    setTimeout(() => {
      logger.error(`not stopped after ${shutdownGraceMs / 1000} s; exiting`);
      process.exit(1);
    }, shutdownGraceMs).unref();
    process.exit((await stop()) ? 1 : 0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  try {
    const db = await openDatabase({ databaseUrl: settings.databaseUrl, dataDir: settings.dataDir });
    stops.push(() => db.destroy());
    const zbc = zeebeClient(settings);
    stops.push(() => zbc.close());
    const workers = await startAllWorkers({ zbc, db, settings, log: (message) => logger.info(message) });
    stops.push(() => workers.close());
    logger.info(`workers: ${workers.taskTypes.length} task types as ${workerNameOf(settings)} at ${settings.zeebeGrpcAddress}`);
    process.stdout.write(`READY ${workers.taskTypes.length}\n`);
  } catch (err) {
    logger.fatal({ err }, 'start failed');
    await stop();
    process.exit(1);
  }
}

void main();

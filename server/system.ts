/**
 * The composition root: starts every part of the product in order, and stops them in reverse.
 * Data flows order → process → worker → database → document → mail; each part gets only the
 * handles it needs.
 */
import { randomBytes } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { ConfigError, descriptors, productionViolations, type Settings } from '../config/settings';
import { createLogger } from './log';
import { pinoEngineLog } from '../engine/log';
import { openDatabase, type Database } from '../db';
import { startEngine, type EmbeddedEngine } from '../engine';
import { createEngineQueries } from '../engine/query';
import { startBureauSimulator, type BureauSimulator } from '../simulators/bureaus';
import { startMailSink, type MailSink } from '../simulators/mailsink';
import { startPaymentProviderSimulator, type PaymentProviderSimulator } from '../simulators/payment-provider';
import { startAllWorkers } from '../workers/all';
import type { RunningJobWorkers } from '../workers/runtime';
import { camundaRestClient, zeebeClient, type ZeebeClient } from './zeebe-client';
import { clusterProcessInstanceSearch } from './cluster/search';
import { recordStartDeployment } from './modeler';
import { deployProcessFolder } from './deploy-processes';
import { createGrpcAuth } from './auth/grpc';
import { createOidcCheck } from './auth/oidc';
import { registerRoutes } from './routes';
import { createOrderStarts } from './order-starts';

export interface System {
  settings: Settings;
  db: Database;
  engine?: EmbeddedEngine;
  http: FastifyInstance;
  httpUrl: string;
  simulator?: BureauSimulator;
  mailSink?: MailSink;
  paymentProvider?: PaymentProviderSimulator;
  workers?: RunningJobWorkers;
  /** The SDK client of the order API; also handy for tests. */
  zbc: ZeebeClient;
  stop(): Promise<void>;
}

type Log = (message: string) => void;

/**
 * Starts everything. `log` receives the start-up lines (tests pass a no-op); every part logs
 * through one pino logger at LOG_LEVEL, each as a child with its component name.
 */
export async function startSystem(initialSettings: Settings, startLog?: Log): Promise<System> {
  let settings = initialSettings;
  const logger = createLogger(settings.logLevel);
  const log: Log = startLog ?? ((message) => logger.info(message));
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err) => logger.error({ err }, 'stopping a part failed'));
  };
  const violations = productionViolations(settings);
  if (violations.length) throw new ConfigError(descriptors.appProfile.env, `production refuses to start: ${violations.join('; ')}`);
  try {
    const db = await openDatabase({ databaseUrl: settings.databaseUrl, dataDir: settings.dataDir });
    stops.push(() => db.destroy());
    log(`database: ${settings.databaseUrl ? 'PostgreSQL' : `PGlite in ${settings.dataDir}`}`);

    let engine: EmbeddedEngine | undefined;
    if (settings.engineEmbedded) {
      engine = await startEngine({
        db,
        settings,
        grpcAuth: createGrpcAuth(
          db,
          settings,
          undefined,
          undefined,
          createOidcCheck(settings, (m) => logger.warn(m)),
        ),
        log: pinoEngineLog(logger.child({ component: 'engine' })),
      });
      stops.push(() => engine!.close());
      log(
        `engine: Zeebe gRPC gateway on ${settings.engineGrpcHost}:${engine.grpcPort}${settings.engineGrpcTlsCertPath ? ' (TLS)' : ''}, authentication ${settings.engineGrpcAuth}`,
      );
    }

    let simulator: BureauSimulator | undefined;
    if (settings.bureauSimulatorEnabled) {
      simulator = await startBureauSimulator({ port: settings.bureauSimulatorPort, latencyMs: settings.bureauSimulatorLatencyMs });
      stops.push(() => simulator!.close());
      log(`bureau simulator: ${simulator.url}`);
    }

    // A simulator on a picked port: adapters still on the default URLs follow it.
    if (simulator) {
      const sim = simulator;
      const follow = (name: 'schufaBaseUrl' | 'infoscoreBaseUrl' | 'creditreformBaseUrl', path: string) =>
        settings[name] === descriptors[name].default ? `${sim.url}/${path}` : settings[name];
      settings = {
        ...settings,
        schufaBaseUrl: follow('schufaBaseUrl', 'schufa'),
        infoscoreBaseUrl: follow('infoscoreBaseUrl', 'infoscore'),
        creditreformBaseUrl: follow('creditreformBaseUrl', 'creditreform'),
      };
    }

    let paymentProvider: PaymentProviderSimulator | undefined;
    if (settings.paymentProviderSimulatorEnabled) {
      // Development: a key and webhook secret of this start unless set; the adapter follows the simulator's port.
      const apiKey = settings.paymentProviderApiKey || randomBytes(18).toString('base64url');
      const webhookSecret = settings.paymentProviderWebhookSecret || randomBytes(32).toString('base64url');
      paymentProvider = await startPaymentProviderSimulator({ port: settings.paymentProviderSimulatorPort, apiKey, webhookSecret });
      stops.push(() => paymentProvider!.close());
      settings = {
        ...settings,
        paymentProviderApiKey: apiKey,
        paymentProviderWebhookSecret: webhookSecret,
        paymentProviderBaseUrl:
          settings.paymentProviderBaseUrl === descriptors.paymentProviderBaseUrl.default
            ? paymentProvider.url
            : settings.paymentProviderBaseUrl,
      };
      log(`payment provider simulator: ${paymentProvider.url}`);
    }

    let mailSink: MailSink | undefined;
    if (settings.mailSinkEnabled) {
      mailSink = await startMailSink({ smtpPort: settings.smtpPort, capacity: settings.mailSinkCapacity });
      stops.push(() => mailSink!.close());
      settings = { ...settings, smtpPort: mailSink.smtpPort };
      log(`mail sink: SMTP on port ${mailSink.smtpPort}`);
    }

    const zbc = zeebeClient(settings, engine?.grpcPort);
    stops.push(async () => {
      await zbc.close();
    });

    const http = Fastify({
      loggerInstance: logger.child({ component: 'http' }) as FastifyBaseLogger,
      logController: new LogController({ disableRequestLogging: true }),
      trustProxy: trustProxyOf(settings.trustProxy),
      bodyLimit: settings.engineMaxMessageSize,
    });
    const orderStarts = createOrderStarts({
      db,
      settings,
      engine,
      zbc: () => zbc,
      log,
      // On a cluster a stale start is looked for through its (lagging) process instance search.
      instances: engine ? undefined : clusterProcessInstanceSearch(() => camundaRestClient(settings)),
    });
    await registerRoutes(http, {
      settings,
      db,
      engine,
      queries: engine ? createEngineQueries(db) : undefined,
      zbc: () => zbc,
      mailSink,
      orderStarts,
      log,
    });
    await http.listen({ port: settings.httpPort, host: settings.httpHost });
    stops.push(() => http.close());
    const address = http.server.address();
    const port = typeof address === 'object' && address ? address.port : settings.httpPort;
    const httpUrl = `http://${settings.httpHost === '0.0.0.0' ? 'localhost' : settings.httpHost}:${port}`;
    log(`http: ${httpUrl}`);
    if (settings.publicBaseUrl === descriptors.publicBaseUrl.default) settings = { ...settings, publicBaseUrl: httpUrl };

    if (settings.deployProcessesAtStart) {
      // On a cluster the modeler's form list reads the deployment log, so the start deploy is logged too.
      const deployed = await deployProcessFolder(
        settings,
        engine?.grpcPort,
        undefined,
        engine ? undefined : (d, c) => recordStartDeployment(db, d, c),
      );
      log(`deployed: ${deployed.join(', ') || 'nothing'}`);
    }

    let workers: RunningJobWorkers | undefined;
    if (settings.workersEnabled) {
      // The task types of WORKER_TASK_TYPES out of every worker table, under WORKER_NAME.
      const all = await startAllWorkers({ zbc, db, settings, log, now: engine ? () => engine!.engine.clock.now() : undefined });
      stops.push(() => all.close());
      workers = all;
      log(`workers: ${workers.taskTypes.length} task types`);
    }
    // Orders a crash left without a process get it now (the workers are up), and every few seconds.
    const repaired = await orderStarts.sweep();
    if (repaired > 0) log(`order starts: ${repaired} pending order(s) started`);
    orderStarts.startSweeping();
    stops.push(() => orderStarts.close());
    return { settings, db, engine, http, httpUrl, simulator, mailSink, paymentProvider, workers, zbc, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** TRUST_PROXY: empty trusts no proxy, `true` any, else a list of addresses or CIDRs. */
export function trustProxyOf(value: string): boolean | string {
  const v = value.trim();
  if (!v || /^false$/i.test(v)) return false;
  if (/^true$/i.test(v)) return true;
  return v;
}

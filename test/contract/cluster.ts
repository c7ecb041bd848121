/**
 * The scale-out contract: the product with ENGINE_EMBEDDED=false against an engine in another
 * process that serves only the Zeebe gRPC gateway and /v2 (engine/standalone.ts), as a Camunda 8
 * cluster does, with OAuth client credentials from a token endpoint the test starts. Worker
 * processes (`npm run workers`, workers/main.ts) run apart from the server.
 */
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import knexFactory from 'knex';
import type { Settings } from '../../config/settings';
import type { System } from '../../server/system';
import { startTestSystem } from '../e2e/system';
import { spawnEngine, kill9 } from '../durability/spawn';
import { openPostgresTestDatabase, testPostgresUrl, type TestDatabase } from '../../db/testing';
import { startTokenEndpoint, type TokenEndpoint } from './token-endpoint';

/** The audience the SDK asks for Zeebe tokens by default (ZEEBE_TOKEN_AUDIENCE). */
export const ZEEBE_AUDIENCE = 'zeebe.camunda.io';

const root = path.resolve(__dirname, '..', '..');

export interface StandInCluster {
  token: TokenEndpoint;
  grpcAddress: string;
  restAddress: string;
  /** The cluster-side settings of a client (what an operator puts in the product's environment). */
  clientSettings: Partial<Settings>;
  /** The same as environment variables, for child processes. */
  clientEnv: Record<string, string>;
  output(): string;
  stop(): Promise<void>;
}

export async function startStandInCluster(): Promise<StandInCluster> {
  const token = await startTokenEndpoint();
  const engine = await spawnEngine(
    {
      DATA_DIR: 'memory://',
      DATABASE_URL: '',
      ENGINE_OIDC_JWKS_URL: token.jwksUrl,
      ENGINE_OIDC_AUDIENCE: ZEEBE_AUDIENCE,
      ENGINE_LONG_POLL_TIMEOUT_MS: '2000',
      LOG_LEVEL: 'warn',
    },
    undefined,
    /READY (\d+) (\d+)/,
  );
  const restPort = Number(/READY \d+ (\d+)/.exec(engine.output())![1]);
  const grpcAddress = `grpc://localhost:${engine.port}`;
  const restAddress = `http://localhost:${restPort}`;
  const clientSettings: Partial<Settings> = {
    engineEmbedded: false,
    zeebeGrpcAddress: grpcAddress,
    zeebeRestAddress: restAddress,
    camundaAuthStrategy: 'OAUTH',
    zeebeClientId: token.clientId,
    zeebeClientSecret: token.clientSecret,
    camundaOauthUrl: token.tokenUrl,
  };
  const clientEnv = {
    ENGINE_EMBEDDED: 'false',
    ZEEBE_GRPC_ADDRESS: grpcAddress,
    ZEEBE_REST_ADDRESS: restAddress,
    CAMUNDA_AUTH_STRATEGY: 'OAUTH',
    ZEEBE_CLIENT_ID: token.clientId,
    ZEEBE_CLIENT_SECRET: token.clientSecret,
    CAMUNDA_OAUTH_URL: token.tokenUrl,
  };
  return {
    token,
    grpcAddress,
    restAddress,
    clientSettings,
    clientEnv,
    output: engine.output,
    stop: async () => {
      await kill9(engine);
      await token.close();
    },
  };
}

/** PostgreSQL for the product and its worker processes (PGlite is one process's), when one runs here. */
export async function sharedDatabase(): Promise<TestDatabase | undefined> {
  const url = testPostgresUrl() || 'postgres://postgres@127.0.0.1:5432/test';
  const probe = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 }, acquireConnectionTimeout: 3000 });
  try {
    await probe.raw('select 1');
  } catch {
    return undefined;
  } finally {
    await probe.destroy();
  }
  return openPostgresTestDatabase(url);
}

/** The product against the stand-in cluster: no embedded engine, its /v2 proxied there. */
export async function startProductOnCluster(cluster: StandInCluster, overrides: Partial<Settings> = {}): Promise<System> {
  return startTestSystem({ ...cluster.clientSettings, engineClockControlled: false, ...overrides });
}

export interface WorkerProcess {
  name: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** `npm run workers` (workers/main.ts) as a child process; resolves on its READY line. */
export function spawnWorkers(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'workers', 'main.ts')], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`workers did not start: ${out}`)), 120_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (/READY \d+/.test(out)) {
        clearTimeout(timer);
        resolve({ name: env.WORKER_NAME ?? '', child, output: () => out, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`workers exited with ${code}: ${out}`));
    });
  });
}

/** What a worker process shares with this product: its database, mail, bureaus, payment provider and links. */
export function productEnv(system: System, db: TestDatabase, name: string): Record<string, string> {
  const s = system.settings;
  return {
    DATABASE_URL: db.url ?? '',
    WORKER_NAME: name,
    SMTP_HOST: s.smtpHost,
    SMTP_PORT: String(s.smtpPort),
    SCHUFA_BASE_URL: s.schufaBaseUrl,
    INFOSCORE_BASE_URL: s.infoscoreBaseUrl,
    CREDITREFORM_BASE_URL: s.creditreformBaseUrl,
    PAYMENT_PROVIDER_BASE_URL: s.paymentProviderBaseUrl,
    PAYMENT_PROVIDER_API_KEY: s.paymentProviderApiKey,
    PAYMENT_PROVIDER_WEBHOOK_SECRET: s.paymentProviderWebhookSecret,
    PUBLIC_BASE_URL: s.publicBaseUrl,
    BUREAU_TIMEOUT_MS: String(s.bureauTimeoutMs),
    BUREAU_RETRIES: String(s.bureauRetries),
    BUREAU_RETRY_BACKOFF_MS: String(s.bureauRetryBackoffMs),
  };
}

/** The environment of a worker process of this product on the stand-in cluster. */
export function workerEnv(system: System, cluster: StandInCluster, db: TestDatabase, name: string): Record<string, string> {
  return { ...cluster.clientEnv, ...productEnv(system, db, name) };
}

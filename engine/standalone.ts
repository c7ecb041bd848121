/**
 * The engine alone in a process of its own (`npm run engine`): the Zeebe gRPC gateway and the /v2
 * REST API on ENGINE_REST_PORT, and nothing of the product, as a Camunda 8 cluster serves them. The
 * product runs against it with ENGINE_EMBEDDED=false (the scale-out contract tests do); benches and
 * the crash test use it too.
 *
 * With ENGINE_OIDC_JWKS_URL both APIs accept only bearer JWTs of that provider (the SDK's
 * CAMUNDA_AUTH_STRATEGY=OAUTH gets them by client credentials), as a cluster configured for OIDC does.
 *
 * Prints `READY <grpcPort> <restPort>` once it accepts commands (plain lines on stdout: the tests
 * and the benches read them, so this CLI keeps console instead of the product's pino logger).
 */
import { loadSettings } from '../config/settings';
import { openDatabase } from '../db';
import { startEngine } from '.';
import { createEngineQueries } from './query';
import { createJwtVerifier } from './gateway/jwt';
import { oidcGatewayAuth } from './gateway/oidc-auth';
import { startEngineRestServer } from './rest/server';
import { documentsDirOf } from './documents';
import { collectWhenQuiet } from './idle-gc';
import { profileOnSignal } from './profile-signal';

async function main(): Promise<void> {
  if (process.env.ENGINE_CPU_PROF) profileOnSignal(process.env.ENGINE_CPU_PROF);
  let settings = loadSettings(process.env);
  const db = await openDatabase({ databaseUrl: settings.databaseUrl, dataDir: settings.dataDir });
  const warn = (message: string) => console.error(message);
  const verify = settings.engineOidcJwksUrl
    ? createJwtVerifier({ jwksUrl: settings.engineOidcJwksUrl, audience: settings.engineOidcAudience })
    : undefined;
  if (verify) settings = { ...settings, engineGrpcAuth: 'required' };
  const engine = await startEngine({
    db,
    settings,
    grpcAuth: verify && oidcGatewayAuth(verify, warn),
    log: (level, message, err) => level === 'error' && console.error(message, err),
  });
  const rest = await startEngineRestServer({
    commands: engine.commands,
    queries: createEngineQueries(db),
    clockControlled: settings.engineClockControlled,
    host: settings.engineGrpcHost,
    port: settings.engineRestPort,
    bodyLimit: settings.engineMaxMessageSize,
    documentsDir: documentsDirOf(settings.dataDir),
    verify,
    log: warn,
  });
  console.log(`READY ${engine.grpcPort} ${rest.port}`);
  if (process.env.ENGINE_IDLE_GC !== 'false') {
    const collected = process.env.ENGINE_STATS ? (ms: number) => console.log(`idle-gc ${ms.toFixed(0)} ms`) : undefined;
    collectWhenQuiet(() => engine.engine.store.stats.flushes, collected);
  }
  if (process.env.ENGINE_STATS) {
    // ENGINE_STATS=<ms> sets the interval; memory is reported beside the write statistics.
    const every = Number(process.env.ENGINE_STATS) > 1 ? Number(process.env.ENGINE_STATS) : 5000;
    setInterval(
      () => console.log(`stats ${JSON.stringify({ ...engine.engine.store.stats, memory: process.memoryUsage() })}`),
      every,
    ).unref();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

// A clean exit on SIGTERM/SIGINT lets profilers (node --cpu-prof) write their output.
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => process.exit(0));

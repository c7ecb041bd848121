/**
 * Starts the embedded Zeebe-compatible engine: state from the database, the executor, and the
 * Zeebe gRPC gateway. The REST layer (engine/rest) is mounted by the HTTP server.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, descriptors, grpcAuthRequired, isLoopbackHost, type Settings } from '../config/settings';
import { pgliteDataDir, type Database } from '../db';
import type { EngineCommands } from './api';
import { BatchOperations } from './batch/runner';
import { Engine } from './engine';
import { engineLogger, pinoEngineLog } from './log';
import { engineLimitsOf } from './limits';
import { createEngineQueries } from './query';
import type { GatewayAuth } from './gateway/auth';
import { startGateway, type GatewayOptions } from './gateway/server';
import { Store, type JournalOptions } from './state/store';

export interface EmbeddedEngine {
  engine: Engine;
  commands: EngineCommands;
  grpcPort: number;
  close(): Promise<void>;
}

export interface StartEngineOptions {
  db: Database;
  settings: Settings;
  /** false: no gRPC gateway (tests that call the commands directly). */
  grpc?: boolean;
  /**
   * How the gateway checks API keys and roles (the host process owns keys and roles). Used when
   * ENGINE_GRPC_AUTH=required; starting without it then fails.
   */
  grpcAuth?: GatewayAuth;
  log?: (level: 'info' | 'warn' | 'error', message: string, err?: unknown) => void;
}

export async function startEngine(opts: StartEngineOptions): Promise<EmbeddedEngine> {
  const store = new Store(opts.db, opts.settings.engineFlushIntervalMs, journalOf(opts.db, opts.settings));
  const log = opts.log ?? defaultLog;
  const engine = new Engine(store, {
    clockControlled: opts.settings.engineClockControlled,
    longPollTimeoutMs: opts.settings.engineLongPollTimeoutMs,
    limits: engineLimitsOf(opts.settings),
    log,
  });
  const gatewayOptions = opts.grpc === false ? undefined : gatewayOptionsOf(opts.settings, opts.grpcAuth);
  if (gatewayOptions && !gatewayOptions.tls && !isLoopbackHost(gatewayOptions.host ?? '')) {
    log(
      'warn',
      `the gRPC gateway on ${gatewayOptions.host} has no TLS: API keys cross the network readable; set ENGINE_GRPC_TLS_CERT_PATH and ENGINE_GRPC_TLS_KEY_PATH`,
    );
  }
  // Before start: the batch runner's index must see the records as they load.
  engine.useBatchOperations(new BatchOperations(engine, createEngineQueries(opts.db)));
  await engine.start();
  let gateway;
  try {
    gateway = gatewayOptions && (await startGateway(engine, { ...gatewayOptions, maxMessageSize: opts.settings.engineMaxMessageSize }));
  } catch (err) {
    await engine.close();
    throw err;
  }
  return {
    engine,
    commands: engine,
    grpcPort: gateway?.port ?? -1,
    close: async () => {
      await gateway?.close();
      await engine.close();
    },
  };
}

/**
 * Embedded PGlite on disk keeps a journal beside its data (engine/state/journal.ts); PostgreSQL, whose
 * commits are cheap and durable, and in-memory PGlite (tests) write `engine_record` with each commit.
 */
function journalOf(db: Database, settings: Settings): JournalOptions | undefined {
  const dataDir = pgliteDataDir(db);
  if (!dataDir) return undefined;
  // Switched off (0), the store still applies what an earlier run's journal holds.
  return { dir: path.join(dataDir, 'engine-journal'), applyDelayMs: Math.max(0, settings.engineSearchApplyMs) };
}

/**
 * Bind address, authentication and TLS of the gateway from the settings. Refuses what would open
 * the engine to the network: a non-loopback address without authentication.
 */
export function gatewayOptionsOf(settings: Settings, auth: GatewayAuth | undefined): GatewayOptions {
  const host = settings.engineGrpcHost.trim() || descriptors.engineGrpcHost.default;
  const required = grpcAuthRequired(settings);
  if (required && !auth) {
    throw new ConfigError(
      descriptors.engineGrpcAuth.env,
      'authentication is required, but this process has no API keys to check them against (start the full server, not the engine alone)',
    );
  }
  if (!required && !isLoopbackHost(host)) {
    throw new ConfigError(
      descriptors.engineGrpcAuth.env,
      `the gRPC gateway would accept unauthenticated commands on ${host}; set ENGINE_GRPC_AUTH=required (clients send an API key as "authorization: Bearer <key>") or bind ENGINE_GRPC_HOST to 127.0.0.1`,
    );
  }
  const certPath = settings.engineGrpcTlsCertPath.trim();
  const keyPath = settings.engineGrpcTlsKeyPath.trim();
  if (!certPath !== !keyPath) {
    const missing = certPath ? descriptors.engineGrpcTlsKeyPath.env : descriptors.engineGrpcTlsCertPath.env;
    throw new ConfigError(missing, 'TLS needs both ENGINE_GRPC_TLS_CERT_PATH and ENGINE_GRPC_TLS_KEY_PATH');
  }
  const read = (path: string, env: string) => {
    try {
      return fs.readFileSync(path);
    } catch (err) {
      throw new ConfigError(env, `cannot read ${path}: ${(err as Error).message}`);
    }
  };
  const tls = certPath
    ? { cert: read(certPath, descriptors.engineGrpcTlsCertPath.env), key: read(keyPath, descriptors.engineGrpcTlsKeyPath.env) }
    : undefined;
  return { host, port: settings.engineGrpcPort, auth: required ? auth : undefined, tls };
}

const defaultLog = pinoEngineLog(engineLogger);

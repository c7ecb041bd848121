/**
 * Starts the embedded Zeebe-compatible engine: state from the database, the executor, and the
 * Zeebe gRPC gateway. The REST layer (engine/rest) is mounted by the HTTP server.
 */
import type { Settings } from '../config/settings';
import type { Database } from '../db';
import type { EngineCommands } from './api';
import { Engine } from './engine';
import { engineLimitsOf } from './limits';
import { startGateway } from './gateway/server';
import { Store } from './state/store';

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
  log?: (level: 'info' | 'warn' | 'error', message: string, err?: unknown) => void;
}

export async function startEngine(opts: StartEngineOptions): Promise<EmbeddedEngine> {
  const store = new Store(opts.db, opts.settings.engineFlushIntervalMs);
  const log = opts.log ?? defaultLog;
  const engine = new Engine(store, {
    clockControlled: opts.settings.engineClockControlled,
    longPollTimeoutMs: opts.settings.engineLongPollTimeoutMs,
    limits: engineLimitsOf(opts.settings),
    log,
  });
  await engine.start();
  const gateway = opts.grpc === false ? undefined : await startGateway(engine, { host: '0.0.0.0', port: opts.settings.engineGrpcPort, maxMessageSize: opts.settings.engineMaxMessageSize });
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

function defaultLog(level: 'info' | 'warn' | 'error', message: string, err?: unknown): void {
  const line = `[engine] ${message}${err ? `: ${err instanceof Error ? err.stack ?? err.message : String(err)}` : ''}`;
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}

/**
 * The composition root: starts every part of the product in order, and stops them in reverse.
 * Data flows order → process → worker → database → document → mail; each part gets only the
 * handles it needs.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Settings } from '../config/settings';
import { openDatabase, type Database } from '../db';
import { startEngine, type EmbeddedEngine } from '../engine';
import { createEngineQueries } from '../engine/query';
import { startBureauSimulator, type BureauSimulator } from '../simulators/bureaus';
import { deployProcessFolder } from './deploy-processes';
import { registerRoutes } from './routes';

export interface System {
  settings: Settings;
  db: Database;
  engine?: EmbeddedEngine;
  http: FastifyInstance;
  httpUrl: string;
  simulator?: BureauSimulator;
  stop(): Promise<void>;
}

type Log = (message: string) => void;

export async function startSystem(settings: Settings, log: Log = console.log): Promise<System> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err) => console.error(err));
  };
  try {
    const db = await openDatabase({ databaseUrl: settings.databaseUrl, dataDir: settings.dataDir });
    stops.push(() => db.destroy());
    log(`database: ${settings.databaseUrl ? 'PostgreSQL' : `PGlite in ${settings.dataDir}`}`);

    let engine: EmbeddedEngine | undefined;
    if (settings.engineEmbedded) {
      engine = await startEngine({ db, settings });
      stops.push(() => engine!.close());
      log(`engine: Zeebe gRPC gateway on port ${engine.grpcPort}`);
    }

    let simulator: BureauSimulator | undefined;
    if (settings.bureauSimulatorEnabled) {
      simulator = await startBureauSimulator({ port: settings.bureauSimulatorPort });
      stops.push(() => simulator!.close());
      log(`bureau simulator: ${simulator.url}`);
    }

    const http = Fastify({ logger: false, bodyLimit: 16 * 1024 * 1024 });
    await registerRoutes(http, { settings, db, engine, queries: engine ? createEngineQueries(db) : undefined });
    await http.listen({ port: settings.httpPort, host: settings.httpHost });
    stops.push(() => http.close());
    const address = http.server.address();
    const port = typeof address === 'object' && address ? address.port : settings.httpPort;
    const httpUrl = `http://${settings.httpHost === '0.0.0.0' ? 'localhost' : settings.httpHost}:${port}`;
    log(`http: ${httpUrl}`);

    if (settings.deployProcessesAtStart) {
      const deployed = await deployProcessFolder(settings, engine?.grpcPort);
      log(`deployed: ${deployed.join(', ') || 'nothing'}`);
    }
    return { settings, db, engine, http, httpUrl, simulator, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

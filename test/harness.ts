/**
 * The conformance harness: a fresh embedded engine on a random port with a controlled clock,
 * driven only through the official @camunda8/sdk clients, like a Camunda 8 cluster: gRPC always,
 * and with `rest: true` also the 8.8 REST API (/v2) on a port of its own.
 */
import Fastify from 'fastify';
import { loadSettings } from '../config/settings';
import { openDatabase, type Database } from '../db';
import { openPostgresTestDatabase, testPostgresUrl } from '../db/testing';
import { startEngine, type EmbeddedEngine } from '../engine';
import { createEngineQueries } from '../engine/query';
import { v2Routes } from '../engine/rest';

export { waitFor } from './wait';
import { restClient, zeebeClient, type RestClient, type ZeebeClient } from './sdk-client';

export type { ZeebeClient };

export interface Harness {
  db: Database;
  engine: EmbeddedEngine;
  zbc: ZeebeClient;
  port: number;
  /** With `rest: true`: the SDK's REST client on /v2, and its base URL. */
  rest: RestClient;
  restUrl: string;
  deploy(name: string, xml: string): Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(opts: { dataDir?: string; rest?: boolean } = {}): Promise<Harness> {
  // With TEST_DATABASE_URL set, every harness gets a PostgreSQL database of its own.
  const pgUrl = opts.dataDir ? '' : testPostgresUrl();
  const testDb = pgUrl ? await openPostgresTestDatabase(pgUrl) : undefined;
  const db = testDb?.db ?? (await openDatabase({ databaseUrl: '', dataDir: opts.dataDir ?? 'memory://' }));
  const engine = await startEngine({
    db,
    settings: loadSettings({}, { engineGrpcPort: 0, engineClockControlled: true, engineLongPollTimeoutMs: 2000 }),
    log: (level, message, err) => {
      if (level === 'error') console.error(message, err);
    },
  });
  const zbc = zeebeClient(engine.grpcPort);
  const http = opts.rest ? Fastify() : undefined;
  let restUrl = '';
  if (http) {
    await http.register(v2Routes, { prefix: '/v2', commands: engine.commands, queries: createEngineQueries(db), clockControlled: true });
    await http.listen({ port: 0, host: '127.0.0.1' });
    const address = http.server.address();
    restUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }
  return {
    db,
    engine,
    zbc,
    port: engine.grpcPort,
    rest: http
      ? restClient(restUrl)
      : new Proxy({}, { get: () => () => Promise.reject(new Error('startHarness({ rest: true }) serves /v2')) }),
    restUrl,
    deploy: async (name, xml) => {
      const res = await zbc.deployResource({ process: Buffer.from(xml), name });
      return res.deployments[0].process.processDefinitionKey;
    },
    close: async () => {
      await http?.close();
      await zbc.close();
      await engine.close();
      if (testDb) await testDb.dispose();
      else await db.destroy();
    },
  };
}

/** Activates (and returns) jobs of a type through the gRPC API. */
export async function activate(zbc: ZeebeClient, type: string, max = 10) {
  return zbc.activateJobs({ type, worker: 'test', timeout: 30000, maxJobsToActivate: max, requestTimeout: 2000 });
}

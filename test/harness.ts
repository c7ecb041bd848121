/**
 * The conformance harness: a fresh embedded engine on a random port with a controlled clock,
 * driven only through the official @camunda8/sdk gRPC client, like a Camunda 8 cluster.
 */
import { loadSettings } from '../config/settings';
import { openDatabase, type Database } from '../db';
import { openPostgresTestDatabase, testPostgresUrl } from '../db/testing';
import { startEngine, type EmbeddedEngine } from '../engine';

export { waitFor } from './wait';
import { zeebeClient, type ZeebeClient } from './sdk-client';

export type { ZeebeClient };

export interface Harness {
  db: Database;
  engine: EmbeddedEngine;
  zbc: ZeebeClient;
  port: number;
  deploy(name: string, xml: string): Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(opts: { dataDir?: string } = {}): Promise<Harness> {
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
  const zbc = sdkClient(engine.grpcPort);
  return {
    db,
    engine,
    zbc,
    port: engine.grpcPort,
    deploy: async (name, xml) => {
      const res = await zbc.deployResource({ process: Buffer.from(xml), name });
      return res.deployments[0].process.processDefinitionKey;
    },
    close: async () => {
      await zbc.close();
      await engine.close();
      if (testDb) await testDb.dispose();
      else await db.destroy();
    },
  };
}

export function sdkClient(port: number): ZeebeClient {
  return zeebeClient(port);
}

/** Activates (and returns) jobs of a type through the gRPC API. */
export async function activate(zbc: ZeebeClient, type: string, max = 10) {
  return zbc.activateJobs({ type, worker: 'test', timeout: 30000, maxJobsToActivate: max, requestTimeout: 2000 });
}

/**
 * For REST tests: a fastify app with the /v2 routes over recorded fake commands and the real
 * query layer on a seeded in-memory database.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { EngineCommands } from '../../engine/api';
import { openDatabase, type Database } from '../../db';
import { createEngineQueries } from '../../engine/query';
import { seedSample } from './query-fixtures';
import { v2Routes } from '../../engine/rest/index';

export type FakeCommands = { [K in keyof EngineCommands]: jest.Mock };

export function fakeCommands(): FakeCommands {
  const created = { processDefinitionKey: '100', bpmnProcessId: 'order', version: 1, processInstanceKey: '5000', tenantId: '<default>' };
  return {
    topology: jest.fn(() => ({
      clusterSize: 1,
      partitionsCount: 1,
      replicationFactor: 1,
      gatewayVersion: '8.8.0',
      brokers: [
        {
          nodeId: 0,
          host: 'localhost',
          port: 26501,
          version: '8.8.0',
          partitions: [{ partitionId: 1, role: 'LEADER', health: 'HEALTHY' }],
        },
      ],
    })),
    deployResources: jest.fn(async () => ({
      key: '1',
      tenantId: '<default>',
      processes: [],
      decisions: [],
      decisionRequirements: [],
      forms: [],
    })),
    deleteResource: jest.fn(async () => undefined),
    createProcessInstance: jest.fn(async () => created),
    createProcessInstanceWithResult: jest.fn(async () => ({ ...created, variables: { done: true } })),
    cancelProcessInstance: jest.fn(async () => undefined),
    modifyProcessInstance: jest.fn(async () => undefined),
    migrateProcessInstance: jest.fn(async () => undefined),
    createBatchOperation: jest.fn(async () => ({ batchOperationKey: '1', batchOperationType: 'CANCEL_PROCESS_INSTANCE' as const })),
    changeBatchOperation: jest.fn(async () => undefined),
    activateJobs: jest.fn(async () => []),
    openJobStream: jest.fn(() => ({ close: () => undefined })),
    completeJob: jest.fn(async () => undefined),
    activateAdHocSubProcessActivities: jest.fn(async () => undefined),
    failJob: jest.fn(async () => undefined),
    throwError: jest.fn(async () => undefined),
    updateJobRetries: jest.fn(async () => undefined),
    updateJobTimeout: jest.fn(async () => undefined),
    resolveIncident: jest.fn(async () => undefined),
    publishMessage: jest.fn(async () => ({ key: '6000', tenantId: '<default>' })),
    correlateMessage: jest.fn(async () => ({ key: '6003', tenantId: '<default>', processInstanceKey: '5000' })),
    setVariables: jest.fn(async () => ({ key: '6001' })),
    broadcastSignal: jest.fn(async () => ({ key: '6002', tenantId: '<default>' })),
    evaluateDecision: jest.fn(),
    assignUserTask: jest.fn(async () => undefined),
    unassignUserTask: jest.fn(async () => undefined),
    updateUserTask: jest.fn(async () => undefined),
    completeUserTask: jest.fn(async () => undefined),
    pinClock: jest.fn(async () => undefined),
    resetClock: jest.fn(async () => undefined),
  };
}

export interface TestApp {
  app: FastifyInstance;
  commands: FakeCommands;
  db: Database;
  close(): Promise<void>;
}

/** `db`: reuse a seeded database (opening PGlite takes seconds); the caller then closes it. */
export async function openTestApp(opts: { clockControlled?: boolean; db?: Database } = {}): Promise<TestApp> {
  const db = opts.db ?? (await openDatabase({ databaseUrl: '', dataDir: 'memory://' }));
  if (!opts.db) await seedSample(db);
  const commands = fakeCommands();
  const app = Fastify();
  await app.register(v2Routes, {
    prefix: '/v2',
    commands: commands as unknown as EngineCommands,
    queries: createEngineQueries(db),
    clockControlled: opts.clockControlled ?? false,
  });
  await app.ready();
  return {
    app,
    commands,
    db,
    close: async () => {
      await app.close();
      if (!opts.db) await db.destroy();
    },
  };
}

/** A multipart/form-data body as a browser or the SDK would send it. */
export async function multipart(
  parts: { name: string; filename?: string; content: string | Buffer }[],
): Promise<{ body: Buffer; contentType: string }> {
  const form = new FormData();
  for (const p of parts) {
    if (p.filename === undefined) form.append(p.name, String(p.content));
    else form.append(p.name, new Blob([typeof p.content === 'string' ? p.content : new Uint8Array(p.content)]), p.filename);
  }
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return { body: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type') ?? '' };
}

/**
 * The batch runner's lifecycle (Zeebe's suspend/resume/cancel rules and texts) and chunked
 * execution, at engine level.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings } from '../../config/settings';
import { openDatabase, type Database } from '../../db';
import { startEngine, type EmbeddedEngine } from '../index';
import { createEngineQueries, type EngineQueries } from '../query';

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://example.com">
  <bpmn:process id="runner-wait" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:serviceTask id="work"><bpmn:extensionElements><zeebe:taskDefinition type="runner-work" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:endEvent id="e" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="work" />
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="e" />
  </bpmn:process>
</bpmn:definitions>`;

let db: Database;
let engine: EmbeddedEngine;
let queries: EngineQueries;

beforeAll(async () => {
  db = await openDatabase({ databaseUrl: '', dataDir: 'memory://' });
  engine = await startEngine({ db, settings: loadSettings({}, { engineClockControlled: true }), grpc: false });
  queries = createEngineQueries(db);
  await engine.commands.deployResources([{ name: 'runner-wait.bpmn', content: Buffer.from(XML) }]);
});

afterAll(async () => {
  await engine?.close();
  await db?.destroy();
});

async function startInstances(n: number): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < n; i++) keys.push((await engine.commands.createProcessInstance({ bpmnProcessId: 'runner-wait' })).processInstanceKey);
  return keys;
}

async function until(key: string, states: string[]) {
  const end = Date.now() + 15000;
  for (;;) {
    const batch = await queries.batchOperations.get(key);
    if (states.includes(batch.state)) return batch;
    if (Date.now() > end) throw new Error(`batch still ${batch.state}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const activeCount = async () =>
  (await queries.processInstances.search({ filter: { processDefinitionId: 'runner-wait', state: 'ACTIVE' }, page: { limit: 0 } })).page
    .totalItems;

describe('batch operation lifecycle', () => {
  it('a suspended batch does nothing until resumed; then it resolves its filter and runs to the end', async () => {
    await startInstances(3);
    const { batchOperationKey: key } = await engine.commands.createBatchOperation({
      batchOperationType: 'CANCEL_PROCESS_INSTANCE',
      filter: { processDefinitionId: 'runner-wait' },
    });
    await engine.commands.changeBatchOperation(key, 'suspend');
    await new Promise((r) => setTimeout(r, 100));
    expect(await queries.batchOperations.get(key)).toMatchObject({ state: 'SUSPENDED', operationsTotalCount: 0 });
    expect(await activeCount()).toBe(3);
    await expect(engine.commands.changeBatchOperation(key, 'suspend')).rejects.toMatchObject({
      code: 'FAILED_PRECONDITION',
      message: `Expected to suspend a batch operation with key '${key}', but it has an invalid state 'SUSPENDED'.`,
    });

    await engine.commands.changeBatchOperation(key, 'resume');
    expect(await until(key, ['COMPLETED'])).toMatchObject({ operationsTotalCount: 3, operationsCompletedCount: 3 });
    expect(await activeCount()).toBe(0);
    await expect(engine.commands.changeBatchOperation(key, 'resume')).rejects.toMatchObject({
      code: 'FAILED_PRECONDITION',
      message: `Expected to resume a batch operation with key '${key}', but it has an invalid state 'COMPLETED'.`,
    });
    await expect(engine.commands.changeBatchOperation('2251799813999999', 'cancel')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: "Expected to cancel a batch operation with key '2251799813999999', but no such batch operation was found.",
    });
  });

  it('a canceled batch ends CANCELED, its pending items CANCELED, the instances untouched', async () => {
    await startInstances(2);
    const { batchOperationKey: key } = await engine.commands.createBatchOperation({
      batchOperationType: 'CANCEL_PROCESS_INSTANCE',
      filter: { processDefinitionId: 'runner-wait' },
    });
    await engine.commands.changeBatchOperation(key, 'cancel');
    expect(await until(key, ['CANCELED'])).toMatchObject({ endDate: expect.any(String) });
    await new Promise((r) => setTimeout(r, 100));
    expect(await activeCount()).toBe(2);
    await expect(engine.commands.changeBatchOperation(key, 'resume')).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
  });

  it('runs a large batch in chunks: every item is processed once, and other commands get through meanwhile', async () => {
    const keys = await startInstances(130);
    const { batchOperationKey: key } = await engine.commands.createBatchOperation({
      batchOperationType: 'CANCEL_PROCESS_INSTANCE',
      filter: { processDefinitionId: 'runner-wait' },
    });
    // A command while the batch runs: it is answered before the batch has ended.
    const [extra] = await startInstances(1);
    expect((await queries.batchOperations.get(key)).state).not.toBe('COMPLETED');
    const batch = await until(key, ['COMPLETED']);
    expect(batch.operationsCompletedCount).toBe(batch.operationsTotalCount);
    expect(batch.operationsTotalCount).toBeGreaterThanOrEqual(130);
    const items = await queries.batchOperations.searchItems({ filter: { batchOperationKey: key }, page: { limit: 1000 } });
    expect(items.page.totalItems).toBe(batch.operationsTotalCount);
    expect(new Set(items.items.map((i) => i.itemKey)).size).toBe(items.items.length);
    for (const k of keys) expect(items.items.some((i) => i.itemKey === k)).toBe(true);
    expect(extra).toBeDefined();
  });
  it('is durable: a suspended batch survives a restart of the engine and runs to the end after resumption', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'batch-'));
    const open = async () => {
      const database = await openDatabase({ databaseUrl: '', dataDir });
      const started = await startEngine({ db: database, settings: loadSettings({}, { engineClockControlled: true }), grpc: false });
      return { database, started, q: createEngineQueries(database) };
    };
    let key: string;
    const first = await open();
    try {
      await first.started.commands.deployResources([{ name: 'runner-wait.bpmn', content: Buffer.from(XML) }]);
      for (let i = 0; i < 3; i++) await first.started.commands.createProcessInstance({ bpmnProcessId: 'runner-wait' });
      key = (
        await first.started.commands.createBatchOperation({
          batchOperationType: 'CANCEL_PROCESS_INSTANCE',
          filter: { processDefinitionId: 'runner-wait' },
        })
      ).batchOperationKey;
      await first.started.commands.changeBatchOperation(key, 'suspend');
    } finally {
      await first.started.close();
      await first.database.destroy();
    }
    const second = await open();
    try {
      expect(await second.q.batchOperations.get(key)).toMatchObject({ state: 'SUSPENDED' });
      await second.started.commands.changeBatchOperation(key, 'resume');
      const end = Date.now() + 15000;
      while ((await second.q.batchOperations.get(key)).state !== 'COMPLETED') {
        if (Date.now() > end) throw new Error('batch did not complete after the restart');
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(await second.q.batchOperations.get(key)).toMatchObject({ operationsTotalCount: 3, operationsCompletedCount: 3 });
    } finally {
      await second.started.close();
      await second.database.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    }
    // Two engines on a file database: slow to open on a loaded machine.
  }, 120000);
});

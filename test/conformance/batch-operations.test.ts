/**
 * Batch operations and process instance migration over /v2, driven only through @camunda8/sdk's
 * Orchestration Cluster API client (8.8), as Operate or an app would: cancellation, incident
 * resolution, migration and modification by filter; item states; search; lifecycle rejections.
 */
import { startHarness, type Harness } from '../harness';
import { statusOf, type RestClient as SdkClient } from '../sdk-client';

const serviceTask = (id: string, type: string) =>
  `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" retries="1" /></bpmn:extensionElements></bpmn:serviceTask>`;

/** A process of service tasks in a row, with a start and an end event. */
function line(id: string, tasks: [string, string][]): string {
  const ids = ['s', ...tasks.map(([t]) => t), 'e'];
  const flows = ids.slice(1).map((to, i) => `<bpmn:sequenceFlow id="f${i}" sourceRef="${ids[i]}" targetRef="${to}" />`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d-${id}" targetNamespace="http://example.com">
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="s" />${tasks.map(([t, type]) => serviceTask(t, type)).join('')}<bpmn:endEvent id="e" />${flows.join('')}
  </bpmn:process>
</bpmn:definitions>`;
}

const noWait = { consistency: { waitUpToMs: 0 } };

let h: Harness;
let camunda: SdkClient;

beforeAll(async () => {
  h = await startHarness({ rest: true });
  camunda = h.rest;
});

afterAll(() => h?.close());

async function deploy(xml: string, name: string): Promise<string> {
  const res = await camunda.createDeployment({ resources: [new File([xml], name)] });
  return (res.deployments as { processDefinition: { processDefinitionKey: string } }[])[0].processDefinition.processDefinitionKey;
}

async function start(processDefinitionKey: string, n: number): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < n; i++)
    keys.push((await camunda.createProcessInstance({ processDefinitionKey, variables: { i } })).processInstanceKey);
  return keys;
}

/** The batch once it has ended (items processed in the background). */
async function finished(batchOperationKey: string): Promise<Record<string, unknown>> {
  const until = Date.now() + 15000;
  for (;;) {
    const batch = await camunda.getBatchOperation({ batchOperationKey }, noWait);
    if (!['CREATED', 'ACTIVE'].includes(batch.state)) return batch;
    if (Date.now() > until) throw new Error(`batch ${batchOperationKey} still ${batch.state}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const itemsOf = async (batchOperationKey: string) =>
  (
    await camunda.searchBatchOperationItems(
      { filter: { batchOperationKey }, sort: [{ field: 'processInstanceKey', order: 'ASC' }], page: { limit: 100 } },
      noWait,
    )
  ).items as Record<string, string>[];

const activeElements = async (processInstanceKey: string) =>
  (
    (await camunda.searchElementInstances({ filter: { processInstanceKey, state: 'ACTIVE' } }, noWait)).items as Record<string, string>[]
  ).map((e) => e.elementId);

describe('batch operations through @camunda8/sdk', () => {
  it('cancels the 25 root instances a filter finds, item by item, and leaves the others', async () => {
    const key = await deploy(line('batch-cancel', [['work', 'batch-work']]), 'batch-cancel.bpmn');
    const other = await deploy(line('batch-keep', [['work', 'batch-work']]), 'batch-keep.bpmn');
    const keys = await start(key, 25);
    const [kept] = await start(other, 1);

    const created = await camunda.cancelProcessInstancesBatchOperation({ filter: { processDefinitionId: 'batch-cancel' } }, noWait);
    expect(created).toEqual({ batchOperationKey: expect.any(String), batchOperationType: 'CANCEL_PROCESS_INSTANCE' });
    const batch = await finished(created.batchOperationKey);
    expect(batch).toMatchObject({
      batchOperationKey: created.batchOperationKey,
      batchOperationType: 'CANCEL_PROCESS_INSTANCE',
      state: 'COMPLETED',
      operationsTotalCount: 25,
      operationsCompletedCount: 25,
      operationsFailedCount: 0,
      startDate: expect.any(String),
      endDate: expect.any(String),
    });

    const items = await itemsOf(created.batchOperationKey);
    expect(items.map((i) => i.processInstanceKey)).toEqual(keys);
    expect(items.every((i) => i.state === 'COMPLETED' && i.itemKey === i.processInstanceKey && i.processedDate)).toBe(true);
    expect(items[0]).toMatchObject({ operationType: 'CANCEL_PROCESS_INSTANCE', batchOperationKey: created.batchOperationKey });
    const states = await camunda.searchProcessInstances({ filter: { processDefinitionId: 'batch-cancel' }, page: { limit: 100 } }, noWait);
    expect(new Set(states.items.map((p: Record<string, string>) => p.state))).toEqual(new Set(['TERMINATED']));
    expect((await camunda.getProcessInstance({ processInstanceKey: kept }, noWait)).state).toBe('ACTIVE');

    // Search: by type and state; lifecycle commands on an ended batch are INVALID_STATE (409), unknown keys 404.
    const found = await camunda.searchBatchOperations({ filter: { operationType: 'CANCEL_PROCESS_INSTANCE', state: 'COMPLETED' } }, noWait);
    expect(found.items.map((b: Record<string, string>) => b.batchOperationKey)).toContain(created.batchOperationKey);
    expect(await statusOf(camunda.suspendBatchOperation({ batchOperationKey: created.batchOperationKey }, noWait))).toBe(409);
    expect(await statusOf(camunda.resumeBatchOperation({ batchOperationKey: created.batchOperationKey }, noWait))).toBe(409);
    expect(await statusOf(camunda.cancelBatchOperation({ batchOperationKey: '2251799813999999' }, noWait))).toBe(404);
    expect(await statusOf(camunda.getBatchOperation({ batchOperationKey: '2251799813999999' }, noWait))).toBe(404);
    expect(await statusOf(camunda.cancelProcessInstancesBatchOperation({ filter: { nope: 1 } }, noWait))).toBe(400);
  });

  it('resolves the incidents of the filtered instances: job retries back to 1, incidents resolved', async () => {
    const key = await deploy(line('batch-incident', [['work', 'batch-incident-work']]), 'batch-incident.bpmn');
    const keys = await start(key, 2);
    const jobs = await camunda.activateJobs({ type: 'batch-incident-work', maxJobsToActivate: 10, timeout: 60000, worker: 't' });
    expect(jobs.jobs).toHaveLength(2);
    for (const job of jobs.jobs) await camunda.failJob({ jobKey: job.jobKey, retries: 0, errorMessage: 'no funds' });
    const incidents = async () =>
      (await camunda.searchIncidents({ filter: { processDefinitionId: 'batch-incident' } }, noWait)).items as Record<string, string>[];
    expect((await incidents()).map((i) => i.state)).toEqual(['ACTIVE', 'ACTIVE']);

    const created = await camunda.resolveIncidentsBatchOperation({ filter: { processDefinitionId: 'batch-incident' } }, noWait);
    expect(created.batchOperationType).toBe('RESOLVE_INCIDENT');
    expect(await finished(created.batchOperationKey)).toMatchObject({
      state: 'COMPLETED',
      operationsTotalCount: 2,
      operationsCompletedCount: 2,
    });
    const items = await itemsOf(created.batchOperationKey);
    // The items are the incidents, each with its process instance.
    expect(items.map((i) => i.processInstanceKey)).toEqual(keys);
    expect(items.map((i) => i.itemKey).sort()).toEqual((await incidents()).map((i) => i.incidentKey).sort());
    expect((await incidents()).map((i) => i.state)).toEqual(['RESOLVED', 'RESOLVED']);
    const retried = await camunda.activateJobs({ type: 'batch-incident-work', maxJobsToActivate: 10, timeout: 60000, worker: 't' });
    expect(retried.jobs.map((j: { retries: number }) => j.retries)).toEqual([1, 1]);
  });

  it('migrates by filter: instances at a mapped element move to version 2, an unmapped one fails with Zeebe`s rejection', async () => {
    const v1 = await deploy(
      line('batch-mig', [
        ['A', 'batch-mig-a'],
        ['B', 'batch-mig-b'],
      ]),
      'batch-mig.bpmn',
    );
    const keys = await start(v1, 3);
    // The third instance moves on to B, which the plan does not map.
    const jobs = await camunda.activateJobs({ type: 'batch-mig-a', maxJobsToActivate: 10, timeout: 60000, worker: 't' });
    await camunda.completeJob({ jobKey: jobs.jobs.find((j: Record<string, string>) => j.processInstanceKey === keys[2]).jobKey });
    const v2 = await deploy(
      line('batch-mig', [
        ['A2', 'batch-mig-a'],
        ['B2', 'batch-mig-b'],
      ]),
      'batch-mig.bpmn',
    );

    const created = await camunda.migrateProcessInstancesBatchOperation(
      {
        filter: { processDefinitionKey: v1 },
        migrationPlan: { targetProcessDefinitionKey: v2, mappingInstructions: [{ sourceElementId: 'A', targetElementId: 'A2' }] },
      },
      noWait,
    );
    expect(created.batchOperationType).toBe('MIGRATE_PROCESS_INSTANCE');
    expect(await finished(created.batchOperationKey)).toMatchObject({
      state: 'COMPLETED',
      operationsTotalCount: 3,
      operationsCompletedCount: 2,
      operationsFailedCount: 1,
    });
    const items = await itemsOf(created.batchOperationKey);
    expect(items.map((i) => [i.processInstanceKey, i.state])).toEqual([
      [keys[0], 'COMPLETED'],
      [keys[1], 'COMPLETED'],
      [keys[2], 'FAILED'],
    ]);
    expect(items[2].errorMessage).toBe(
      `Expected to migrate process instance '${keys[2]}' but no mapping instruction defined for active element with id 'B'. Elements cannot be migrated without a mapping.`,
    );
    const failed = await camunda.searchBatchOperationItems(
      { filter: { batchOperationKey: created.batchOperationKey, state: 'FAILED' } },
      noWait,
    );
    expect(failed.items.map((i: Record<string, string>) => i.processInstanceKey)).toEqual([keys[2]]);
    for (const k of keys.slice(0, 2)) {
      expect(await camunda.getProcessInstance({ processInstanceKey: k }, noWait)).toMatchObject({
        processDefinitionKey: v2,
        processDefinitionVersion: 2,
      });
      expect(await activeElements(k)).toEqual(['A2']);
    }
    expect((await camunda.getProcessInstance({ processInstanceKey: keys[2] }, noWait)).processDefinitionKey).toBe(v1);

    // The single-instance endpoint: 204 when it migrates, 409 with Zeebe's text when it may not, 404 for an unknown instance.
    await camunda.migrateProcessInstance({
      processInstanceKey: keys[2],
      targetProcessDefinitionKey: v2,
      mappingInstructions: [{ sourceElementId: 'B', targetElementId: 'B2' }],
    });
    expect(await activeElements(keys[2])).toEqual(['B2']);
    const rejected = camunda.migrateProcessInstance({
      processInstanceKey: keys[2],
      targetProcessDefinitionKey: v1,
      mappingInstructions: [],
    });
    expect(await statusOf(rejected)).toBe(409);
    expect(
      await statusOf(
        camunda.migrateProcessInstance({ processInstanceKey: '2251799813999999', targetProcessDefinitionKey: v2, mappingInstructions: [] }),
      ),
    ).toBe(404);
  });

  it('moves tokens by filter (modification batch): A is terminated and B activated in each instance', async () => {
    const key = await deploy(
      line('batch-move', [
        ['A', 'batch-move-a'],
        ['B', 'batch-move-b'],
      ]),
      'batch-move.bpmn',
    );
    const keys = await start(key, 2);
    const created = await camunda.modifyProcessInstancesBatchOperation(
      { filter: { processDefinitionId: 'batch-move' }, moveInstructions: [{ sourceElementId: 'A', targetElementId: 'B' }] },
      noWait,
    );
    expect(created.batchOperationType).toBe('MODIFY_PROCESS_INSTANCE');
    expect(await finished(created.batchOperationKey)).toMatchObject({ state: 'COMPLETED', operationsCompletedCount: 2 });
    for (const k of keys) expect(await activeElements(k)).toEqual(['B']);
  });
});

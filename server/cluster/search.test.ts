/**
 * The cluster side of the instance search over real HTTP: the SDK's REST client (built by
 * camundaRestClient, as the server builds it with ENGINE_EMBEDDED=false, OAuth included) against
 * the product's own /v2, which speaks Camunda 8.8's REST API. The embedded
 * side answers the same questions from the read models, and both must agree.
 */
import { randomUUID } from 'node:crypto';
import type { Settings } from '../../config/settings';
import { createEngineQueries } from '../../engine/query';
import { chain, end, process as bpmnProcess, start } from '../../test/bpmn';
import { startTestSystem } from '../../test/e2e/system';
import { startOnce } from '../api/accounting/http';
import { clusterDeploy } from '../modeler/cluster';
import type { System } from '../system';
import { camundaRestClient } from '../zeebe-client';
import { clusterProcessInstanceSearch, embeddedProcessInstanceSearch } from './search';
import { clusterSettingsOf, type ClusterSettings } from './testing';

jest.setTimeout(40_000);

let system: System;
let settings: Settings;
let cluster: ClusterSettings;
const processId = `search-test-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  system = await startTestSystem({ workersEnabled: false, deployProcessesAtStart: false });
  cluster = await clusterSettingsOf(system);
  settings = cluster.settings;
  const userTask = '<bpmn:userTask id="wait"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>';
  const xml = bpmnProcess(processId, [start('s'), userTask, end('e'), ...chain('s', 'wait', 'e')]);
  await clusterDeploy(() => camundaRestClient(settings))([{ name: `${processId}.bpmn`, content: Buffer.from(xml) }]);
});

afterAll(async () => {
  await cluster?.close();
  await system?.stop();
});

test('instances are found by key and by variables through the SDK, as in the read models', async () => {
  const rest = camundaRestClient(settings);
  const ref = `R-${randomUUID()}`;
  const start = async (variables: Record<string, unknown>) =>
    String((await rest.createProcessInstance({ processDefinitionId: processId, variables } as never)).processInstanceKey);
  const first = await start({ ref, n: 1 });
  const second = await start({ ref, n: 2 });
  const other = await start({ ref: `${ref}-other`, n: 1 });
  await rest.cancelProcessInstance({ processInstanceKey: second });

  const sdk = clusterProcessInstanceSearch(() => camundaRestClient(settings));
  const embedded = embeddedProcessInstanceSearch(createEngineQueries(system.db));

  const byKeys = await sdk.byKeys([first, second, '2251799813999999']);
  expect(byKeys.map((i) => i.processInstanceKey).sort()).toEqual([first, second].sort());
  expect(byKeys.find((i) => i.processInstanceKey === first)).toMatchObject({
    processDefinitionId: processId,
    state: 'ACTIVE',
    hasIncident: false,
    endDate: null,
  });
  expect(byKeys.find((i) => i.processInstanceKey === second)).toMatchObject({ state: 'TERMINATED' });
  expect(byKeys.find((i) => i.processInstanceKey === second)?.endDate).toEqual(expect.any(String));

  // Equality of JSON values: the string and the number must both match; `other` differs in ref.
  expect((await sdk.byVariables(processId, { ref })).map((i) => i.processInstanceKey)).toEqual([first, second]);
  expect((await sdk.byVariables(processId, { ref, n: 2 })).map((i) => i.processInstanceKey)).toEqual([second]);
  expect((await sdk.byVariables(processId, { ref }, { state: 'ACTIVE' })).map((i) => i.processInstanceKey)).toEqual([first]);
  expect((await sdk.byVariables(processId, { ref: `${ref}-other` }, { limit: 1 })).map((i) => i.processInstanceKey)).toEqual([other]);
  expect(await sdk.byVariables('no-such-process', { ref })).toEqual([]);

  expect(await embedded.byVariables(processId, { ref })).toEqual(await sdk.byVariables(processId, { ref }));
  expect(await embedded.byKeys([first, second])).toEqual(await sdk.byKeys([first, second]));
});

test('startOnce without an embedded engine finds the instance of a first start through the SDK search', async () => {
  const deps = { db: system.db, settings: settings, zbc: () => system.zbc };
  const statementId = `S-${randomUUID()}`;
  const first = await startOnce(deps, processId, { statementId, channel: 'test' }, ['statementId']);
  expect(first.started).toBe(true);
  // The product's /v2 reads its own writes; a cluster's might answer this one only seconds later.
  const again = await startOnce(deps, processId, { statementId, channel: 'test' }, ['statementId']);
  expect(again).toEqual({ processInstanceKey: first.processInstanceKey, started: false });
  expect((await startOnce(deps, processId, { statementId: `${statementId}-2` }, ['statementId'])).started).toBe(true);
});

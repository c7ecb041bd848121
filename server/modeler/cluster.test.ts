/**
 * The modeler's API without an embedded engine: its routes registered without `commands` deploy
 * through the SDK's REST client (OAuth included) to the product's own /v2, which speaks Camunda
 * 8.8's REST API and stands in for a cluster here. The answers must be those of the embedded path:
 * the test system serves that one at its own /api/modeler.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { signIn, systemHeaders } from '../../test/auth';
import { chain, end, process as bpmnProcess, serviceTask, start } from '../../test/bpmn';
import { startTestSystem } from '../../test/e2e/system';
import { clusterSettingsOf, type ClusterSettings } from '../cluster/testing';
import type { System } from '../system';
import { deployProcessFolder } from '../deploy-processes';
import { rejectionDetails } from './cluster';
import { recordStartDeployment, registerModelerRoutes } from '.';

jest.setTimeout(40_000);

let system: System;
let cluster: ClusterSettings;
let app: FastifyInstance;

beforeAll(async () => {
  system = await startTestSystem({ workersEnabled: false, deployProcessesAtStart: false });
  cluster = await clusterSettingsOf(system);
  app = Fastify();
  await registerModelerRoutes(app, { db: system.db, settings: cluster.settings });
});

afterAll(async () => {
  await app?.close();
  await cluster?.close();
  await system?.stop();
});

const suffix = randomUUID().slice(0, 8);
const processId = `modeler-cluster-${suffix}`;
const formId = `modeler-form-${suffix}`;
const bpmn = bpmnProcess(processId, [start('s'), serviceTask('work', 'modeler-test'), end('e'), ...chain('s', 'work', 'e')]);
const form = JSON.stringify({ id: formId, type: 'default', components: [{ type: 'textfield', key: 'note', label: 'Notiz' }] });

const deploy = (body: unknown) => app.inject({ method: 'POST', url: '/api/modeler/deployments', payload: body as object });

test('a deploy goes to the cluster, is logged with its resources, and its form is listed', async () => {
  const res = await deploy({
    comment: 'Erste Fassung',
    resources: [
      { name: `${processId}.bpmn`, content: bpmn },
      { name: `${formId}.form`, content: form },
    ],
  });
  expect(res.statusCode).toBe(201);
  const body = res.json();
  const processKey = body.deployment.deployments[0].processDefinition.processDefinitionKey;
  expect(body).toMatchObject({
    comment: 'Erste Fassung',
    user: 'unknown',
    resources: [
      { kind: 'process', id: processId, version: 1, key: processKey, resourceName: `${processId}.bpmn` },
      { kind: 'form', id: formId, version: 1, key: expect.stringMatching(/^\d+$/), resourceName: `${formId}.form` },
    ],
  });
  expect(body.resources[1].schema).toBeUndefined();

  // It is on the engine behind /v2.
  const found = await fetch(`${system.httpUrl}/v2/process-definitions/search`, {
    method: 'POST',
    headers: systemHeaders({ 'content-type': 'application/json' }),
    body: JSON.stringify({ filter: { processDefinitionId: processId } }),
  });
  expect(((await found.json()) as { items: { processDefinitionKey: string }[] }).items.map((p) => p.processDefinitionKey)).toEqual([
    processKey,
  ]);

  const log = (await app.inject({ method: 'GET', url: '/api/modeler/deployments' })).json();
  expect(log.items[0]).toMatchObject({ deploymentKey: body.deploymentKey, comment: 'Erste Fassung', resources: body.resources });

  // Unchanged again: the same form version, listed once; a changed form is version 2.
  expect((await deploy({ comment: '', resources: [{ name: `${formId}.form`, content: form }] })).statusCode).toBe(201);
  const changed = JSON.stringify({ ...JSON.parse(form), components: [] });
  expect((await deploy({ comment: '', resources: [{ name: `${formId}.form`, content: changed }] })).json().resources[0]).toMatchObject({
    version: 2,
  });
  const forms = (await app.inject({ method: 'GET', url: '/api/modeler/forms' }))
    .json()
    .items.filter((f: { formId: string }) => f.formId === formId);
  expect(forms).toEqual([
    { formKey: expect.any(String), formId, version: 2, resourceName: `${formId}.form`, deploymentKey: expect.any(String), schema: changed },
    { formKey: body.resources[1].key, formId, version: 1, resourceName: `${formId}.form`, deploymentKey: body.deploymentKey, schema: form },
  ]);
});

test("the cluster's rejection is the same problem as the embedded engine's, with the element ids", async () => {
  const broken = bpmnProcess(`broken-${suffix}`, [start('s'), '<bpmn:serviceTask id="noType" />', end('e'), ...chain('s', 'noType', 'e')]);
  const request = { comment: 'kaputt', resources: [{ name: 'broken.bpmn', content: broken }] };
  const viaCluster = await deploy(request);
  const analyst = await signIn(system.httpUrl, 'analyst');
  const embedded = await fetch(`${system.httpUrl}/api/modeler/deployments`, {
    method: 'POST',
    headers: { ...analyst.headers, 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  expect(embedded.status).toBe(400);
  expect(viaCluster.statusCode).toBe(400);
  expect(viaCluster.headers['content-type']).toContain('application/problem+json');
  const expected = (await embedded.json()) as { details: { field: string }[] };
  expect(expected.details.map((d) => d.field)).toContain('noType');
  expect(viaCluster.json()).toEqual(expected);
  // Nothing logged.
  expect(
    (await app.inject({ method: 'GET', url: '/api/modeler/deployments' }))
      .json()
      .items.some((i: { comment: string }) => i.comment === 'kaputt'),
  ).toBe(false);
});

test('the deployment of processes/ at start is logged once, so the modeler lists its forms', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'start-deploy-'));
  const startForm = JSON.stringify({ id: `start-form-${suffix}`, type: 'default', components: [] });
  fs.writeFileSync(path.join(dir, 'start.form'), startForm);
  const logged: boolean[] = [];
  const record = async (...args: Parameters<typeof recordStartDeployment>) => logged.push(await recordStartDeployment(...args));
  try {
    // Through the gRPC gateway, as at start; the second start finds nothing new to log.
    await deployProcessFolder(system.settings, system.engine!.grpcPort, dir, (d, c) => record(system.db, d, c));
    await deployProcessFolder(system.settings, system.engine!.grpcPort, dir, (d, c) => record(system.db, d, c));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  expect(logged).toEqual([true, false]);
  const forms = (await app.inject({ method: 'GET', url: '/api/modeler/forms' })).json().items;
  expect(forms.filter((f: { formId: string }) => f.formId === `start-form-${suffix}`)).toEqual([
    expect.objectContaining({ version: 1, resourceName: 'start.form', schema: startForm }),
  ]);
  const log = (await app.inject({ method: 'GET', url: '/api/modeler/deployments' })).json().items;
  expect(log[0]).toMatchObject({ user: 'system', resources: [{ kind: 'form', id: `start-form-${suffix}` }] });
});

test("Zeebe's rejection text gives one detail per element and error, with its resource", () => {
  const text =
    "Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy new resources, but encountered the following errors:\n" +
    "'order.bpmn': - Element: Task_1\n    - ERROR: Must have exactly one 'zeebe:taskDefinition' extension element\n" +
    '- Element: Gateway_2\n    - ERROR: Must have at least one outgoing sequence flow\n    - ERROR: Must have a default flow\n' +
    "'approval.form': Failed to parse form JSON\n";
  expect(rejectionDetails(text)).toEqual([
    { field: 'Task_1', message: "'order.bpmn': Must have exactly one 'zeebe:taskDefinition' extension element" },
    { field: 'Gateway_2', message: "'order.bpmn': Must have at least one outgoing sequence flow" },
    { field: 'Gateway_2', message: "'order.bpmn': Must have a default flow" },
    { field: 'approval.form', message: 'Failed to parse form JSON' },
  ]);
});

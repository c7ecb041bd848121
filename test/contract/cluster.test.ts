/**
 * Scale-out contract (issue 12): the product with ENGINE_EMBEDDED=false against an engine in another
 * process serving only the gRPC gateway and /v2, with OAuth client credentials, and job workers in
 * two processes of their own (`npm run workers`). Everything a user does goes over HTTP as the web
 * apps do it: an order, a modeler deploy, a Tasklist completion, a Cockpit retry.
 *
 * The worker processes share one database with the server, so they need PostgreSQL (127.0.0.1:5432,
 * or TEST_DATABASE_URL). Without one, the server runs the workers itself and the sharing test is
 * skipped, saying why.
 */
import type { System } from '../../server/system';
import type { TestDatabase } from '../../db/testing';
import { signIn, systemHeaders, type SignedIn } from '../auth';
import { waitFor } from '../harness';
import { chain, end, ext, process as bpmnProcess, serviceTask, start } from '../bpmn';
import { getOrder, mailTo, orderFor, post, waitForOrder } from '../e2e/system';
import {
  sharedDatabase,
  spawnWorkers,
  startProductOnCluster,
  startStandInCluster,
  workerEnv,
  ZEEBE_AUDIENCE,
  type StandInCluster,
  type WorkerProcess,
} from './cluster';

jest.setTimeout(240_000);

let cluster: StandInCluster;
let db: TestDatabase | undefined;
let system: System;
let workers: WorkerProcess[] = [];
let analyst: SignedIn;
let caseworker: SignedIn;
let admin: SignedIn;

beforeAll(async () => {
  cluster = await startStandInCluster();
  db = await sharedDatabase();
  system = await startProductOnCluster(cluster, db ? { databaseUrl: db.url!, workersEnabled: false } : {});
  if (db) {
    workers = await Promise.all(['workers-a', 'workers-b'].map((name) => spawnWorkers(workerEnv(system, cluster, db!, name))));
  }
  [analyst, caseworker, admin] = await Promise.all(['analyst', 'caseworker', 'admin'].map((u) => signIn(system.httpUrl, u)));
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await system?.stop();
  await cluster?.stop();
  await db?.dispose();
});

/** A call of the product's HTTP API, as the web apps make it. */
async function call(who: Record<string, string>, method: string, path: string, body?: unknown) {
  const res = await fetch(`${system.httpUrl}${path}`, {
    method,
    headers: { ...who, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, headers: res.headers, body: (type.includes('json') ? await res.json() : await res.text()) as any };
}

/** A call straight to the stand-in cluster's /v2, with a token of the provider. */
async function clusterCall(method: string, path: string, body?: unknown, token?: string) {
  const bearer =
    token ??
    (
      (await (
        await fetch(cluster.token.tokenUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: cluster.token.clientId,
            client_secret: cluster.token.clientSecret,
            audience: ZEEBE_AUDIENCE,
          }),
        })
      ).json()) as { access_token: string }
    ).access_token;
  const res = await fetch(`${cluster.restAddress}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as any };
}

const unique = Date.now().toString(36);
const approvalId = `contract-approval-${unique}`;
const flakyId = `contract-flaky-${unique}`;
const flakyType = `contract-flaky-${unique}`;

const approvalBpmn = bpmnProcess(approvalId, [
  start('Start'),
  `<bpmn:userTask id="Approve" name="Freigeben">${ext('<zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="caseworker" />')}</bpmn:userTask>`,
  end('End'),
  ...chain('Start', 'Approve', 'End'),
]);
const flakyBpmn = bpmnProcess(flakyId, [
  start('Start'),
  serviceTask('Call', flakyType, { retries: 1 }),
  end('End'),
  ...chain('Start', 'Call', 'End'),
]);

describe('the product on a cluster (ENGINE_EMBEDDED=false)', () => {
  it('the stand-in cluster refuses calls without a token of its provider', async () => {
    const none = await fetch(`${cluster.restAddress}/v2/topology`);
    expect(none.status).toBe(401);
    expect((await clusterCall('GET', '/v2/topology', undefined, cluster.token.forgedToken(ZEEBE_AUDIENCE))).status).toBe(401);
    const ok = await clusterCall('GET', '/v2/topology');
    expect(ok.status).toBe(200);
    expect(ok.body.brokers.length).toBeGreaterThan(0);
    // The product got its tokens by client credentials, and holds them: no request per call.
    expect(cluster.token.issued()).toBeGreaterThan(1);
    expect(cluster.token.refused()).toBe(0);
  });

  it('runs an order end to end: credit decision, contract, letter and mail', async () => {
    const order = orderFor('Gruen');
    const res = await post(system, '/api/orders', order);
    expect(res.status).toBe(201);
    const done = await waitForOrder(system, res.body.orderId, (o) => o.status === 'contracted' && o.documents.length > 0, 60_000);
    expect(done.decision).toBe('accept');
    expect(done.contract.contractNumber).toMatch(/^V\d+$/);
    await mailTo(system, order.customer.email, /Auftragsbest/i, 30_000);
    // The instance lives on the cluster, not in the product.
    const instance = await clusterCall('GET', `/v2/process-instances/${done.processInstanceKey}`);
    expect(instance.status).toBe(200);
    expect(instance.body.processDefinitionId).toBe('order-to-contract');
  });

  it('deploys from the modeler to the cluster; a broken model is refused naming its element', async () => {
    const broken = approvalBpmn.replace('<zeebe:userTask />', '').replace('sourceRef="Approve"', 'sourceRef="Nowhere"');
    const refused = await call(analyst.headers, 'POST', '/api/modeler/deployments', {
      comment: 'kaputt',
      resources: [{ name: 'broken.bpmn', content: broken }],
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/Nowhere|Approve/);

    const deployed = await call(analyst.headers, 'POST', '/api/modeler/deployments', {
      comment: 'Freigabe und Abruf für den Vertragstest',
      resources: [
        { name: `${approvalId}.bpmn`, content: approvalBpmn },
        { name: `${flakyId}.bpmn`, content: flakyBpmn },
      ],
    });
    expect(deployed.status).toBe(201);
    const onCluster = await clusterCall('POST', '/v2/process-definitions/search', { filter: { processDefinitionId: approvalId } });
    expect(onCluster.body.items).toHaveLength(1);
    // The modeler's own log names who deployed what and why.
    const log = await call(analyst.headers, 'GET', '/api/modeler/deployments');
    expect(JSON.stringify(log.body)).toContain('Vertragstest');
    // The forms deployed at start, which the modeler links to user tasks, are listed from the log.
    const forms = await call(analyst.headers, 'GET', '/api/modeler/forms');
    expect(forms.status).toBe(200);
    expect(JSON.stringify(forms.body)).toContain('credit-review');
    // And the cockpit's definitions list (through the product's /v2) shows it.
    const listed = await call(analyst.headers, 'POST', '/v2/process-definitions/search', { filter: { processDefinitionId: approvalId } });
    expect(listed.status).toBe(200);
    expect(listed.body.items[0].processDefinitionId).toBe(approvalId);
  });

  it('completes a cluster user task from the Tasklist, under the product roles', async () => {
    const started = await call(systemHeaders(), 'POST', '/v2/process-instances', {
      processDefinitionId: approvalId,
      variables: { amount: 1 },
    });
    expect(started.status).toBe(200);
    const instanceKey = started.body.processInstanceKey as string;
    const task = await waitFor(async () => {
      const found = await call(caseworker.headers, 'POST', '/v2/user-tasks/search', {
        filter: { processInstanceKey: instanceKey, state: 'CREATED' },
      });
      return found.body.items?.[0] as { userTaskKey: string } | undefined;
    }, 30_000);
    // An analyst may read but not work tasks; the product decides before anything reaches the cluster.
    expect((await call(analyst.headers, 'POST', `/v2/user-tasks/${task.userTaskKey}/completion`, {})).status).toBe(403);
    expect(
      (await call(caseworker.headers, 'POST', `/v2/user-tasks/${task.userTaskKey}/assignment`, { assignee: 'caseworker' })).status,
    ).toBe(204);
    expect(
      (await call(caseworker.headers, 'POST', `/v2/user-tasks/${task.userTaskKey}/completion`, { variables: { approved: true } })).status,
    ).toBe(204);
    const done = await waitFor(async () => {
      const i = await call(caseworker.headers, 'GET', `/v2/process-instances/${instanceKey}`);
      return i.body.state === 'COMPLETED' && i.body;
    }, 30_000);
    expect(done.processDefinitionId).toBe(approvalId);
  });

  /** The next job of the flaky task, taken the way a worker would. */
  const nextFlakyJob = () =>
    waitFor(async () => {
      const jobs = await system.zbc.activateJobs({
        type: flakyType,
        worker: 'contract-test',
        timeout: 30_000,
        maxJobsToActivate: 1,
        requestTimeout: 2000,
      });
      return jobs.length ? jobs : undefined;
    }, 30_000);

  it('retries a failed job from the Cockpit: new retries, incident resolved, the instance completes', async () => {
    const started = await call(systemHeaders(), 'POST', '/v2/process-instances', { processDefinitionId: flakyId });
    const instanceKey = started.body.processInstanceKey as string;
    const [job] = await nextFlakyJob();
    await system.zbc.failJob({ jobKey: job.key, errorMessage: 'Dienst antwortet nicht', retries: 0, retryBackOff: 0 });
    const incident = await waitFor(async () => {
      const found = await call(admin.headers, 'POST', '/v2/incidents/search', { filter: { processInstanceKey: instanceKey } });
      return found.body.items?.[0] as { incidentKey: string; jobKey: string; errorMessage: string } | undefined;
    }, 30_000);
    expect(incident.errorMessage).toContain('Dienst antwortet nicht');
    // A case worker may not change jobs; the admin may.
    expect((await call(caseworker.headers, 'PATCH', `/v2/jobs/${incident.jobKey}`, { changeset: { retries: 1 } })).status).toBe(403);
    expect((await call(admin.headers, 'PATCH', `/v2/jobs/${incident.jobKey}`, { changeset: { retries: 1 } })).status).toBe(204);
    expect((await call(admin.headers, 'POST', `/v2/incidents/${incident.incidentKey}/resolution`, {})).status).toBe(204);
    const [again] = await nextFlakyJob();
    await system.zbc.completeJob({ jobKey: again.key, variables: {} });
    await waitFor(
      async () => (await call(admin.headers, 'GET', `/v2/process-instances/${instanceKey}`)).body.state === 'COMPLETED',
      30_000,
    );
  });

  it('keeps its own gate in front of the cluster: no session, no call; no path out of /v2', async () => {
    expect((await fetch(`${system.httpUrl}/v2/process-instances/search`, { method: 'POST', body: '{}' })).status).toBe(401);
    const escaped = await call(admin.headers, 'GET', '/v2/%2e%2e/actuator/health');
    expect(escaped.status).toBe(404);
    const topology = await call(analyst.headers, 'GET', '/v2/topology');
    expect(topology.status).toBe(200);
    // The cluster credentials stay in the server.
    expect(topology.headers.get('authorization')).toBeNull();
    expect(JSON.stringify(topology.body)).not.toContain(cluster.token.clientSecret);
  });

  it('two worker processes share the jobs, and every order still gets one letter and one mail', async () => {
    if (!db) {
      console.warn('No PostgreSQL on 127.0.0.1:5432 (or TEST_DATABASE_URL): worker processes cannot share a database; not run.');
      return;
    }
    const orders = Array.from({ length: 6 }, () => orderFor('Gruen'));
    const ids = await Promise.all(orders.map(async (o) => (await post(system, '/api/orders', o)).body.orderId as string));
    await Promise.all(ids.map((id) => waitForOrder(system, id, (o) => o.status === 'contracted' && o.documents.length > 0, 90_000)));
    // One letter and one mail per order, however the jobs were spread.
    for (const [i, o] of orders.entries()) {
      await mailTo(system, o.customer.email, /Auftragsbest/i, 30_000);
      expect(system.mailSink!.list().filter((m) => m.to.includes(o.customer.email))).toHaveLength(1);
      expect((await getOrder(system, ids[i])).documents).toHaveLength(1);
    }
    // Who did the jobs: the cluster's job search names the worker of each ended job.
    const completed = await clusterCall('POST', '/v2/jobs/search', { filter: { state: 'COMPLETED' }, page: { limit: 1000 } });
    const byWorker = new Set((completed.body.items as { worker: string }[]).map((j) => j.worker));
    expect([...byWorker]).toEqual(expect.arrayContaining(['workers-a', 'workers-b']));
  });
});

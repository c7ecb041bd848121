/**
 * The gateway against an in-memory fake engine: wiring, validation at the edge, error mapping,
 * long polling and job streams, driven by a raw gRPC client and by the official clients.
 */
import path from 'node:path';
import { status } from '@grpc/grpc-js';
import { Camunda8 } from '@camunda8/sdk';
import { ZBClient } from 'zeebe-node';
import { startGateway, type Gateway } from '../server';
import { fakeEngine, type FakeEngine } from './fake-engine';
import { collect, rawClient, type RawClient } from './raw-client';

const fixture = (name: string): string => path.join(__dirname, 'fixtures', name);

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

let engine: FakeEngine;
let gateway: Gateway;
let raw: RawClient;
const logged: unknown[] = [];

beforeAll(async () => {
  engine = fakeEngine();
  gateway = await startGateway(engine.commands, { port: 0, log: (_m, e) => logged.push(e) });
  raw = rawClient(gateway.port);
});

afterAll(async () => {
  raw.close();
  await gateway.close();
});

describe('raw gRPC', () => {
  it('answers Topology', async () => {
    const t = await raw.unary('Topology', {});
    expect(t.brokers[0].partitions[0]).toEqual({ partitionId: 1, role: 'LEADER', health: 'HEALTHY' });
    expect(t.gatewayVersion).toBe('8.8.0');
  });

  it('rejects non-object variables with Zeebe wording', async () => {
    await expect(raw.unary('CreateProcessInstance', { bpmnProcessId: 'p', version: -1, variables: '[1]' })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: "Property 'variables' is invalid: Expected document to be a root level object, but was 'ARRAY'",
    });
    await expect(raw.unary('CompleteJob', { jobKey: '5', variables: '{oops' })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
  });

  it('maps engine rejections to status and message', async () => {
    await expect(raw.unary('CreateProcessInstance', { bpmnProcessId: 'missing', version: -1 })).rejects.toMatchObject({
      code: status.NOT_FOUND,
      details:
        "Command 'CREATE' rejected with code 'NOT_FOUND': Expected to find process definition with process ID 'missing', but none found",
    });
    await expect(raw.unary('CompleteJob', { jobKey: '1' })).rejects.toMatchObject({
      code: status.FAILED_PRECONDITION,
      details: "Command 'COMPLETE' rejected with code 'INVALID_STATE': Expected to complete job with key '1', but it is in state 'FAILED'",
    });
  });

  it('maps unexpected engine exceptions to INTERNAL and logs them', async () => {
    const before = logged.length;
    await expect(raw.unary('EvaluateDecision', { decisionId: 'd' })).rejects.toMatchObject({ code: status.INTERNAL });
    expect(logged.length).toBe(before + 1);
  });

  it('validates required fields at the edge', async () => {
    await expect(raw.unary('DeployResource', { resources: [] })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
    await expect(raw.unary('UpdateJobRetries', { jobKey: '5', retries: -1 })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
    await expect(raw.unary('PublishMessage', { name: '', correlationKey: 'k' })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
    await expect(raw.unary('CreateProcessInstance', { bpmnProcessId: 'p', tenantId: 'acme' })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: "Expected to handle gRPC request CreateProcessInstance with tenant identifier 'acme', but multi-tenancy is disabled",
    });
    await expect(
      collect(raw.stream('ActivateJobs', { type: '', worker: 'w', timeout: '1000', maxJobsToActivate: 1 })),
    ).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
    });
    await expect(collect(raw.stream('StreamActivatedJobs', { type: 'work', worker: 'w', timeout: '0' }))).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
    });
  });

  it('passes modification and migration on to the engine; a migration without a plan is INVALID_ARGUMENT', async () => {
    await expect(
      raw.unary('ModifyProcessInstance', {
        processInstanceKey: '1',
        activateInstructions: [
          { elementId: 'a', ancestorElementInstanceKey: '-1', variableInstructions: [{ variables: '{"x":1}', scopeId: '' }] },
        ],
      }),
    ).resolves.toEqual({});
    await expect(
      raw.unary('MigrateProcessInstance', {
        processInstanceKey: '1',
        migrationPlan: { targetProcessDefinitionKey: '2', mappingInstructions: [{ sourceElementId: 'a', targetElementId: 'b' }] },
      }),
    ).resolves.toEqual({});
    await expect(raw.unary('MigrateProcessInstance', { processInstanceKey: '1' })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringContaining('migration plan'),
    });
  });

  it('deploys with the deprecated DeployProcess', async () => {
    const res = await raw.unary('DeployProcess', {
      processes: [{ name: 'a.bpmn', definition: Buffer.from('<process id="a" isExecutable="true"/>') }],
    });
    expect(res.processes[0]).toMatchObject({ bpmnProcessId: 'a', resourceName: 'a.bpmn', version: 1 });
  });

  it('ends a long poll without jobs when requestTimeout is negative', async () => {
    expect(
      await collect(
        raw.stream('ActivateJobs', { type: 'nothing', worker: 'w', timeout: '1000', maxJobsToActivate: 1, requestTimeout: '-1' }),
      ),
    ).toEqual([]);
  });

  it('long polls until a job arrives, then ends the call', async () => {
    const call = collect(
      raw.stream('ActivateJobs', { type: 'later', worker: 'w', timeout: '1000', maxJobsToActivate: 5, requestTimeout: '5000' }),
    );
    await new Promise((r) => setTimeout(r, 100));
    const job = engine.addJob('later', { n: 1 });
    const responses = await call;
    expect(responses).toHaveLength(1);
    const [activated] = responses[0].jobs;
    expect(activated.key).toBe(job.key);
    expect(JSON.parse(activated.variables)).toEqual({ n: 1 });
    expect(JSON.parse(activated.customHeaders)).toEqual({ purpose: 'fake' });
    expect(Number(activated.deadline)).toBeGreaterThan(Date.now());
  });

  it('aborts the engine long poll when the client cancels', async () => {
    const polls = engine.pollSignals.length;
    const stream = raw.stream('ActivateJobs', {
      type: 'never',
      worker: 'w',
      timeout: '1000',
      maxJobsToActivate: 1,
      requestTimeout: '30000',
    });
    stream.on('error', () => undefined);
    await until(() => engine.pollSignals.length > polls);
    stream.cancel();
    await until(() => engine.pollSignals[polls].aborted);
  });

  it('hands jobs back when the poll ends after the client left', async () => {
    const stream = raw.stream('ActivateJobs', {
      type: 'slow',
      worker: 'w',
      timeout: '1000',
      maxJobsToActivate: 1,
      requestTimeout: '30000',
    });
    stream.on('error', () => undefined);
    await new Promise((r) => setTimeout(r, 50));
    stream.cancel();
    await until(() => engine.failed.length > 0);
    expect(engine.failed[0]).toMatchObject({ retries: 3 });
  });

  it('streams jobs and closes the engine stream when the client cancels', async () => {
    const stream = raw.stream('StreamActivatedJobs', { type: 'streamed', worker: 'sw', timeout: '5000' });
    stream.on('error', () => undefined);
    const got: Record<string, string>[] = [];
    stream.on('data', (j: Record<string, string>) => got.push(j));
    await until(() => engine.openStreams() > 0);
    engine.addJob('streamed', { s: 1 });
    engine.addJob('streamed', { s: 2 });
    await until(() => got.length === 2);
    expect(got.map((j) => JSON.parse(j.variables).s)).toEqual([1, 2]);
    expect(got[0].worker).toBe('sw');
    stream.cancel();
    await until(() => engine.openStreams() === 0);
  });
});

describe('@camunda8/sdk', () => {
  let zbc: ReturnType<Camunda8['getZeebeGrpcApiClient']>;

  beforeAll(() => {
    zbc = new Camunda8({
      ZEEBE_GRPC_ADDRESS: `grpc://localhost:${gateway.port}`,
      ZEEBE_REST_ADDRESS: 'http://localhost:1',
      CAMUNDA_AUTH_STRATEGY: 'NONE',
      CAMUNDA_LOG_LEVEL: 'none',
      zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'NONE', ZEEBE_GRPC_CLIENT_RETRY: false },
    }).getZeebeGrpcApiClient();
  });

  afterAll(async () => {
    await zbc.close();
  });

  it('reads the topology', async () => {
    expect((await zbc.topology()).brokers).toHaveLength(1);
  });

  it('deploys, starts and works a job with a polling worker', async () => {
    const deployed = await zbc.deployResource({ processFilename: fixture('gateway-service-task.bpmn') });
    expect(deployed.deployments[0].process.bpmnProcessId).toBe('gateway-service-task');
    const created = await zbc.createProcessInstance({ bpmnProcessId: 'gateway-service-task', variables: { orderId: 'o-1' } });
    expect(created.processInstanceKey).toMatch(/^\d+$/);

    const seen: unknown[] = [];
    const worker = zbc.createWorker({
      taskType: 'work',
      taskHandler: (job) => {
        seen.push(job.variables);
        return job.complete({ handled: true });
      },
    });
    try {
      await until(() => engine.completed.some((c) => c.variables?.handled === true));
      expect(seen).toContainEqual({ orderId: 'o-1' });
    } finally {
      await worker.close();
    }
  });

  it('works jobs pushed through streamJobs', async () => {
    const worker = await zbc.streamJobs({
      type: 'pushed',
      worker: 'sdk-stream',
      timeout: 30000,
      tenantIds: ['<default>'],
      taskHandler: (job) => job.complete({ streamed: job.variables.n }),
    });
    try {
      await until(() => engine.openStreams() > 0);
      engine.addJob('pushed', { n: 7 });
      await until(() => engine.completed.some((c) => c.variables?.streamed === 7));
    } finally {
      worker.close();
    }
  });

  it('publishes messages and creates instances with result', async () => {
    const published = await zbc.publishMessage({
      name: 'gateway-ping',
      correlationKey: 'o-1',
      variables: { pong: true },
      timeToLive: 10000,
    });
    expect(published.key).toMatch(/^\d+$/);
    const result = await zbc.createProcessInstanceWithResult({ bpmnProcessId: 'gateway-service-task', variables: { a: 1 } });
    expect(result.variables).toEqual({ a: 1, done: true });
  });

  it('surfaces rejections as gRPC errors', async () => {
    await expect(zbc.createProcessInstance({ bpmnProcessId: 'missing', variables: {} })).rejects.toMatchObject({ code: status.NOT_FOUND });
  });
});

describe('zeebe-node', () => {
  it('deploys, starts and works a job', async () => {
    const zbc = new ZBClient(`localhost:${gateway.port}`, { useTLS: false, loglevel: 'NONE', retry: false });
    try {
      const deployed = await zbc.deployResource({ processFilename: fixture('gateway-service-task.bpmn') });
      expect(deployed.deployments[0].process.bpmnProcessId).toBe('gateway-service-task');
      await zbc.createProcessInstance({ bpmnProcessId: 'gateway-service-task', variables: { via: 'zeebe-node' } });
      const worker = zbc.createWorker({ taskType: 'work', taskHandler: (job) => job.complete({ zn: job.variables.via }) });
      await until(() => engine.completed.some((c) => c.variables?.zn === 'zeebe-node'));
      await worker.close();
    } finally {
      await zbc.close();
    }
  });
});

describe('close', () => {
  it('finishes open long polls and streams promptly', async () => {
    const other = await startGateway(engine.commands, { port: 0 });
    const client = rawClient(other.port);
    const poll = collect(
      client.stream('ActivateJobs', { type: 'never', worker: 'w', timeout: '1000', maxJobsToActivate: 1, requestTimeout: '60000' }),
    );
    const stream = collect(client.stream('StreamActivatedJobs', { type: 'never', worker: 'w', timeout: '1000' }));
    await until(() => engine.openStreams() > 0);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(1500);
    await expect(poll).resolves.toEqual([]);
    await expect(stream).resolves.toEqual([]);
    client.close();
  });
});

/**
 * End to end: the real engine (engine/index.ts starts the core and this gateway) driven by the
 * unmodified official clients, exactly as an app would against Camunda 8.
 */
import fs from 'node:fs';
import path from 'node:path';
import { status } from '@grpc/grpc-js';
import { Camunda8 } from '@camunda8/sdk';
import { ZBClient } from 'zeebe-node';
import { loadSettings } from '../../../config/settings';
import { openDatabase, type Database } from '../../../db/index';
import { startEngine, type EmbeddedEngine } from '../../index';
import { collect, rawClient, type RawClient } from './raw-client';
import { waitFor as until } from '../../../test/wait';

const fixture = (name: string): string => path.join(__dirname, 'fixtures', name);

describe('gateway with the real engine', () => {
  let db: Database;
  let engine: EmbeddedEngine;
  let raw: RawClient;
  let zbc: ReturnType<Camunda8['getZeebeGrpcApiClient']>;

  beforeAll(async () => {
    db = await openDatabase({ databaseUrl: '', dataDir: 'memory://' });
    engine = await startEngine({ db, settings: loadSettings({}, { engineGrpcPort: 0 }), log: () => undefined });
    raw = rawClient(engine.grpcPort);
    zbc = new Camunda8({
      ZEEBE_GRPC_ADDRESS: `grpc://localhost:${engine.grpcPort}`,
      ZEEBE_REST_ADDRESS: 'http://localhost:1',
      CAMUNDA_AUTH_STRATEGY: 'NONE',
      CAMUNDA_LOG_LEVEL: 'none',
      zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'NONE', ZEEBE_GRPC_CLIENT_RETRY: false },
    }).getZeebeGrpcApiClient();
    await zbc.deployResource({ processFilename: fixture('gateway-service-task.bpmn') });
    await zbc.deployResource({ processFilename: fixture('gateway-message.bpmn') });
  }, 60_000);

  afterAll(async () => {
    await zbc?.close();
    raw?.close();
    await engine?.close();
    await db?.destroy();
  });

  describe('@camunda8/sdk', () => {
    it('reads the topology', async () => {
      const topology = await zbc.topology();
      expect(topology.brokers[0].partitions[0]).toMatchObject({ partitionId: 1, role: 'LEADER', health: 'HEALTHY' });
    });

    it('deploys and reports the process', async () => {
      const res = await zbc.deployResource({ processFilename: fixture('gateway-service-task.bpmn') });
      expect(res.key).toMatch(/^\d+$/);
      // The SDK names the resource by the path it read.
      expect(res.deployments[0].process).toMatchObject({
        bpmnProcessId: 'gateway-service-task',
        resourceName: fixture('gateway-service-task.bpmn'),
      });
    });

    it('deploys a DMN and evaluates a decision with its required decision', async () => {
      const deployed = await zbc.deployResource({ decisionFilename: fixture('gateway-decision.dmn') });
      const kinds = deployed.deployments.map((d) => Object.keys(d).find((k) => (d as unknown as Record<string, unknown>)[k]));
      expect(kinds).toEqual(expect.arrayContaining(['decisionRequirements', 'decision']));
      const res = await zbc.evaluateDecision({ decisionId: 'gatewayLabel', variables: { amount: 250 } });
      expect(JSON.parse(res.decisionOutput)).toBe('order is big');
      expect(res.decisionKey).toMatch(/^\d+$/);
      expect(res.evaluatedDecisions.map((d) => d.decisionId)).toEqual(['gatewaySize', 'gatewayLabel']);
      expect(res.evaluatedDecisions[0].matchedRules[0]).toMatchObject({ ruleId: 'size-big', ruleIndex: 1 });
      await expect(zbc.evaluateDecision({ decisionId: 'gatewayNoSuchDecision', variables: {} })).rejects.toMatchObject({
        code: expect.any(Number),
      });
    });

    it('deletes a process definition, then it is gone', async () => {
      const res = await zbc.deployResource({
        process: Buffer.from(
          fs.readFileSync(fixture('gateway-service-task.bpmn'), 'utf8').replace(/gateway-service-task/g, 'gateway-deleted'),
        ),
        name: 'deleted.bpmn',
      });
      const key = res.deployments[0].process.processDefinitionKey;
      await zbc.deleteResource({ resourceKey: key });
      await expect(zbc.deleteResource({ resourceKey: key })).rejects.toMatchObject({ code: status.NOT_FOUND });
      await expect(zbc.createProcessInstance({ bpmnProcessId: 'gateway-deleted', variables: {} })).rejects.toMatchObject({
        code: status.NOT_FOUND,
      });
    });

    it('starts an instance and a polling worker completes its job', async () => {
      const seen: { variables: unknown; headers: unknown }[] = [];
      const worker = zbc.createWorker({
        taskType: 'gateway-test-work',
        taskHandler: (job) => {
          seen.push({ variables: job.variables, headers: job.customHeaders });
          return job.complete({ worked: 'poll' });
        },
      });
      try {
        const result = await zbc.createProcessInstanceWithResult({
          bpmnProcessId: 'gateway-service-task',
          variables: { orderId: 'sdk-1' },
          requestTimeout: 10_000,
        });
        expect(result.variables).toMatchObject({ orderId: 'sdk-1', worked: 'poll' });
        expect(seen[0]).toEqual({ variables: { orderId: 'sdk-1' }, headers: { purpose: 'gateway-test' } });
      } finally {
        await worker.close();
      }
    });

    it('completes jobs pushed through streamJobs', async () => {
      const worker = await zbc.streamJobs({
        type: 'gateway-test-work',
        worker: 'sdk-stream',
        timeout: 30_000,
        tenantIds: ['<default>'],
        taskHandler: (job) => job.complete({ worked: 'stream' }),
      });
      try {
        const result = await zbc.createProcessInstanceWithResult({
          bpmnProcessId: 'gateway-service-task',
          variables: { orderId: 'sdk-2' },
          requestTimeout: 10_000,
        });
        expect(result.variables).toMatchObject({ orderId: 'sdk-2', worked: 'stream' });
      } finally {
        worker.close();
      }
    });

    it('correlates a published message', async () => {
      const instance = zbc.createProcessInstanceWithResult({
        bpmnProcessId: 'gateway-message',
        variables: { orderId: 'msg-1' },
        requestTimeout: 10_000,
      });
      await new Promise((r) => setTimeout(r, 100));
      const published = await zbc.publishMessage({
        name: 'gateway-ping',
        correlationKey: 'msg-1',
        variables: { pong: true },
        timeToLive: 10_000,
      });
      expect(published.key).toMatch(/^\d+$/);
      expect((await instance).variables).toMatchObject({ orderId: 'msg-1', pong: true });
    });

    it('fails a job back, updates retries and completes it after', async () => {
      const { processInstanceKey } = await zbc.createProcessInstance({
        bpmnProcessId: 'gateway-service-task',
        variables: { orderId: 'fail-1' },
      });
      const [job] =
        (await zbc.activateJobs({
          type: 'gateway-test-work',
          worker: 'manual',
          maxJobsToActivate: 1,
          timeout: 30_000,
          requestTimeout: 5_000,
        })) ?? [];
      expect(job.processInstanceKey).toBe(processInstanceKey);
      await zbc.failJob({ jobKey: job.key, retries: 2, errorMessage: 'try again', retryBackOff: 0 });
      await zbc.updateJobRetries({ jobKey: job.key, retries: 5 });
      const [again] =
        (await zbc.activateJobs({
          type: 'gateway-test-work',
          worker: 'manual',
          maxJobsToActivate: 1,
          timeout: 30_000,
          requestTimeout: 5_000,
        })) ?? [];
      expect(again.key).toBe(job.key);
      expect(again.retries).toBe(5);
      await zbc.completeJob({ jobKey: again.key, variables: {} });
      await expect(zbc.completeJob({ jobKey: again.key, variables: {} })).rejects.toMatchObject({ code: status.NOT_FOUND });
    });

    it('extends a job timeout and throws a business error', async () => {
      const { processInstanceKey } = await zbc.createProcessInstance({
        bpmnProcessId: 'gateway-service-task',
        variables: { orderId: 'err-1' },
      });
      const [job] =
        (await zbc.activateJobs({
          type: 'gateway-test-work',
          worker: 'manual',
          maxJobsToActivate: 1,
          timeout: 30_000,
          requestTimeout: 5_000,
        })) ?? [];
      expect(job.processInstanceKey).toBe(processInstanceKey);
      await zbc.updateJobTimeout({ jobKey: job.key, timeout: 120_000 });
      // No catch event: the error becomes an incident, the command itself succeeds.
      await zbc.throwError({ jobKey: job.key, errorCode: 'GATEWAY_E', errorMessage: 'no catcher' });
      await expect(zbc.completeJob({ jobKey: job.key, variables: {} })).rejects.toMatchObject({ code: expect.any(Number) });
      await zbc.cancelProcessInstance(processInstanceKey);
    });

    it('rejects resolving an unknown incident with NOT_FOUND', async () => {
      await expect(zbc.resolveIncident({ incidentKey: '2251799813600001' })).rejects.toMatchObject({ code: status.NOT_FOUND });
    });

    it('cancels an instance, after which it is gone', async () => {
      const { processInstanceKey } = await zbc.createProcessInstance({
        bpmnProcessId: 'gateway-message',
        variables: { orderId: 'cancel-1' },
      });
      await zbc.cancelProcessInstance(processInstanceKey);
      await expect(zbc.cancelProcessInstance(processInstanceKey)).rejects.toMatchObject({ code: status.NOT_FOUND });
    });

    it('sets variables on an instance', async () => {
      const { processInstanceKey } = await zbc.createProcessInstance({
        bpmnProcessId: 'gateway-message',
        variables: { orderId: 'vars-1' },
      });
      // The SDK types the result as void, but passes Zeebe's response through.
      const res = (await zbc.setVariables({
        elementInstanceKey: processInstanceKey,
        variables: { note: 'x' },
        local: false,
      })) as unknown as { key: string };
      expect(res.key).toMatch(/^\d+$/);
      await zbc.cancelProcessInstance(processInstanceKey);
    });

    it('broadcasts a signal', async () => {
      const res = (await zbc.broadcastSignal({ signalName: 'gateway-nobody-listens', variables: {} })) as unknown as { key: string };
      expect(res.key).toMatch(/^\d+$/);
    });

    it('rejects an unknown process with NOT_FOUND in Zeebe wording', async () => {
      await expect(zbc.createProcessInstance({ bpmnProcessId: 'gateway-no-such-process', variables: {} })).rejects.toMatchObject({
        code: status.NOT_FOUND,
        details: expect.stringMatching(/^Command 'CREATE' rejected with code 'NOT_FOUND': .*gateway-no-such-process/),
      });
    });

    it('rejects an invalid BPMN deployment with INVALID_ARGUMENT', async () => {
      await expect(zbc.deployResource({ process: Buffer.from('<definitions>broken'), name: 'broken.bpmn' })).rejects.toMatchObject({
        code: status.INVALID_ARGUMENT,
      });
    });
  });

  describe('raw gRPC', () => {
    it('rejects array variables at the edge', async () => {
      await expect(
        raw.unary('CreateProcessInstance', { bpmnProcessId: 'gateway-service-task', version: -1, variables: '[]' }),
      ).rejects.toMatchObject({
        code: status.INVALID_ARGUMENT,
        details: "Property 'variables' is invalid: Expected document to be a root level object, but was 'ARRAY'",
      });
    });

    it('returns no jobs from a poll without long polling', async () => {
      expect(
        await collect(
          raw.stream('ActivateJobs', { type: 'gateway-nothing', worker: 'w', timeout: '1000', maxJobsToActivate: 3, requestTimeout: '-1' }),
        ),
      ).toEqual([]);
    });

    it('respects maxJobsToActivate and sends JSON variables, headers and an epoch deadline', async () => {
      for (const n of [1, 2, 3])
        await raw.unary('CreateProcessInstance', {
          bpmnProcessId: 'gateway-service-task',
          version: -1,
          variables: JSON.stringify({ orderId: `max-${n}` }),
        });
      const first = await until(async () => {
        const res = await collect(
          raw.stream('ActivateJobs', {
            type: 'gateway-test-work',
            worker: 'raw',
            timeout: '60000',
            maxJobsToActivate: 2,
            requestTimeout: '-1',
          }),
        );
        return res.length > 0 ? res : undefined;
      });
      const jobs = first.flatMap((r) => r.jobs);
      expect(jobs.length).toBeGreaterThanOrEqual(1);
      expect(jobs.length).toBeLessThanOrEqual(2);
      expect(JSON.parse(jobs[0].customHeaders)).toEqual({ purpose: 'gateway-test' });
      expect(JSON.parse(jobs[0].variables).orderId).toMatch(/^max-/);
      expect(Number(jobs[0].deadline)).toBeGreaterThan(Date.now() + 50_000);
      // Finish everything this test started.
      for (const j of jobs) await raw.unary('CompleteJob', { jobKey: j.key, variables: '{}' });
      const rest = await collect(
        raw.stream('ActivateJobs', {
          type: 'gateway-test-work',
          worker: 'raw',
          timeout: '60000',
          maxJobsToActivate: 10,
          requestTimeout: '2000',
        }),
      );
      for (const j of rest.flatMap((r) => r.jobs)) await raw.unary('CompleteJob', { jobKey: j.key, variables: '{}' });
    });

    it('rejects the modification of an unknown process instance with NOT_FOUND', async () => {
      await expect(raw.unary('ModifyProcessInstance', { processInstanceKey: '1' })).rejects.toMatchObject({
        code: status.NOT_FOUND,
        details:
          "Command 'MODIFY' rejected with code 'NOT_FOUND': Expected to modify process instance but no process instance found with key '1'",
      });
    });
  });

  describe('zeebe-node', () => {
    it('deploys, starts and works a job', async () => {
      const client = new ZBClient(`localhost:${engine.grpcPort}`, { useTLS: false, loglevel: 'NONE', retry: false });
      try {
        const deployed = await client.deployResource({ processFilename: fixture('gateway-service-task.bpmn') });
        expect(deployed.deployments[0].process.bpmnProcessId).toBe('gateway-service-task');
        const worker = client.createWorker({ taskType: 'gateway-test-work', taskHandler: (job) => job.complete({ worked: 'zeebe-node' }) });
        try {
          const result = await client.createProcessInstanceWithResult({
            bpmnProcessId: 'gateway-service-task',
            variables: { orderId: 'zn-1' },
            requestTimeout: 10_000,
          });
          expect(result.variables).toMatchObject({ orderId: 'zn-1', worked: 'zeebe-node' });
        } finally {
          await worker.close();
        }
      } finally {
        await client.close();
      }
    });
  });
});

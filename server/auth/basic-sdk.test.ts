/**
 * @camunda8/sdk with CAMUNDA_AUTH_STRATEGY=BASIC, the default of a self-managed Camunda 8.8,
 * against the whole product with ENGINE_GRPC_AUTH=required: the product's users sign in with their
 * name and password over gRPC and /v2, and their roles decide (grpc.ts, rules.ts).
 */
import { status } from '@grpc/grpc-js';
import type { System } from '../system';
import { startTestSystem } from '../../test/e2e/system';
import { restClient, zeebeClient } from '../../test/sdk-client';

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="basic-auth" isExecutable="true">
    <bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e"/><bpmn:endEvent id="e"/>
  </bpmn:process>
</bpmn:definitions>`;

let system: System;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  system = await startTestSystem({ engineGrpcAuth: 'required' });
}, 60_000);
afterAll(async () => {
  for (const close of closers) await close().catch(() => undefined);
  await system?.stop();
});

function camunda(username: string, password: string) {
  const auth = { strategy: 'BASIC', username, password } as const;
  const grpc = zeebeClient(system.engine!.grpcPort, auth);
  closers.push(() => grpc.close());
  return { grpc, rest: restClient(system.httpUrl, auth) };
}

describe('gRPC with Basic credentials of the product users', () => {
  it('the analyst deploys, but may not start instances (PERMISSION_DENIED); the admin starts one', async () => {
    const analyst = camunda('analyst', 'analyst').grpc;
    const deployed = await analyst.deployResource({ process: Buffer.from(BPMN), name: 'basic-auth.bpmn' });
    expect(deployed.deployments[0].process.bpmnProcessId).toBe('basic-auth');
    await expect(analyst.createProcessInstance({ bpmnProcessId: 'basic-auth', variables: {} })).rejects.toMatchObject({
      code: status.PERMISSION_DENIED,
    });
    const admin = camunda('admin', 'admin').grpc;
    const instance = await admin.createProcessInstance({ bpmnProcessId: 'basic-auth', variables: {} });
    expect(instance.processInstanceKey).toMatch(/^\d+$/);
  });

  it('a wrong password is UNAUTHENTICATED', async () => {
    const intruder = camunda('admin', 'not-the-password').grpc;
    await expect(intruder.topology()).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
  });

  it('the case worker may read the topology but not deploy', async () => {
    const caseworker = camunda('caseworker', 'caseworker').grpc;
    expect((await caseworker.topology()).brokers).toHaveLength(1);
    await expect(caseworker.deployResource({ process: Buffer.from(BPMN), name: 'basic-auth.bpmn' })).rejects.toMatchObject({
      code: status.PERMISSION_DENIED,
    });
  });
});

describe('/v2 with Basic credentials through the orchestration client', () => {
  it('the analyst searches process instances', async () => {
    const { rest } = camunda('analyst', 'analyst');
    // The instance the admin started over gRPC above.
    const found = await rest.searchProcessInstances({ filter: { processDefinitionId: 'basic-auth' } }, { consistency: { waitUpToMs: 0 } });
    expect(found.items).toEqual([expect.objectContaining({ processDefinitionId: 'basic-auth' })]);
  });

  it('the case worker may not deploy (403); a wrong password is 401', async () => {
    const { rest } = camunda('caseworker', 'caseworker');
    // The client's errors carry the HTTP status.
    await expect(rest.createDeployment({ resources: [new File([BPMN], 'basic-auth.bpmn')] })).rejects.toMatchObject({ status: 403 });
    const intruder = camunda('analyst', 'wrong-password').rest;
    await expect(intruder.searchProcessInstances({ filter: {} }, { consistency: { waitUpToMs: 0 } })).rejects.toMatchObject({
      status: 401,
    });
  });
});

/**
 * The whole product with a real identity provider configured (ENGINE_OIDC_JWKS_URL): @camunda8/sdk
 * with CAMUNDA_AUTH_STRATEGY=OAUTH gets client-credentials tokens from the provider (here the
 * contract tests' token endpoint) and calls gRPC and /v2 with them; the token's `roles` claim decides
 * what it may do, exactly as the product's own users and keys (grpc.ts, rules.ts). Basic
 * credentials of the product's users keep working beside it.
 */
import { status } from '@grpc/grpc-js';
import type { System } from '../system';
import { startTestSystem } from '../../test/e2e/system';
import { startTokenEndpoint, type TokenEndpoint } from '../../test/contract/token-endpoint';
import { rolesOfClaims } from './oidc';
import { restClient, zeebeClient } from '../../test/sdk-client';

const AUDIENCE = 'energy-product-api';
const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="oidc-auth" isExecutable="true">
    <bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e"/><bpmn:endEvent id="e"/>
  </bpmn:process>
</bpmn:definitions>`;

let system: System;
let idp: TokenEndpoint;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  idp = await startTokenEndpoint(300, {
    'order-system': { roles: ['system'] },
    'no-roles': {},
  });
  system = await startTestSystem({
    engineGrpcAuth: 'required',
    engineOidcJwksUrl: idp.jwksUrl,
    engineOidcAudience: AUDIENCE,
    engineOidcRolesClaim: 'roles',
  });
}, 60_000);
afterAll(async () => {
  for (const close of closers) await close().catch(() => undefined);
  await system?.stop();
  await idp?.close();
});

function camunda(clientId: string, audience = AUDIENCE) {
  const auth = { strategy: 'OAUTH', tokenUrl: idp.tokenUrl, clientId, clientSecret: idp.clientSecret, audience } as const;
  const grpc = zeebeClient(system.engine!.grpcPort, auth);
  closers.push(() => grpc.close());
  return { grpc, rest: restClient(system.httpUrl, auth) };
}

async function statusOf(path: string, token: string): Promise<number> {
  const res = await fetch(`${system.httpUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return res.status;
}

describe('bearer tokens of the identity provider', () => {
  it('a client with the system role deploys and starts instances over gRPC', async () => {
    const { grpc } = camunda('order-system');
    await grpc.deployResource({ process: Buffer.from(BPMN), name: 'oidc-auth.bpmn' });
    const instance = await grpc.createProcessInstance({ bpmnProcessId: 'oidc-auth', variables: {} });
    expect(instance.processInstanceKey).toMatch(/^\d+$/);
    expect(idp.issued()).toBeGreaterThan(0);
  });

  it('roles come from the configured claim, a dotted path, list or string; other values are ignored', () => {
    expect(rolesOfClaims({ realm_access: { roles: ['analyst', 'offline_access'] } }, 'realm_access.roles')).toEqual(['analyst']);
    expect(rolesOfClaims({ scope: 'caseworker admin unknown' }, 'scope')).toEqual(['caseworker', 'admin']);
    expect(rolesOfClaims({}, 'roles')).toEqual([]);
  });

  it('/v2 takes the token: the system client searches the instance it started', async () => {
    const { rest } = camunda('order-system');
    const found = await rest.searchProcessInstances({ filter: { processDefinitionId: 'oidc-auth' } }, { consistency: { waitUpToMs: 0 } });
    expect(found.items).toEqual([expect.objectContaining({ processDefinitionId: 'oidc-auth' })]);
  });

  it('a valid token without a product role is known but may do nothing (PERMISSION_DENIED, 403)', async () => {
    const { grpc } = camunda('no-roles');
    await expect(grpc.createProcessInstance({ bpmnProcessId: 'oidc-auth', variables: {} })).rejects.toMatchObject({
      code: status.PERMISSION_DENIED,
    });
    const token = await tokenOf('no-roles');
    const res = await fetch(`${system.httpUrl}/v2/process-instances/search`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(403);
  });

  it('a forged token, or one for another audience, is UNAUTHENTICATED and 401', async () => {
    const forged = idp.forgedToken(AUDIENCE);
    expect(await statusOf('/v2/topology', forged)).toBe(401);
    const other = await tokenOf('order-system', 'someone-else');
    expect(await statusOf('/v2/topology', other)).toBe(401);
    const { grpc } = camunda('order-system', 'someone-else');
    await expect(grpc.topology()).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
  });

  it('the product users keep signing in with Basic beside the provider', async () => {
    const res = await fetch(`${system.httpUrl}/v2/topology`, {
      headers: { authorization: `Basic ${Buffer.from('analyst:analyst').toString('base64')}` },
    });
    expect(res.status).toBe(200);
  });
});

async function tokenOf(clientId: string, audience = AUDIENCE): Promise<string> {
  const res = await fetch(idp.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: idp.clientSecret, audience }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

/**
 * The gateway's credential and role checks against a fake engine, with an injected key table:
 * how the credential is read (Bearer, Basic, x-api-key), the status codes, the throttle, and the
 * settings that decide the bind address, authentication and TLS.
 */
import { Metadata, status } from '@grpc/grpc-js';
import { ZBClient } from 'zeebe-node';
import { loadSettings } from '../../../config/settings';
import { gatewayOptionsOf } from '../../index';
import { credentialOf, peerAddress, type GatewayAuth } from '../auth';
import { startGateway, type Gateway } from '../server';
import { fakeEngine } from './fake-engine';
import { rawClient } from './raw-client';

const KEYS: Record<string, string[]> = { 'sys-key': ['system'], 'case-key': ['caseworker'] };

function testAuth(maxFailures = 1000): GatewayAuth & { failures: Map<string, number> } {
  const failures = new Map<string, number>();
  return {
    failures,
    authenticate: async (credential) => (KEYS[credential] ? { roles: KEYS[credential] } : null),
    methodRoles: { Topology: ['system', 'caseworker'], CreateProcessInstance: ['system'], ActivateJobs: ['system'] },
    throttle: {
      retryAfter: (address) => ((failures.get(address) ?? 0) >= maxFailures ? 30 : 0),
      failed: (address) => void failures.set(address, (failures.get(address) ?? 0) + 1),
    },
  };
}

describe('credentials in the call metadata', () => {
  const md = (entries: Record<string, string>) => {
    const m = new Metadata();
    for (const [k, v] of Object.entries(entries)) m.set(k, v);
    return m;
  };

  it('reads Bearer, Basic (key as password) and x-api-key', () => {
    expect(credentialOf(md({ authorization: 'Bearer abc' }))).toBe('abc');
    expect(credentialOf(md({ authorization: 'bearer abc' }))).toBe('abc');
    expect(credentialOf(md({ authorization: `Basic ${Buffer.from('apikey:abc').toString('base64')}` }))).toBe('abc');
    expect(credentialOf(md({ authorization: `Basic ${Buffer.from('nopassword').toString('base64')}` }))).toBeUndefined();
    expect(credentialOf(md({ 'x-api-key': 'abc' }))).toBe('abc');
    expect(credentialOf(md({}))).toBeUndefined();
  });

  it('keys the throttle by the peer IP without the port', () => {
    expect(peerAddress('127.0.0.1:51234')).toBe('127.0.0.1');
    expect(peerAddress('::1:51234')).toBe('::1');
    expect(peerAddress('::ffff:10.0.0.7:51234')).toBe('10.0.0.7');
  });
});

describe('gateway with authentication', () => {
  let gateway: Gateway;
  let auth: ReturnType<typeof testAuth>;

  beforeAll(async () => {
    auth = testAuth();
    gateway = await startGateway(fakeEngine().commands, { port: 0, auth, log: () => undefined });
  });
  afterAll(() => gateway.close());

  const call = (metadata: Record<string, string>, method = 'Topology', request: Record<string, unknown> = {}) => {
    const raw = rawClient(gateway.port, { metadata });
    return raw.unary(method, request).finally(() => raw.close());
  };

  it('refuses calls without credentials or with an unknown key as UNAUTHENTICATED', async () => {
    await expect(call({})).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
    await expect(call({ authorization: 'Bearer nope' })).rejects.toMatchObject({
      code: status.UNAUTHENTICATED,
      details: 'Unknown API key',
    });
    expect(auth.failures.get('127.0.0.1')).toBeGreaterThanOrEqual(1);
  });

  it('refuses a known key without an allowed role as PERMISSION_DENIED, also for unlisted and unimplemented RPCs', async () => {
    await expect(call({ authorization: 'Bearer case-key' }, 'CreateProcessInstance', { bpmnProcessId: 'p' })).rejects.toMatchObject({
      code: status.PERMISSION_DENIED,
      details: 'CreateProcessInstance needs one of the roles system',
    });
    await expect(call({ authorization: 'Bearer sys-key' }, 'ModifyProcessInstance', { processInstanceKey: '1' })).rejects.toMatchObject({
      code: status.PERMISSION_DENIED,
    });
  });

  it('lets an allowed role through, with the key as Bearer or x-api-key', async () => {
    expect((await call({ authorization: 'Bearer case-key' })).brokers).toHaveLength(1);
    expect((await call({ 'x-api-key': 'sys-key' })).brokers).toHaveLength(1);
  });

  it('checks server streams too', async () => {
    const raw = rawClient(gateway.port);
    const stream = raw.stream('ActivateJobs', { type: 't', worker: 'w', timeout: '1000', maxJobsToActivate: 1, requestTimeout: '10' });
    await expect(
      new Promise((resolve, reject) => {
        stream.on('error', reject);
        stream.on('end', resolve);
      }),
    ).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
    raw.close();
  });

  it('works with zeebe-node (basicAuth, the key as password)', async () => {
    const zb = new ZBClient(`localhost:${gateway.port}`, {
      useTLS: false,
      loglevel: 'NONE',
      retry: false,
      basicAuth: { username: 'apikey', password: 'sys-key' },
    });
    try {
      expect((await zb.topology()).brokers).toHaveLength(1);
    } finally {
      await zb.close();
    }
  });
});

describe('throttle', () => {
  it('refuses further credentials from an address once the throttle says so, without checking them', async () => {
    const auth = testAuth(2);
    let checked = 0;
    const authenticate = auth.authenticate;
    auth.authenticate = (c) => {
      checked += 1;
      return authenticate(c);
    };
    const gateway = await startGateway(fakeEngine().commands, { port: 0, auth, log: () => undefined });
    const raw = (key: string) => rawClient(gateway.port, { metadata: { authorization: `Bearer ${key}` } });
    try {
      for (const guess of ['a', 'b'])
        await expect(raw(guess).unary('Topology', {})).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
      await expect(raw('sys-key').unary('Topology', {})).rejects.toMatchObject({ code: status.RESOURCE_EXHAUSTED });
      expect(checked).toBe(2);
    } finally {
      await gateway.close();
    }
  });
});

describe('gateway settings', () => {
  const auth = testAuth();

  it('binds 127.0.0.1 without authentication or TLS by default', () => {
    expect(gatewayOptionsOf(loadSettings({}), undefined)).toMatchObject({
      host: '127.0.0.1',
      port: 26500,
      auth: undefined,
      tls: undefined,
    });
  });

  it('refuses a non-loopback address without authentication', () => {
    expect(() => gatewayOptionsOf(loadSettings({ ENGINE_GRPC_HOST: '0.0.0.0' }), auth)).toThrow(
      /ENGINE_GRPC_AUTH: .*unauthenticated commands on 0\.0\.0\.0/,
    );
    expect(gatewayOptionsOf(loadSettings({ ENGINE_GRPC_HOST: '0.0.0.0', ENGINE_GRPC_AUTH: 'required' }), auth)).toMatchObject({
      host: '0.0.0.0',
      auth,
    });
    expect(gatewayOptionsOf(loadSettings({ ENGINE_GRPC_HOST: '::1' }), undefined).host).toBe('::1');
  });

  it('requires authentication in the production profile', () => {
    expect(gatewayOptionsOf(loadSettings({ APP_PROFILE: 'production' }), auth).auth).toBe(auth);
    expect(() => gatewayOptionsOf(loadSettings({ APP_PROFILE: 'production', ENGINE_GRPC_AUTH: 'none' }), auth)).toThrow(
      /ENGINE_GRPC_AUTH: the production profile needs required/,
    );
  });

  it('refuses required authentication without a key table, unknown modes, and half a TLS pair', () => {
    expect(() => gatewayOptionsOf(loadSettings({ ENGINE_GRPC_AUTH: 'required' }), undefined)).toThrow(/ENGINE_GRPC_AUTH/);
    expect(() => gatewayOptionsOf(loadSettings({ ENGINE_GRPC_AUTH: 'maybe' }), auth)).toThrow(
      /ENGINE_GRPC_AUTH: expected one of none, required/,
    );
    expect(() => gatewayOptionsOf(loadSettings({ ENGINE_GRPC_TLS_CERT_PATH: '/x.pem' }), undefined)).toThrow(/ENGINE_GRPC_TLS_KEY_PATH/);
    expect(() =>
      gatewayOptionsOf(
        loadSettings({ ENGINE_GRPC_TLS_CERT_PATH: '/nonexistent.pem', ENGINE_GRPC_TLS_KEY_PATH: '/nonexistent.key' }),
        undefined,
      ),
    ).toThrow(/ENGINE_GRPC_TLS_CERT_PATH: cannot read/);
  });
});

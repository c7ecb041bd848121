/**
 * `authorization: Basic` in the gateway: how the header is read (RFC 7617), and that a host with
 * `authenticateBasic` gets the name, password and peer address, with its answers mapped to
 * UNAUTHENTICATED, PERMISSION_DENIED and RESOURCE_EXHAUSTED.
 */
import { status } from '@grpc/grpc-js';
import { CredentialThrottledError, parseBasicAuthorization, type BasicCredentials, type GatewayAuth } from '../auth';
import { startGateway, type Gateway } from '../server';
import { fakeEngine } from './fake-engine';
import { rawClient } from './raw-client';

const header = (pair: string) => `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;

describe('the Basic header', () => {
  it('splits at the first colon, in UTF-8; no colon or no password is no credential', () => {
    expect(parseBasicAuthorization(header('anna:pa:ss wört'))).toEqual({ username: 'anna', password: 'pa:ss wört' });
    expect(parseBasicAuthorization(header(':key'))).toEqual({ username: '', password: 'key' });
    expect(parseBasicAuthorization(`basic ${Buffer.from('a:b').toString('base64')}`)).toEqual({ username: 'a', password: 'b' });
    expect(parseBasicAuthorization(header('anna'))).toBeUndefined();
    expect(parseBasicAuthorization(header('anna:'))).toBeUndefined();
    expect(parseBasicAuthorization('Bearer abc')).toBeUndefined();
    expect(parseBasicAuthorization(undefined)).toBeUndefined();
  });
});

describe('a host that checks users', () => {
  let gateway: Gateway;
  const seen: { credentials: BasicCredentials; address: string }[] = [];
  const failed: string[] = [];
  let throttled = false;

  beforeAll(async () => {
    const auth: GatewayAuth = {
      authenticate: async () => null,
      async authenticateBasic(credentials, address) {
        seen.push({ credentials, address });
        if (throttled) throw new CredentialThrottledError(7);
        if (credentials.username === 'admin' && credentials.password === 'secret') return { roles: ['admin'] };
        if (credentials.username === 'anna' && credentials.password === 'secret') return { roles: ['analyst'] };
        return null;
      },
      methodRoles: { Topology: ['admin', 'analyst'], CreateProcessInstance: ['admin'] },
      throttle: { retryAfter: () => 0, failed: (address) => void failed.push(address) },
    };
    gateway = await startGateway(fakeEngine().commands, { port: 0, auth, log: () => undefined });
  });
  afterAll(() => gateway.close());

  const call = (pair: string, method = 'Topology', request: Record<string, unknown> = {}) => {
    const raw = rawClient(gateway.port, { metadata: { authorization: header(pair) } });
    return raw.unary(method, request).finally(() => raw.close());
  };

  it('passes name, password and the peer address; the roles decide', async () => {
    expect((await call('admin:secret')).brokers).toHaveLength(1);
    expect(seen.at(-1)).toEqual({ credentials: { username: 'admin', password: 'secret' }, address: '127.0.0.1' });
    await expect(call('anna:secret', 'CreateProcessInstance', { bpmnProcessId: 'p' })).rejects.toMatchObject({
      code: status.PERMISSION_DENIED,
    });
  });

  it('a wrong pair is UNAUTHENTICATED without saying which part was wrong, and counts for the address', async () => {
    await expect(call('admin:guess')).rejects.toMatchObject({ code: status.UNAUTHENTICATED, details: 'Wrong username or password' });
    await expect(call('nobody:guess')).rejects.toMatchObject({ code: status.UNAUTHENTICATED, details: 'Wrong username or password' });
    expect(failed).toEqual(['127.0.0.1', '127.0.0.1']);
  });

  it("the host's throttle answers RESOURCE_EXHAUSTED with its wait", async () => {
    throttled = true;
    try {
      await expect(call('admin:secret')).rejects.toMatchObject({
        code: status.RESOURCE_EXHAUSTED,
        details: 'Too many failed authentications; try again in 7 s',
      });
    } finally {
      throttled = false;
    }
  });
});

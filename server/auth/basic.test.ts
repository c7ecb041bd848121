/**
 * `authorization: Basic` on the REST API (as @camunda8/sdk sends it with CAMUNDA_AUTH_STRATEGY=BASIC)
 * and in the gRPC gateway's host check, on a bare fastify app: the product's users with their
 * roles, an API key as password, the 401 with its challenge, no CSRF, the shared throttle, and
 * the cache of verified pairs against a fake clock.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { loadSettings } from '../../config/settings';
import { CredentialThrottledError } from '../../engine/gateway/auth';
import { openPgliteTestDatabase, type TestDatabase } from '../../db/testing';
import { BASIC_REALM, installAuth } from '.';
import { createGrpcAuth } from './grpc';
import { createPasswordCheck } from './passwords-check';
import { createUserStore } from './users';

const KEY = 'basic-test-system-key';
const THROTTLE = { signInMaxFailures: 3, signInLockoutSeconds: 60 };
let t: TestDatabase;
let app: FastifyInstance;
let clock = 1_000_000;
let grpc: ReturnType<typeof createGrpcAuth>;

const basic = (username: string, password: string) => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

beforeAll(async () => {
  t = await openPgliteTestDatabase();
  app = Fastify();
  const passwords = createPasswordCheck(createUserStore(t.db), THROTTLE, { now: () => clock });
  await installAuth(app, { db: t.db, settings: loadSettings({}, { systemApiKey: KEY, ...THROTTLE }), passwords });
  grpc = createGrpcAuth(t.db, THROTTLE, () => clock, passwords);
  const ok = async (request: { principal: unknown }) => ({ ok: true, principal: request.principal });
  app.post('/v2/process-instances/search', ok);
  app.post('/v2/deployments', ok);
  app.post('/api/orders', ok);
  app.get('/cockpit', async (request) => ({ page: true, principal: request.principal }));
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

const call = (url: string, authorization: string, ip = '10.0.0.1', headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, headers: { authorization, ...headers }, payload: {}, remoteAddress: ip });

describe('Basic on REST', () => {
  it('authenticates a user by name and password, with the user roles', async () => {
    const res = await call('/v2/process-instances/search', basic('analyst', 'analyst'));
    expect(res.statusCode).toBe(200);
    expect(res.json().principal).toEqual({ username: 'analyst', roles: ['analyst'], via: 'basic' });
    expect((await call('/v2/deployments', basic('analyst', 'analyst'))).statusCode).toBe(200);
  });

  it('403 for a user without the role, needing no CSRF token for changes', async () => {
    const res = await call('/v2/deployments', basic('caseworker', 'caseworker'));
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ status: 403, title: 'FORBIDDEN' });
    expect((await call('/api/orders', basic('admin', 'admin'))).statusCode).toBe(200);
  });

  it('401 with a Basic challenge for a wrong password, the same for an unknown user', async () => {
    const wrong = await call('/v2/process-instances/search', basic('analyst', 'wrong'), '10.0.1.1');
    const unknown = await call('/v2/process-instances/search', basic('nobody', 'wrong'), '10.0.1.2');
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe(`Basic realm="${BASIC_REALM}", charset="UTF-8"`);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    expect(unknown.json().detail).toBe(wrong.json().detail);
  });

  it('no challenge without Basic credentials, and web pages ignore the header', async () => {
    const none = await app.inject({ method: 'POST', url: '/v2/process-instances/search', payload: {} });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toBeUndefined();
    const page = await app.inject({ url: '/cockpit', headers: { authorization: basic('analyst', 'wrong') } });
    expect(page.statusCode).toBe(200);
    expect(page.json().principal).toBeNull();
  });

  it('accepts an API key as password (zeebe-node basicAuth), with the key roles', async () => {
    const res = await call('/api/orders', basic('anyone', KEY));
    expect(res.json().principal).toEqual({ username: 'apikey:system', roles: ['system'], via: 'apikey' });
  });

  it('refuses a cross-site browser change with Basic credentials', async () => {
    const res = await call('/v2/deployments', basic('analyst', 'analyst'), '10.0.0.1', { 'sec-fetch-site': 'cross-site' });
    expect(res.statusCode).toBe(403);
    expect((await call('/v2/deployments', basic('analyst', 'analyst'), '10.0.0.1', { 'sec-fetch-site': 'same-origin' })).statusCode).toBe(
      200,
    );
  });

  it('a deactivated user is refused once the cache has forgotten the pair', async () => {
    await createUserStore(t.db).create({ username: 'dora', displayName: 'Dora', password: 'Sommer2026!', roles: ['analyst'] });
    expect((await call('/v2/process-instances/search', basic('dora', 'Sommer2026!'))).statusCode).toBe(200);
    await createUserStore(t.db).setActive('dora', false);
    clock += 5001;
    expect((await call('/v2/process-instances/search', basic('dora', 'Sommer2026!'), '10.0.2.1')).statusCode).toBe(401);
  });

  it('a changed password keeps working at most for the cache time (5 s)', async () => {
    const users = createUserStore(t.db);
    await users.create({ username: 'emil', displayName: 'Emil', password: 'Herbst2026!', roles: ['analyst'] });
    expect((await call('/v2/process-instances/search', basic('emil', 'Herbst2026!'))).statusCode).toBe(200);
    await users.setPassword('emil', 'Winter2027!');
    clock += 4000;
    expect((await call('/v2/process-instances/search', basic('emil', 'Herbst2026!'))).statusCode).toBe(200);
    expect(await grpc.authenticateBasic({ username: 'emil', password: 'Herbst2026!' }, '10.0.0.1')).toEqual({ roles: ['analyst'] });
    clock += 1500;
    expect((await call('/v2/process-instances/search', basic('emil', 'Herbst2026!'), '10.0.3.1')).statusCode).toBe(401);
    expect(await grpc.authenticateBasic({ username: 'emil', password: 'Herbst2026!' }, '10.0.3.2')).toBeNull();
    expect((await call('/v2/process-instances/search', basic('emil', 'Winter2027!'))).statusCode).toBe(200);
  });

  it('guesses share the sign-in throttle: after the free failures 429, also at the sign-in form', async () => {
    const ip = '10.0.4.4';
    for (let i = 0; i < 3; i++) expect((await call('/v2/process-instances/search', basic('admin', `guess${i}`), ip)).statusCode).toBe(401);
    const locked = await call('/v2/process-instances/search', basic('admin', 'admin'), ip);
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    const form = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'admin', password: 'admin' },
      remoteAddress: ip,
    });
    expect(form.statusCode).toBe(429);
    await expect(grpc.authenticateBasic({ username: 'admin', password: 'admin' }, ip)).rejects.toBeInstanceOf(CredentialThrottledError);
    // Another client is not held back.
    expect((await call('/v2/process-instances/search', basic('admin', 'admin'), '10.0.4.5')).statusCode).toBe(200);
  });
});

describe('Basic in the gRPC gateway host check', () => {
  it('a user with the user roles, an API key as password, null for a wrong password', async () => {
    expect(await grpc.authenticateBasic({ username: 'analyst', password: 'analyst' }, '10.1.0.1')).toEqual({ roles: ['analyst'] });
    expect(await grpc.authenticateBasic({ username: 'zeebe', password: KEY }, '10.1.0.1')).toEqual({ roles: ['system'] });
    expect(await grpc.authenticateBasic({ username: 'analyst', password: 'nope' }, '10.1.0.1')).toBeNull();
  });
});

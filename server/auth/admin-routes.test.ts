/**
 * The admin's routes on a bare fastify app (no engine): named API keys with their own roles
 * (created with a secret shown once, stored as a hash, revoked at once for REST, after the cache
 * for gRPC), and users deactivated and reactivated, with the last active admin kept.
 */
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { loadSettings } from '../../config/settings';
import { openPgliteTestDatabase, type TestDatabase } from '../../db/testing';
import { installAuth } from '.';
import { createGrpcAuth } from './grpc';
import { sha256 } from './tokens';

let t: TestDatabase;
let app: FastifyInstance;
const SYSTEM_KEY = 'test-system-key';

beforeAll(async () => {
  t = await openPgliteTestDatabase();
  app = Fastify();
  await installAuth(app, { db: t.db, settings: loadSettings({}, { systemApiKey: SYSTEM_KEY, devUsers: true }) });
  const ok = async (request: { principal: unknown }) => ({ ok: true, principal: request.principal });
  app.post('/v2/user-tasks/search', ok);
  app.post('/api/orders', ok);
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

// Every sign-in from its own client address, so no sign-in throttle of another test interferes.
let ip = 0;
async function signIn(username: string, password = username) {
  const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password }, remoteAddress: `10.20.0.${++ip}` });
  const cookie = String(res.headers['set-cookie'] ?? '').split(';')[0];
  return { res, cookie, headers: { cookie, 'x-csrf-token': res.statusCode === 200 ? (res.json().csrfToken as string) : '' } };
}
const status = (r: LightMyRequestResponse) => r.statusCode;
const eventually = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 50 && !(await check()); i++) await new Promise((r) => setTimeout(r, 20));
};

describe('API keys', () => {
  let admin: Awaited<ReturnType<typeof signIn>>;
  beforeAll(async () => {
    admin = await signIn('admin');
  });
  const create = (payload: unknown, headers = admin.headers) =>
    app.inject({ method: 'POST', url: '/api/api-keys', headers, payload: payload as object });

  it('are for admins only', async () => {
    const cw = await signIn('caseworker');
    expect(status(await app.inject({ url: '/api/api-keys', headers: cw.headers }))).toBe(403);
    expect(status(await create({ name: 'x1', roles: ['caseworker'] }, cw.headers))).toBe(403);
    expect(status(await app.inject({ url: '/api/api-keys' }))).toBe(401);
    expect(status(await app.inject({ url: '/api/api-keys', headers: { 'x-api-key': SYSTEM_KEY } }))).toBe(403);
  });

  it('lists the configuration key as managed by configuration, not revocable', async () => {
    const list = (await app.inject({ url: '/api/api-keys', headers: admin.headers })).json().items;
    expect(list).toEqual([expect.objectContaining({ name: 'system', roles: ['system'], managedBy: 'configuration' })]);
    const revoke = await app.inject({ method: 'DELETE', url: '/api/api-keys/system', headers: admin.headers });
    expect(revoke.statusCode).toBe(409);
    expect(revoke.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(status(await create({ name: 'system', roles: ['caseworker'] }))).toBe(409);
    expect(
      status(await app.inject({ method: 'POST', url: '/v2/user-tasks/search', headers: { 'x-api-key': SYSTEM_KEY }, payload: {} })),
    ).toBe(200);
  });

  it('creates a key with its roles: the secret is in the answer once, the table holds its hash', async () => {
    const res = await create({ name: 'crm-portal', roles: ['caseworker'] });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body).toEqual({
      name: 'crm-portal',
      roles: ['caseworker'],
      createdAt: expect.any(String),
      createdBy: 'admin',
      lastUsedAt: null,
      managedBy: 'admin',
      key: expect.stringMatching(/^lumen_[A-Za-z0-9_-]{43}$/),
    });
    const row = await t.db('api_keys').where({ name: 'crm-portal' }).first();
    expect(row.key_hash).toBe(sha256(body.key));
    expect(JSON.stringify(row)).not.toContain(body.key.slice(6));
    const listed = (await app.inject({ url: '/api/api-keys', headers: admin.headers })).json().items;
    expect(listed.map((k: { name: string }) => k.name)).toEqual(['crm-portal', 'system']);
    expect(JSON.stringify(listed)).not.toContain(body.key);
    expect(status(await create({ name: 'crm-portal', roles: ['analyst'] }))).toBe(409);
    // Two keys never share a secret.
    const other = (await create({ name: 'crm-portal-2', roles: ['caseworker'] })).json();
    expect(other.key).not.toBe(body.key);
  });

  it('a case worker key works for its role only, records its use, and is refused at once when revoked', async () => {
    const { key } = (await create({ name: 'task-ui', roles: ['caseworker'] })).json();
    const search = await app.inject({ method: 'POST', url: '/v2/user-tasks/search', headers: { 'x-api-key': key }, payload: {} });
    expect(search.statusCode).toBe(200);
    expect(search.json().principal).toEqual({ username: 'apikey:task-ui', roles: ['caseworker'], via: 'apikey' });
    expect(status(await app.inject({ method: 'POST', url: '/api/orders', headers: { authorization: `Bearer ${key}` }, payload: {} }))).toBe(
      403,
    );
    expect(status(await app.inject({ url: '/api/api-keys', headers: { 'x-api-key': key } }))).toBe(403);

    const lastUsed = async () =>
      (await app.inject({ url: '/api/api-keys', headers: admin.headers })).json().items.find((k: { name: string }) => k.name === 'task-ui')
        .lastUsedAt;
    await eventually(async () => (await lastUsed()) !== null);
    expect(Date.now() - Date.parse(await lastUsed())).toBeLessThan(60_000);

    expect(status(await app.inject({ method: 'DELETE', url: '/api/api-keys/task-ui', headers: admin.headers }))).toBe(204);
    expect(status(await app.inject({ method: 'POST', url: '/v2/user-tasks/search', headers: { 'x-api-key': key }, payload: {} }))).toBe(
      401,
    );
    expect(status(await app.inject({ method: 'DELETE', url: '/api/api-keys/task-ui', headers: admin.headers }))).toBe(404);
  });

  it('bad input: 400 problem+json naming every field', async () => {
    const res = await create({ name: 'Not OK!', roles: ['owner'], secret: 'mine' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const p = res.json();
    expect(p).toMatchObject({ status: 400, title: 'INVALID_ARGUMENT', instance: '/api/api-keys' });
    const fields = p.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'roles[0]', 'secret']));
    const empty = (await create({ name: 'ok-name', roles: [] })).json();
    expect(empty.details).toEqual([expect.objectContaining({ field: 'roles' })]);
    const missing = (await create({})).json();
    expect(missing.details.map((d: { field: string }) => d.field).sort()).toEqual(['name', 'roles']);
    expect(status(await create({ name: 'dupes', roles: ['analyst', 'analyst'] }))).toBe(400);
  });

  it('the gRPC gateway honours a revocation after its cache of at most 5 s', async () => {
    const { key } = (await create({ name: 'grpc-worker', roles: ['system'] })).json();
    let clock = 1_000_000;
    const grpc = createGrpcAuth(t.db, { signInMaxFailures: 5, signInLockoutSeconds: 60 }, () => clock);
    expect(await grpc.authenticate(key)).toEqual({ roles: ['system'] });
    await app.inject({ method: 'DELETE', url: '/api/api-keys/grpc-worker', headers: admin.headers });
    clock += 4000;
    expect(await grpc.authenticate(key)).toEqual({ roles: ['system'] });
    clock += 1500;
    expect(await grpc.authenticate(key)).toBeNull();
  });
});

describe('users: deactivation and strict validation', () => {
  let admin: Awaited<ReturnType<typeof signIn>>;
  beforeAll(async () => {
    admin = await signIn('admin');
  });
  const patch = (username: string, payload: object) =>
    app.inject({ method: 'PATCH', url: `/api/users/${username}`, headers: admin.headers, payload });

  it('a deactivated user loses their sessions and cannot sign in until reactivated', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin.headers,
      payload: { username: 'dora', displayName: 'Dora Dienst', password: 'Sommer2026!', roles: ['caseworker'] },
    });
    expect(created.json()).toMatchObject({ username: 'dora', active: true, roles: ['caseworker'] });
    const dora = await signIn('dora', 'Sommer2026!');
    expect(dora.res.statusCode).toBe(200);

    const off = await patch('dora', { active: false });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ username: 'dora', active: false });
    expect(status(await app.inject({ url: '/api/session', headers: { cookie: dora.cookie } }))).toBe(401);
    expect(await t.db('sessions').where({ username: 'dora' }).first()).toBeUndefined();
    const refused = await signIn('dora', 'Sommer2026!');
    expect(refused.res.statusCode).toBe(401);
    expect(refused.res.json().detail).toBe('Wrong username or password.');
    const list = (await app.inject({ url: '/api/users', headers: admin.headers })).json().items;
    expect(list.find((u: { username: string }) => u.username === 'dora')).toMatchObject({ active: false });

    expect((await patch('dora', { active: true, roles: ['analyst'] })).json()).toMatchObject({ active: true, roles: ['analyst'] });
    expect(status((await signIn('dora', 'Sommer2026!')).res)).toBe(200);
    expect(status(await patch('nobody', { active: false }))).toBe(404);
  });

  it('keeps the last active admin: not deactivated, not demoted, not deleted; an inactive admin does not count', async () => {
    expect(status(await patch('admin', { active: false }))).toBe(409);
    await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin.headers,
      payload: { username: 'admin2', displayName: 'Zweite Administration', password: 'Herbst2026!', roles: ['admin'] },
    });
    expect(status(await patch('admin2', { active: false }))).toBe(200);
    expect(status(await patch('admin', { roles: ['analyst'] }))).toBe(409);
    expect(status(await app.inject({ method: 'DELETE', url: '/api/users/admin', headers: admin.headers }))).toBe(409);
    // With a second active admin, the first may be deactivated (and is reactivated by the second).
    expect(status(await patch('admin2', { active: true }))).toBe(200);
    const second = await signIn('admin2', 'Herbst2026!');
    expect(status(await patch('admin', { active: false }))).toBe(200);
    expect(status(await app.inject({ method: 'PATCH', url: '/api/users/admin', headers: second.headers, payload: { active: true } }))).toBe(
      200,
    );
    admin = await signIn('admin');
    expect(status(await app.inject({ method: 'DELETE', url: '/api/users/admin2', headers: admin.headers }))).toBe(204);
  });

  it('bad user input: 400 problem+json with the fields, unknown properties refused', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin.headers,
      payload: { username: 'A B', displayName: '', password: 'short', roles: ['system'], extra: 1 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['username', 'displayName', 'password', 'roles[0]', 'extra']),
    );
    const bad = await patch('analyst', { active: 'no' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details).toEqual([expect.objectContaining({ field: 'active' })]);
  });
});

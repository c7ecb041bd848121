/**
 * The auth layer on a bare fastify app (no engine): sessions and cookie flags, CSRF, API keys,
 * role checks by the rules table, the sign-in rate limit, and user management.
 */
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { loadSettings } from '../../config/settings';
import { openPgliteTestDatabase, type TestDatabase } from '../../db/testing';
import { installAuth, requireRoles } from '.';

let t: TestDatabase;
let app: FastifyInstance;
const KEY = 'test-system-key';

beforeAll(async () => {
  t = await openPgliteTestDatabase();
  app = Fastify();
  await installAuth(app, { db: t.db, settings: loadSettings({}, { systemApiKey: KEY, signInMaxFailures: 3 }) });
  const ok = async (request: { principal: unknown }) => ({ ok: true, principal: request.principal });
  app.post('/v2/process-instances/search', ok);
  app.post('/v2/deployments', ok);
  app.post('/api/orders', ok);
  app.post('/api/orders/:id/data', ok);
  app.get('/custom', { preHandler: requireRoles('caseworker') }, ok);
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

async function signIn(username: string, password = username, ip = '10.0.0.1') {
  const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password }, remoteAddress: ip });
  const cookie = String(res.headers['set-cookie'] ?? '').split(';')[0];
  return { res, cookie, csrf: res.statusCode === 200 ? (res.json().csrfToken as string) : '' };
}
const status = (r: LightMyRequestResponse) => r.statusCode;

describe('sessions', () => {
  it('signs in with an httpOnly SameSite=Strict cookie and returns user and CSRF token', async () => {
    const { res, cookie } = await signIn('analyst');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      user: { username: 'analyst', displayName: 'Anna Analytica', roles: ['analyst'], locale: 'de' },
      csrfToken: expect.any(String),
    });
    const set = String(res.headers['set-cookie']);
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(set).not.toMatch(/Secure/);
    const again = await app.inject({ url: '/api/session', headers: { cookie } });
    expect(again.json().user.username).toBe('analyst');
    // Only the token's hash is stored.
    const token = cookie.split('=')[1];
    expect(await t.db('sessions').where({ token_hash: token }).first()).toBeUndefined();
  });

  it('sets Secure when the request is https', async () => {
    // Behind a TLS proxy (trustProxy) the request's protocol is https.
    const proxied = Fastify({ trustProxy: true });
    await installAuth(proxied, { db: t.db, settings: loadSettings({}, { systemApiKey: KEY }) });
    const res = await proxied.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'analyst', password: 'analyst' },
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(String(res.headers['set-cookie'])).toMatch(/; Secure/);
    await proxied.close();
  });

  it('401 for a wrong password or unknown user, and GET without a session', async () => {
    expect(status((await signIn('analyst', 'wrong', '10.9.9.9')).res)).toBe(401);
    expect(status((await signIn('nobody', 'x', '10.9.9.9')).res)).toBe(401);
    expect(status(await app.inject('/api/session'))).toBe(401);
  });

  it('signs out (with CSRF), after which the cookie is worthless', async () => {
    const { cookie, csrf } = await signIn('caseworker');
    expect(status(await app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie } }))).toBe(403);
    expect(status(await app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie, 'x-csrf-token': csrf } }))).toBe(204);
    expect(status(await app.inject({ url: '/api/session', headers: { cookie } }))).toBe(401);
  });

  it('switches the locale of the user', async () => {
    const { cookie, csrf } = await signIn('caseworker');
    const res = await app.inject({
      method: 'PATCH',
      url: '/api/session',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { locale: 'en' },
    });
    expect(res.json().user.locale).toBe('en');
    await app.inject({ method: 'PATCH', url: '/api/session', headers: { cookie, 'x-csrf-token': csrf }, payload: { locale: 'de' } });
  });
});

describe('throttling of failed sign-ins and API keys', () => {
  it('after the free failures this client waits (429, Retry-After); the right password from another client is never refused', async () => {
    for (let i = 0; i < 3; i++) expect(status((await signIn('admin', 'guess', '10.1.1.1')).res)).toBe(401);
    const locked = (await signIn('admin', 'admin', '10.1.1.1')).res;
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(status((await signIn('admin', 'admin', '10.2.2.2')).res)).toBe(200);
  });

  it('counts concurrent attempts atomically: never more checks than the budget', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => signIn('caseworker', 'wrong', '10.4.4.4')));
    const codes = results.map((r) => r.res.statusCode).sort();
    expect(codes.filter((c) => c === 401)).toHaveLength(3);
    expect(codes.filter((c) => c === 429)).toHaveLength(7);
  });

  it('slows down one client spraying many usernames', async () => {
    for (let i = 0; i < 12; i++) expect(status((await signIn(`user${i}`, 'guess', '10.3.3.3')).res)).toBe(401);
    expect(status((await signIn('someone-else', 'guess', '10.3.3.3')).res)).toBe(429);
    expect(status((await signIn('someone-else', 'guess', '10.3.3.4')).res)).toBe(401);
  });

  it('throttles unknown API keys per client', async () => {
    const withKey = (key: string, ip: string) =>
      app.inject({ method: 'POST', url: '/api/orders', headers: { 'x-api-key': key }, payload: {}, remoteAddress: ip });
    for (let i = 0; i < 12; i++) expect(status(await withKey(`guess-${i}`, '10.5.5.5'))).toBe(401);
    const throttled = await withKey('guess-13', '10.5.5.5');
    expect(throttled.statusCode).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    expect(status(await withKey(KEY, '10.5.5.6'))).toBe(200);
  });
});

describe('role checks and CSRF', () => {
  it('401 without credentials, as problem JSON', async () => {
    const res = await app.inject({ method: 'POST', url: '/v2/process-instances/search', payload: {} });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 401, title: 'UNAUTHORIZED' });
  });

  it('403 for the wrong role, 200 for the right one', async () => {
    const cw = await signIn('caseworker');
    const headers = { cookie: cw.cookie, 'x-csrf-token': cw.csrf };
    expect(status(await app.inject({ method: 'POST', url: '/v2/process-instances/search', headers, payload: {} }))).toBe(200);
    expect(status(await app.inject({ method: 'POST', url: '/v2/deployments', headers, payload: {} }))).toBe(403);
    expect(status(await app.inject({ method: 'POST', url: '/api/orders', headers, payload: {} }))).toBe(403);
    expect(status(await app.inject({ url: '/custom', headers }))).toBe(200);
    const an = await signIn('analyst');
    expect(
      status(
        await app.inject({ method: 'POST', url: '/v2/deployments', headers: { cookie: an.cookie, 'x-csrf-token': an.csrf }, payload: {} }),
      ),
    ).toBe(200);
    expect(status(await app.inject({ url: '/custom', headers: { cookie: an.cookie } }))).toBe(403);
  });

  it('a session mutation without or with a wrong x-csrf-token is 403; reads need none', async () => {
    const an = await signIn('analyst');
    expect(status(await app.inject({ method: 'POST', url: '/v2/deployments', headers: { cookie: an.cookie }, payload: {} }))).toBe(403);
    expect(
      status(
        await app.inject({
          method: 'POST',
          url: '/v2/deployments',
          headers: { cookie: an.cookie, 'x-csrf-token': 'x' + an.csrf.slice(1) },
          payload: {},
        }),
      ),
    ).toBe(403);
    expect(status(await app.inject({ url: '/api/session', headers: { cookie: an.cookie } }))).toBe(200);
  });

  it('API keys: x-api-key or Bearer, no CSRF; a wrong key is 401', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/orders', headers: { 'x-api-key': KEY }, payload: {} });
    expect(res.json().principal).toEqual({ username: 'apikey:system', roles: ['system'], via: 'apikey' });
    expect(status(await app.inject({ method: 'POST', url: '/api/orders', headers: { authorization: `Bearer ${KEY}` }, payload: {} }))).toBe(
      200,
    );
    expect(status(await app.inject({ method: 'POST', url: '/api/orders', headers: { 'x-api-key': 'nope' }, payload: {} }))).toBe(401);
    expect(status(await app.inject({ method: 'POST', url: '/v2/deployments', headers: { 'x-api-key': KEY }, payload: {} }))).toBe(403);
  });

  it('the customer DNB form submit needs no account', async () => {
    expect(status(await app.inject({ method: 'POST', url: '/api/orders/abc/data', payload: {} }))).toBe(200);
  });
});

describe('user management (admin only)', () => {
  it('creates, changes roles, resets the password, deletes; keeps the last admin', async () => {
    const admin = await signIn('admin', 'admin', '10.9.9.9');
    const headers = { cookie: admin.cookie, 'x-csrf-token': admin.csrf };
    const cw = await signIn('caseworker');
    expect(status(await app.inject({ url: '/api/users', headers: { cookie: cw.cookie } }))).toBe(403);

    const created = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers,
      payload: { username: 'berta', displayName: 'Berta Beispiel', password: 'Winter2025!', roles: ['caseworker'] },
    });
    expect(created.statusCode).toBe(201);
    expect(
      status(
        await app.inject({
          method: 'POST',
          url: '/api/users',
          headers,
          payload: { username: 'berta', displayName: 'B', password: 'Winter2025!', roles: [] },
        }),
      ),
    ).toBe(409);
    expect(
      status(
        await app.inject({
          method: 'POST',
          url: '/api/users',
          headers,
          payload: { username: 'kurt', displayName: 'K', password: 'short', roles: [] },
        }),
      ),
    ).toBe(400);
    expect(
      status(
        await app.inject({
          method: 'POST',
          url: '/api/users',
          headers,
          payload: { username: 'kurt', displayName: 'K', password: 'Winter2025!', roles: ['system'] },
        }),
      ),
    ).toBe(400);

    const berta = await signIn('berta', 'Winter2025!');
    expect(berta.res.statusCode).toBe(200);
    const patched = await app.inject({ method: 'PATCH', url: '/api/users/berta', headers, payload: { roles: ['analyst'] } });
    expect(patched.json().roles).toEqual(['analyst']);
    // Roles are read per request: the running session has the new role at once.
    expect((await app.inject({ url: '/api/session', headers: { cookie: berta.cookie } })).json().user.roles).toEqual(['analyst']);

    expect(
      status(await app.inject({ method: 'POST', url: '/api/users/berta/password', headers, payload: { password: 'Fruehling2026!' } })),
    ).toBe(204);
    expect(status(await app.inject({ url: '/api/session', headers: { cookie: berta.cookie } }))).toBe(401);
    expect(status((await signIn('berta', 'Fruehling2026!')).res)).toBe(200);

    expect(status(await app.inject({ method: 'PATCH', url: '/api/users/admin', headers, payload: { roles: ['analyst'] } }))).toBe(409);
    expect(status(await app.inject({ method: 'DELETE', url: '/api/users/admin', headers }))).toBe(409);
    expect(status(await app.inject({ method: 'DELETE', url: '/api/users/berta', headers }))).toBe(204);
    expect(status(await app.inject({ method: 'DELETE', url: '/api/users/berta', headers }))).toBe(404);
    const list = (await app.inject({ url: '/api/users', headers })).json().items.map((u: { username: string }) => u.username);
    expect(list).toEqual(['admin', 'analyst', 'caseworker']);
    const row = await t.db('users').where({ username: 'admin' }).first();
    expect(row.password_hash).toMatch(/^\$2[aby]\$10\$/);
  });
});

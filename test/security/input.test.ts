/**
 * Bad text never reaches the database: NUL and lone surrogates in any field of any route get a 400
 * naming the field and change nothing; an internal error never shows its text.
 */
import Fastify from 'fastify';
import type { System } from '../../server/system';
import { installErrorHandling } from '../../server/http/errors';
import { accessFor, allows } from '../../server/auth/rules';
import type { Role } from '../../server/auth/roles';
import { orderFor } from '../e2e/system';
import { callers, protectedRoutes, startSecuritySystem, type Caller } from './system';

let system: System;
let who: Caller[];

beforeAll(async () => {
  system = await startSecuritySystem();
  who = await callers(system);
}, 60_000);
afterAll(async () => {
  await system?.stop();
});

const BAD = { nul: 'a\u0000b', loneHigh: 'x\uD800y', loneLow: '\uDC00' };

/** A caller the rules let through, so the request reaches the guard rather than the role check. */
function allowedCaller(method: string, url: string): Caller {
  const access = accessFor(method, url)!;
  return who.find((c) => c.name !== 'anonymous' && allows(access, c.roles as Role[])) ?? who[0];
}

describe('NUL and lone surrogates', () => {
  it('every route with a body answers 400 naming the field (or refuses the media type), never 5xx', async () => {
    const wrong: string[] = [];
    const routes = protectedRoutes(system).filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method));
    routes.push({ method: 'POST', url: '/api/session', path: '/api/session' });
    for (const route of routes) {
      for (const [kind, text] of Object.entries(BAD)) {
        const res = await fetch(`${system.httpUrl}${route.path}`, {
          method: route.method,
          headers: { ...allowedCaller(route.method, route.url).headers, 'content-type': 'application/json' },
          body: JSON.stringify({ username: text, password: 'x', nested: [{ name: text }] }),
        });
        const body = (await res.json().catch(() => ({}))) as { details?: { field: string }[] };
        if (res.status === 415) continue;
        if (res.status !== 400 || body.details?.[0]?.field !== 'body.username')
          wrong.push(`${route.method} ${route.url} (${kind}): ${res.status} ${JSON.stringify(body).slice(0, 160)}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('in a query string or a path parameter', async () => {
    const admin = who.find((c) => c.name === 'admin')!;
    const query = await fetch(`${system.httpUrl}/api/cockpit/orders?q=${encodeURIComponent(BAD.nul)}`, { headers: admin.headers });
    expect(query.status).toBe(400);
    expect(((await query.json()) as { details: { field: string }[] }).details[0].field).toBe('query.q');
    const param = await fetch(`${system.httpUrl}/api/users/a%00b`, { method: 'DELETE', headers: admin.headers });
    expect(param.status).toBe(400);
    expect(((await param.json()) as { details: { field: string }[] }).details[0].field).toBe('path.username');
  });

  it('each text field of an order: 400 naming it, and no order stored', async () => {
    const system_ = who.find((c) => c.name === 'system key')!;
    const before = Number((await system.db('orders').count({ n: '*' }))[0].n);
    const order = orderFor('Mustermann');
    const leaves: string[][] = [];
    const walk = (v: unknown, path: string[]) => {
      if (typeof v === 'string') leaves.push(path);
      else if (v && typeof v === 'object') for (const [k, inner] of Object.entries(v)) walk(inner, [...path, k]);
    };
    walk(order, []);
    expect(leaves.length).toBeGreaterThan(15);
    const wrong: string[] = [];
    for (const path of leaves) {
      const bad = structuredClone(order) as Record<string, any>;
      let target = bad;
      for (const key of path.slice(0, -1)) target = target[key];
      target[path[path.length - 1]] = `${target[path[path.length - 1]]}${BAD.nul}`;
      const res = await fetch(`${system.httpUrl}/api/orders`, {
        method: 'POST',
        headers: { ...system_.headers, 'content-type': 'application/json' },
        body: JSON.stringify(bad),
      });
      const body = (await res.json()) as { details?: { field: string }[] };
      if (res.status !== 400 || body.details?.[0]?.field !== `body.${path.join('.')}`)
        wrong.push(`${path.join('.')}: ${res.status} ${JSON.stringify(body).slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
    expect(Number((await system.db('orders').count({ n: '*' }))[0].n)).toBe(before);
  });
});

describe('internal errors', () => {
  it('show an error id, never the message or the stack', async () => {
    const app = Fastify({ logger: false });
    installErrorHandling(app);
    app.get('/boom', async () => {
      throw new Error('insert into "orders" ("payload") values ($1) - invalid byte sequence at /srv/app/db/index.ts:42');
    });
    const res = await app.inject({ url: '/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const body = res.json() as { errorId: string; detail: string };
    expect(body.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.detail).toContain(body.errorId);
    expect(res.body).not.toMatch(/insert|orders|index\.ts|at /);
    await app.close();
  });
});

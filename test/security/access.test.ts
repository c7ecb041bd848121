/**
 * Access control over the whole route table: every protected route × every kind of caller, and
 * every protected route spoken in raw HTTP with request targets an attacker would try (absolute
 * form, asterisk form, odd encodings). The routes come from the server itself, so a new route is
 * covered without touching this file.
 */
import type { System } from '../../server/system';
import { accessFor, allows } from '../../server/auth/rules';
import type { Role } from '../../server/auth/roles';
import { signIn } from '../auth';
import { callers, protectedRoutes, rawStatus, startSecuritySystem, type Caller } from './system';

let system: System;
let who: Caller[];

beforeAll(async () => {
  system = await startSecuritySystem();
  who = await callers(system);
}, 60_000);
afterAll(async () => {
  await system?.stop();
});

const DENIED_BY_RULES = /needs one of the roles|Sign in or send an API key/;

describe('every protected route × every caller', () => {
  it('walks a route table that covers the engine, the product API and the mail sink', () => {
    const urls = protectedRoutes(system).map((r) => r.url);
    expect(urls).toEqual(expect.arrayContaining(['/v2/process-instances', '/api/users', '/api/orders', '/mail/api/messages']));
    expect(urls.length).toBeGreaterThan(50);
  });

  it('answers exactly as the role table says', async () => {
    const wrong: string[] = [];
    for (const route of protectedRoutes(system)) {
      const access = accessFor(route.method, route.url);
      expect(access).toBeDefined();
      for (const caller of who) {
        // Signing out would end the session the next routes use: that route gets a session of its own.
        const headers =
          route.url === '/api/session' && route.method === 'DELETE' && caller.headers.cookie
            ? (await signIn(system.httpUrl, caller.name)).headers
            : caller.headers;
        const hasBody = !['GET', 'HEAD', 'DELETE'].includes(route.method);
        const res = await fetch(`${system.httpUrl}${route.path}`, {
          method: route.method,
          headers: { ...headers, ...(hasBody ? { 'content-type': 'application/json' } : {}) },
          body: hasBody ? '{}' : undefined,
          redirect: 'manual',
        });
        const text = await res.text();
        const denied = (res.status === 401 || res.status === 403) && (route.method === 'HEAD' || DENIED_BY_RULES.test(text));
        const expected = allows(access!, caller.name === 'anonymous' ? undefined : (caller.roles as Role[]));
        // A HEAD answer has no body to tell a refusal by the rules from the route's own 401 (GET /api/session).
        if (route.method === 'HEAD' && expected) continue;
        if (expected === denied) wrong.push(`${route.method} ${route.url} as ${caller.name}: ${res.status} ${text.slice(0, 120)}`);
        if (!expected && caller.name === 'anonymous' && res.status !== 401)
          wrong.push(`${route.method} ${route.url} anonymous: ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});

describe('request targets in raw HTTP', () => {
  it('refuses absolute-form targets for every protected route, whatever the host or scheme', async () => {
    const answers: string[] = [];
    for (const route of protectedRoutes(system)) {
      for (const prefix of ['http://x', 'https://evil.example:443', 'HTTP://127.0.0.1']) {
        const status = await rawStatus(system.httpUrl, `${route.method} ${prefix}${route.path} HTTP/1.1`, { 'content-length': '0' });
        if (status !== 400) answers.push(`${route.method} ${prefix}${route.path}: ${status}`);
      }
    }
    expect(answers).toEqual([]);
  }, 120_000);

  it('refuses the asterisk and authority forms', async () => {
    expect(await rawStatus(system.httpUrl, 'OPTIONS * HTTP/1.1')).toBe(400);
    expect(await rawStatus(system.httpUrl, 'GET * HTTP/1.1')).toBe(400);
    expect(await rawStatus(system.httpUrl, 'CONNECT 127.0.0.1:80 HTTP/1.1')).toBe(400);
    expect(await rawStatus(system.httpUrl, 'GET api/users HTTP/1.1')).toBe(400);
  });

  it('never serves a protected route anonymously, however its path is spelled', async () => {
    const spellings = (path: string): string[] => [
      path.replace(/^\/(.)/, (_m, c: string) => `/%${c.charCodeAt(0).toString(16)}`),
      path.replace(/^\/(.)/, (_m, c: string) => `/%${c.charCodeAt(0).toString(16).toUpperCase()}`),
      path.replace(
        /\/([^/]+)$/,
        (_m, seg: string) => `/${encodeURIComponent(seg).replace(/^(.)/, (c) => `%${c.charCodeAt(0).toString(16)}`)}`,
      ),
      `${path}/`,
      `/${path}`,
      `${path};x=1`,
      `${path}?x=1#frag`,
      `/web/..${path}`,
      `/web/%2e%2e${path}`,
      path.replace(/\//g, '%2f'),
      path.toUpperCase(),
      `${path}%00`,
    ];
    const served: string[] = [];
    for (const route of protectedRoutes(system)) {
      if (accessFor(route.method, route.url) === 'public') continue;
      for (const target of spellings(route.path)) {
        const status = await rawStatus(system.httpUrl, `${route.method} ${target} HTTP/1.1`, { 'content-length': '0' });
        if (![400, 401, 404].includes(status)) served.push(`${route.method} ${target}: ${status}`);
      }
    }
    expect(served).toEqual([]);
  }, 180_000);
});

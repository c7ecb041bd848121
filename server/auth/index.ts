/**
 * Sign-in and role checks for the whole HTTP server. `installAuth` must run on the root instance
 * before any route is registered: its onRequest hook then guards every route, including the
 * engine's /v2 plugin, by the declarative table in rules.ts. Contract for the apps:
 *
 *   POST /api/session {username, password} → {user, csrfToken} + httpOnly SameSite=Strict cookie
 *   GET /api/session → same or 401;  DELETE /api/session → sign out;  PATCH /api/session {locale}
 *   request.principal = {username, roles, via: 'session' | 'apikey' | 'basic' | 'oidc'} or null
 *
 * API clients send an API key (x-api-key, Bearer) or, as to a self-managed Camunda 8.8,
 * `authorization: Basic` with a user's name and password (or any name and a key as password),
 * or, with ENGINE_OIDC_JWKS_URL, a bearer JWT of that identity provider (./oidc.ts).
 */
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { ConfigError, descriptors, isProduction, type Settings } from '../../config/settings';
import type { Database } from '../../db';
import { registerApiKeyRoutes } from './api-key-routes';
import { createApiKeyStore } from './api-keys';
import { readCookie, setCookie } from './cookies';
import { createThrottle } from './rate-limit';
import { deny } from './respond';
import { accessFor, allows, type Access } from './rules';
import { problem } from '../../engine/rest/problem';
import type { Principal, Role } from './roles';
import { createSessionStore, type Session } from './sessions';
import { sameSecret } from './tokens';
import { registerUserRoutes } from './user-routes';
import { accountsWithDevelopmentPasswords, createUserStore, seedUsers } from './users';
import { sharedPasswordCheck, type PasswordCheck } from './passwords-check';
import { parseBasicAuthorization } from '../../engine/gateway/auth';
import { createOidcCheck, looksLikeJwt } from './oidc';

export { APP_ROLES, ROLES, type AppName, type Principal, type Role } from './roles';
export type { Session } from './sessions';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling: set for a valid session cookie or API key, else null. */
    principal: Principal | null;
    /** The signed-in user's session (user, CSRF token); null for API keys and anonymous calls. */
    authSession: Session | null;
  }
}

export const SESSION_COOKIE = 'o2c_session';
/** The realm a failed Basic attempt on an API path is answered with (RFC 7617). */
export const BASIC_REALM = 'Lumen API';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AuthDeps {
  db: Database;
  settings: Settings;
  log?: (message: string) => void;
  /** Tests: a password check with a fake clock (by default the one shared with the gRPC gateway). */
  passwords?: PasswordCheck;
}

/** A preHandler for routes that want to state their roles beside the route (the table applies anyway). */
export function requireRoles(...roles: Role[]): preHandlerAsyncHookHandler {
  return async (request, reply) => {
    if (!request.principal) return deny(request, reply, 401, 'Sign in or send an API key.');
    if (!roles.some((r) => request.principal!.roles.includes(r)))
      return deny(request, reply, 403, `Needs one of the roles ${roles.join(', ')}.`);
  };
}

function apiKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header) return header;
  const m = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return m?.[1];
}

/** An origin-form request target: a path, never a scheme, an authority or `*`. */
export function isOriginForm(target: string | undefined): boolean {
  return typeof target === 'string' && target.startsWith('/');
}

/**
 * The access of the route the router will serve: decided on the matched route's pattern, so that
 * no spelling of the target (encodings, slashes, case) can reach a route under another rule.
 * Without a matching route (a 404 follows), the decoded path decides.
 */
function accessOf(request: FastifyRequest): Access | undefined {
  const pattern = request.routeOptions.url;
  // A wildcard route (the /v2 proxy to a cluster) serves many paths: the decoded path decides, and
  // the proxy forwards exactly that path (server/cluster/v2-proxy.ts).
  return accessFor(request.method, pattern && !pattern.endsWith('*') ? pattern : request.url);
}

export async function installAuth(app: FastifyInstance, deps: AuthDeps): Promise<void> {
  const { db, settings } = deps;
  const log = deps.log ?? (() => {});
  const users = createUserStore(db);
  const sessions = createSessionStore(db, settings.sessionTtlMinutes);
  const apiKeys = createApiKeyStore(db);
  const passwords = deps.passwords ?? sharedPasswordCheck(db, settings);
  const oidc = createOidcCheck(settings, log);
  const apiKeyFailures = createThrottle({
    freeFailures: settings.signInMaxFailures * 4,
    maxDelaySeconds: settings.signInLockoutSeconds,
    forgetSeconds: settings.signInLockoutSeconds,
  });

  const created = await seedUsers(users, settings);
  if (isProduction(settings)) {
    const weak = await accountsWithDevelopmentPasswords(users);
    if (weak.length)
      throw new ConfigError(
        descriptors.appProfile.env,
        `production refuses to start: the accounts ${weak.join(', ')} still have their development passwords`,
      );
  }
  if (created.length) log(`users created: ${created.join(', ')}`);
  if (settings.adminPassword === 'admin')
    log(`WARNING: the admin "${settings.adminUsername}" may have the default password; set ADMIN_PASSWORD`);
  if (settings.systemApiKey) {
    await apiKeys.put('system', settings.systemApiKey, ['system']);
    if (settings.systemApiKey === 'dev-system-key-0000') log('WARNING: SYSTEM_API_KEY is the development key; set your own');
  } else {
    await apiKeys.remove('system');
  }

  app.decorateRequest('principal', null);
  app.decorateRequest('authSession', null);

  app.addHook('onRequest', async (request, reply) => {
    // Only origin-form targets ("/path?query"): the router would strip `http://host` from an
    // absolute-form target and serve the route, so any other form is refused before routing matters.
    if (!isOriginForm(request.raw.url))
      return reply
        .code(400)
        .type('application/problem+json')
        .send(problem(400, 'INVALID_ARGUMENT', 'The request target must be a path starting with "/".', '/'));
    const key = apiKeyOf(request);
    const access = accessOf(request);
    const basic = parseBasicAuthorization(request.headers.authorization);
    // Only on protected API paths: pages and public routes ignore the header (no bcrypt, no prompt).
    if (basic && access && access !== 'public') {
      const found = await apiKeys.find(basic.password);
      if (found) {
        request.principal = { username: `apikey:${found.name}`, roles: found.roles, via: 'apikey' };
        apiKeys.markUsed(found.name);
      } else {
        const outcome = await passwords.basic(basic.username, basic.password, request.ip);
        if (outcome.kind === 'throttled')
          return deny(
            request,
            reply.header('retry-after', String(outcome.retryAfter)),
            429,
            `Too many failed authentications; try again in ${outcome.retryAfter} s.`,
          );
        // The same answer for an unknown user and a wrong password.
        if (outcome.kind === 'wrong')
          return deny(
            request,
            reply.header('www-authenticate', `Basic realm="${BASIC_REALM}", charset="UTF-8"`),
            401,
            'Wrong username or password.',
          );
        request.principal = { username: outcome.user.username, roles: outcome.user.roles, via: 'basic' };
      }
      // A browser attaches remembered Basic credentials to cross-site requests like a cookie; no API client sends this header.
      if (!SAFE_METHODS.has(request.method) && request.headers['sec-fetch-site'] === 'cross-site')
        return deny(request, reply, 403, 'Cross-site requests with Basic credentials are refused.');
    } else if (key) {
      const wait = apiKeyFailures.check([request.ip]);
      if (wait > 0)
        return deny(
          request,
          reply.header('retry-after', String(wait)),
          429,
          `Too many unknown API keys from this client; try again in ${wait} s.`,
        );
      const token = oidc && looksLikeJwt(key) ? await oidc(key) : null;
      const found = token ? undefined : await apiKeys.find(key);
      if (token) {
        request.principal = { username: token.username, roles: token.roles, via: 'oidc' };
      } else if (found) {
        request.principal = { username: `apikey:${found.name}`, roles: found.roles, via: 'apikey' };
        apiKeys.markUsed(found.name);
      } else {
        apiKeyFailures.fail([request.ip]);
        const what = oidc && looksLikeJwt(key) ? 'Invalid or expired bearer token.' : 'Unknown API key.';
        if (access && access !== 'public') return deny(request, reply, 401, what);
      }
    } else {
      const token = readCookie(request, SESSION_COOKIE);
      const session = token ? await sessions.find(token) : undefined;
      if (session) {
        request.authSession = session;
        request.principal = { username: session.user.username, roles: session.user.roles, via: 'session' };
      }
    }
    if (!access || access === 'public') return;
    if (!request.principal) return deny(request, reply, 401, 'Sign in or send an API key.');
    if (!allows(access, request.principal.roles)) {
      return deny(
        request,
        reply,
        403,
        `${request.method} ${request.url.split('?')[0]} needs one of the roles ${access === 'authenticated' ? 'any' : access.join(', ')}.`,
      );
    }
    // A cookie rides along with cross-site requests; the header proves the page read the token.
    if (request.authSession && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameSecret(sent, request.authSession.csrfToken))
        return deny(request, reply, 403, 'Missing or wrong x-csrf-token header.');
    }
  });

  const sessionBody = (s: Session) => ({ user: s.user, csrfToken: s.csrfToken });

  app.post<{ Body: { username: string; password: string } }>(
    '/api/session',
    {
      schema: {
        body: {
          type: 'object',
          required: ['username', 'password'],
          properties: { username: { type: 'string', minLength: 1, maxLength: 200 }, password: { type: 'string', maxLength: 1000 } },
        },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const outcome = await passwords.signIn(username, password, request.ip);
      if (outcome.kind === 'throttled') {
        const wait = outcome.retryAfter;
        return deny(request, reply.header('retry-after', String(wait)), 429, `Too many failed sign-ins; try again in ${wait} s.`);
      }
      if (outcome.kind === 'wrong') return deny(request, reply, 401, 'Wrong username or password.');
      const old = readCookie(request, SESSION_COOKIE);
      if (old) await sessions.remove(old);
      const { token } = await sessions.create(username);
      const session = (await sessions.find(token))!;
      setCookie(reply, SESSION_COOKIE, token, {
        httpOnly: true,
        secure: request.protocol === 'https',
        maxAgeSeconds: settings.sessionTtlMinutes * 60,
      });
      return sessionBody(session);
    },
  );

  app.get('/api/session', async (request, reply) => {
    if (!request.authSession) return deny(request, reply, 401, 'Not signed in.');
    return sessionBody(request.authSession);
  });

  app.patch<{ Body: { locale: 'de' | 'en' } }>(
    '/api/session',
    {
      schema: { body: { type: 'object', required: ['locale'], properties: { locale: { enum: ['de', 'en'] } } } },
    },
    async (request, reply) => {
      if (!request.authSession) return deny(request, reply, 403, 'Only a signed-in user has a locale.');
      const user = await users.update(request.authSession.user.username, { locale: request.body.locale });
      return sessionBody({ user: user!, csrfToken: request.authSession.csrfToken });
    },
  );

  app.delete('/api/session', async (request, reply) => {
    const token = readCookie(request, SESSION_COOKIE);
    if (token) await sessions.remove(token);
    setCookie(reply, SESSION_COOKIE, '', { httpOnly: true, maxAgeSeconds: 0 });
    return reply.code(204).send();
  });

  registerUserRoutes(app, users);
  registerApiKeyRoutes(app, apiKeys);
}

/** For HTML pages: the signed-in user, or a redirect/403 decision. */
export function pageAccess(request: FastifyRequest, roles: Role[]): 'ok' | 'signin' | 'forbidden' {
  if (!request.authSession) return 'signin';
  return roles.some((r) => request.authSession!.user.roles.includes(r)) ? 'ok' : 'forbidden';
}

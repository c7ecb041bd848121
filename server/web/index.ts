/**
 * The web front ends on the API's port: `/` (landing), `/login`, and the apps `/modeler`,
 * `/tasklist`, `/cockpit`, `/accounting`, `/admin`, each an `index.html` around its esbuild bundle under `/assets/<name>/`.
 * App pages need a session with a fitting role: otherwise a redirect to /login, or a 403 page.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { APP_ROLES, pageAccess, type AppName, type Role } from '../auth';
import { readCookie } from '../auth/cookies';
import { BundleError, createBundler, encodedFile } from './bundler';
import { errorHtml, pageHtml, type AppState } from './html';

export const ROOT = path.resolve(__dirname, '..', '..');
type WebApp = AppName | 'accounting';
const APPS: WebApp[] = ['modeler', 'tasklist', 'cockpit', 'accounting', 'care', 'mobile', 'admin'];
const TITLES: Record<WebApp, string> = {
  modeler: 'Modeler',
  tasklist: 'Tasklist',
  cockpit: 'Cockpit',
  accounting: 'Abrechnung',
  care: 'Kundenservice',
  mobile: 'Mobil',
  admin: 'Administration',
};
/** Who may open which app: the accounting app shows each tab's data only as far as the API's roles allow. */
const PAGE_ROLES: Record<WebApp, Role[]> = { ...APP_ROLES, accounting: ['analyst', 'caseworker', 'admin'] };
export const LOCALE_COOKIE = 'o2c_locale';

/** Where a bundle's entry is: an app folder's main.ts, or the shared pages (login, landing, 403). */
function entryOf(name: string): string | undefined {
  if ((APPS as string[]).includes(name)) return path.join(ROOT, name, 'main.ts');
  if (name === 'pages') return path.join(ROOT, 'web', 'pages', 'main.ts');
  // The customer portal: public, with its own sign-in by e-mail link (server/portal).
  if (name === 'portal') return path.join(ROOT, 'portal', 'main.ts');
  return undefined;
}

function localeOf(request: FastifyRequest): 'de' | 'en' {
  if (request.authSession) return request.authSession.user.locale;
  const c = readCookie(request, LOCALE_COOKIE);
  if (c === 'de' || c === 'en') return c;
  return /^en/i.test(request.headers['accept-language'] ?? '') ? 'en' : 'de';
}

/** Only same-site paths, so /login?next= cannot send a user elsewhere. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/';
}

export async function registerWebRoutes(app: FastifyInstance, opts: { minify: boolean }): Promise<void> {
  const bundler = createBundler({ root: ROOT, minify: opts.minify });

  const stateOf = (request: FastifyRequest, extra: Partial<AppState> = {}): AppState => ({
    user: request.authSession?.user ?? null,
    csrfToken: request.authSession?.csrfToken ?? null,
    locale: localeOf(request),
    ...extra,
  });

  async function sendPage(reply: FastifyReply, bundle: string, title: string, state: AppState, fallback?: string, status = 200) {
    const entry = entryOf(bundle)!;
    try {
      const built = await bundler.forPage(bundle, entry);
      return reply
        .code(status)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(pageHtml({ title, bundle, assets: built, state, fallback }));
    } catch (err) {
      if (!(err instanceof BundleError)) throw err;
      return reply
        .code(500)
        .type('text/html; charset=utf-8')
        .send(errorHtml(`Build of ${bundle} failed`, err.messages.join('\n')));
    }
  }

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff').header('x-frame-options', 'DENY').header('referrer-policy', 'same-origin');
    return payload;
  });

  app.get('/', async (request, reply) => {
    if (!request.authSession) return reply.redirect('/login');
    return sendPage(reply, 'pages', 'Lumen Order-to-Cash', stateOf(request, { page: 'home' }));
  });

  app.get<{ Querystring: { next?: string } }>('/login', async (request, reply) => {
    if (request.authSession) return reply.redirect(safeNext(request.query.next));
    return sendPage(reply, 'pages', 'Anmelden · Lumen', stateOf(request, { page: 'login' }));
  });

  for (const name of APPS) {
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const access = pageAccess(request, PAGE_ROLES[name]);
      if (access === 'signin') return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`);
      if (access === 'forbidden') {
        return sendPage(
          reply,
          'pages',
          'Keine Berechtigung · Not allowed',
          stateOf(request, { page: 'forbidden', app: name }),
          '<h1>Keine Berechtigung / Not allowed</h1>',
          403,
        );
      }
      // Until an app's folder exists, a placeholder in the shell stands in for it.
      if (!fs.existsSync(entryOf(name)!))
        return sendPage(reply, 'pages', TITLES[name], stateOf(request, { page: 'placeholder', app: name }));
      return sendPage(reply, name, `${TITLES[name]} · Lumen`, stateOf(request));
    };
    app.get(`/${name}`, handler);
    app.get(`/${name}/*`, handler);
  }

  // The customer portal needs no staff sign-in and carries no staff state: the page asks
  // /api/portal/session for the customer's own session (server/portal/routes.ts).
  // German unless the customer chose English (the language cookie), whatever the browser says.
  app.get('/portal', async (request, reply) =>
    sendPage(reply, 'portal', 'Kundenportal · Rheinstrom Energie', {
      user: null,
      csrfToken: null,
      locale: readCookie(request, LOCALE_COOKIE) === 'en' ? 'en' : 'de',
    }),
  );

  // Assets compressed (brotli or gzip, as the browser accepts). Not with @fastify/compress: it
  // compresses every response anew (about 0.6 s of CPU for the modeler's script at brotli level 4);
  // a built file never changes, so its compressed forms are made once and kept (bundler.ts).
  await app.register(async (assets) => {
    assets.get<{ Params: { bundle: string; '*': string } }>('/assets/:bundle/*', async (request, reply) => {
      const { bundle } = request.params;
      const file = request.params['*'];
      const entry = entryOf(bundle);
      if (!entry || !fs.existsSync(entry)) return reply.code(404).send();
      let built = await bundler.file(bundle, file);
      if (!built) {
        // A page from before a restart asks for assets: build them.
        await bundler.forPage(bundle, entry).catch(() => undefined);
        built = await bundler.file(bundle, file);
      }
      if (!built) return reply.code(404).send();
      if (request.headers['if-none-match'] === built.etag) return reply.code(304).send();
      // Every built file has its content hash in its name: it never changes, the page names the new one.
      const { body, encoding } = await encodedFile(built, request.headers['accept-encoding'], opts.minify ? 9 : 4);
      if (encoding) reply.header('content-encoding', encoding);
      return reply
        .type(built.contentType)
        .header('etag', built.etag)
        .header('vary', 'accept-encoding')
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(body);
    });
  });
}

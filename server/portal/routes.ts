/**
 * The customer portal's server side (the page is the esbuild app portal/, served by server/web):
 *   POST   /api/portal/sign-in {email}     → 202 always (whether the address is known is never told); mails one
 *                                            sign-in link per customer with that address
 *   GET    /portal/sign-in?token=…         the mail's link: a portal session (cookie) and on to /portal; a refused
 *                                            link is a German page (401) with a form for a new one
 *   POST   /api/portal/session {token}     the same for a script: {customerNumber, csrfToken} or 401 problem
 *   GET    /api/portal/session             → {customerNumber, firstName, lastName, csrfToken} or 401
 *   DELETE /api/portal/session             sign out
 *   GET    /api/portal/overview            the customer's own data (domain/portal/view.ts)
 *   GET    /api/portal/bills/{id}/pdf      a bill's PDF: only the customer's own bills, another's is a 404
 *   GET    /api/portal/care-kinds          the requests the customer may make here (kinds with portal: true)
 *   GET    /api/portal/care-cases          the customer's requests and their state
 *   POST   /api/portal/care-cases          {kind, contractId?, …} → the same care process a case worker's button starts
 *   POST   /api/portal/attachments         a photo (raw image body) → 201 {id}; a non-image or too large: 400, nothing stored
 *
 * Access is 'public' in server/auth/rules.ts: every handler here checks the portal session itself
 * (like the payment page's token). The session is the customer's own cookie (HttpOnly, SameSite=Lax
 * so the mail's link arrives signed in, Secure in production), apart from the staff's sessions;
 * a change needs the session's CSRF token in `x-csrf-token`, as the staff's apps send theirs.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { descriptors, isProduction, type Settings } from '../../config/settings';
import { careCasesOf, CareError, getAttachment, storeAttachment } from '../../domain/care';
import {
  checkSignInToken,
  createPortalSessionStore,
  createSignInLinks,
  ownBillDocumentKey,
  portalOverview,
  redeemSignInToken,
  type RedeemResult,
  sameToken,
  normaliseEmail,
  type PortalSession,
} from '../../domain/portal';
import { problem, sendProblem } from '../../engine/rest/problem';
import { createDocumentStore, documentFilesDir } from '../../workers/documents';
import { createMailer, type Mailer } from '../../workers/mail';
import { InputError, useAccountingScope, idempotencyKeyOf, jsonResponse, problemResponse } from '../api/accounting/http';
import { sendPage } from '../api/customer-pages';
import { CUSTOMER_TAG, hiddenSchema } from '../api/openapi';
import { careKinds } from '../api/care/kinds';
import { requestSchema, startCareCase, type CareDeps } from '../api/care/start';
import { readCookie } from '../auth/cookies';
import { createThrottle } from '../auth/rate-limit';
import { confirmSignInPage, PORTAL_PATH, refusedLinkPage, signInMail } from './pages';
import { germanDetails } from './messages';

export const PORTAL_COOKIE = 'o2c_portal';

export interface PortalDeps extends CareDeps {
  settings: Settings;
  mailer?: Mailer;
}

declare module 'fastify' {
  interface FastifyRequest {
    portalSession?: PortalSession | null;
  }
  interface FastifyContextConfig {
    /** A portal route that needs no portal session (the sign-in itself). */
    portalOpen?: boolean;
  }
}

const UPLOAD_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'application/octet-stream', 'application/pdf'];
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Fields of a kind's body that hold an uploaded photo's id. */
export const isPhotoField = (name: string) => /photo|attachment/i.test(name);

const pathOf = (request: FastifyRequest) => request.url.split('?')[0];
const requesterOf = (s: PortalSession) => `portal:${s.customerNumber}`;
const clock = (d: Date) => d.toLocaleTimeString('de-DE', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Berlin' });

/**
 * Where the mailed link points: PUBLIC_BASE_URL. Only in development, with the setting left at its
 * default, the origin the request came to (tests on random ports). Never the request's Host in
 * production: a forged Host header would otherwise mail the victim a link to the forger's server.
 */
export function portalBaseUrl(
  settings: Pick<Settings, 'publicBaseUrl' | 'appProfile'>,
  request: { protocol: string; host: string },
): string {
  const configured = settings.publicBaseUrl.replace(/\/$/, '');
  if (isProduction(settings) || settings.publicBaseUrl !== descriptors.publicBaseUrl.default) return configured;
  return `${request.protocol}://${request.host}`;
}

export async function registerPortalRoutes(app: FastifyInstance, deps: PortalDeps): Promise<void> {
  const { db, settings } = deps;
  const sessions = createPortalSessionStore(db, settings.portalSessionTtlMinutes);
  const documents = createDocumentStore(db, { directory: documentFilesDir(settings) });
  const production = isProduction(settings);
  const free = Math.max(1, settings.portalSignInMaxRequests);
  const lockout = { maxDelaySeconds: 15 * 60, forgetSeconds: 15 * 60 };
  // An address on one client, one client over all addresses, an address from everywhere (no mail flood).
  const perAddress = createThrottle({ freeFailures: free, ...lockout });
  const perClient = createThrottle({ freeFailures: free * 4, ...lockout });
  const perAddressAnywhere = createThrottle({ freeFailures: free * 4, ...lockout });
  let mailer = deps.mailer;
  const mailerOf = () => (mailer ??= createMailer({ smtpHost: settings.smtpHost, smtpPort: settings.smtpPort, from: settings.mailFrom }));
  // Links are mailed after the 202 is sent (the answer's timing tells nothing either); a stop waits for them.
  const sending = new Set<Promise<void>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...sending]);
    if (!deps.mailer) mailer?.close();
  });

  const baseUrlOf = (request: FastifyRequest) => portalBaseUrl(settings, request);

  /**
   * The session cookie lives as long as the browser (no Max-Age): the server ends an idle session after
   * PORTAL_SESSION_TTL_MINUTES, sliding while it is used, which a fixed Max-Age could not follow.
   */
  function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds?: number) {
    const parts = [`${PORTAL_COOKIE}=${encodeURIComponent(token)}`, 'Path=/', 'SameSite=Lax', 'HttpOnly'];
    if (maxAgeSeconds !== undefined) parts.push(`Max-Age=${maxAgeSeconds}`);
    if (production || request.protocol === 'https') parts.push('Secure');
    const prev = reply.getHeader('set-cookie');
    const list = Array.isArray(prev) ? prev.map(String) : prev ? [String(prev)] : [];
    reply.header('set-cookie', [...list, parts.join('; ')]);
  }

  function unauthorized(request: FastifyRequest, reply: FastifyReply, detail: string) {
    return sendProblem(reply, problem(401, 'UNAUTHORIZED', detail, pathOf(request)));
  }

  function tooMany(request: FastifyRequest, reply: FastifyReply, wait: number) {
    reply.header('retry-after', String(wait));
    return sendProblem(reply, problem(429, 'TOO_MANY_REQUESTS', `Too many requests; try again in ${wait} s.`, pathOf(request)));
  }

  /**
   * Refused links count against the client, so guessing tokens gets slow: over the budget, a link is
   * not even looked at until the wait is over.
   */
  type RefusedReason = Extract<RedeemResult, { ok: false }>['reason'] | 'throttled';
  const redeemKeys = (request: FastifyRequest) => [`redeem:${request.ip}`];
  async function redeem(
    request: FastifyRequest,
    token: unknown,
    use = true,
  ): Promise<RedeemResult | { ok: false; reason: 'throttled'; wait: number }> {
    const wait = perClient.check(redeemKeys(request));
    if (wait > 0) return { ok: false, reason: 'throttled', wait };
    const result = use ? await redeemSignInToken(db, token) : await checkSignInToken(db, token);
    if (!result.ok) perClient.fail(redeemKeys(request));
    return result;
  }

  async function openSession(request: FastifyRequest, reply: FastifyReply, customerId: string) {
    await sessions.remove(readCookie(request, PORTAL_COOKIE));
    const created = await sessions.create(customerId);
    setSessionCookie(request, reply, created.token);
    return created;
  }

  // ---- Sign-in ---------------------------------------------------------------------------------------
  // Opening the mailed link only checks it and shows a button; pressing the button (a POST) uses it.
  // Mail scanners that open every link before the customer does would otherwise use it up.
  const refused = (request: FastifyRequest, reply: FastifyReply, result: { reason: RefusedReason; wait?: number }) => {
    const throttled = result.reason === 'throttled';
    if (throttled) reply.header('retry-after', String(result.wait));
    const wantsJson = !/text\/html/.test(request.headers.accept ?? '') && /json/.test(request.headers.accept ?? '');
    if (wantsJson)
      return sendProblem(
        reply,
        problem(
          throttled ? 429 : 401,
          throttled ? 'TOO_MANY_REQUESTS' : 'UNAUTHORIZED',
          throttled ? 'Too many refused sign-in links from this client' : `The sign-in link is ${result.reason}`,
          pathOf(request),
        ),
      );
    return sendPage(reply, throttled ? 429 : 401, refusedLinkPage(result.reason));
  };
  await app.register(async (signIn) => {
    // The button's form posts the token the classic way (application/x-www-form-urlencoded), in this scope only.
    signIn.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    signIn.get<{ Querystring: { token?: string } }>(`${PORTAL_PATH}/sign-in`, { schema: hiddenSchema }, async (request, reply) => {
      const result = await redeem(request, request.query.token, false);
      if (!result.ok) return refused(request, reply, result);
      return sendPage(reply, 200, confirmSignInPage(request.query.token!));
    });
    signIn.post<{ Body: { token?: string } }>(`${PORTAL_PATH}/sign-in`, { schema: hiddenSchema }, async (request, reply) => {
      const result = await redeem(request, (request.body as { token?: unknown } | undefined)?.token);
      if (!result.ok) return refused(request, reply, result);
      await openSession(request, reply, result.customerId);
      return reply.header('cache-control', 'no-store').redirect(PORTAL_PATH, 303);
    });
  });

  await app.register(async (scope) => {
    useAccountingScope(scope);
    scope.decorateRequest('portalSession', null);
    // Every route of this scope but the sign-in itself needs the portal session; changes need its CSRF
    // token too. Checked after the server's text guard (a NUL in a body is a 400 for every route alike)
    // and before the schema, so without a session nothing of the request is looked at.
    scope.addHook('preValidation', async (request, reply) => {
      if (request.routeOptions.config?.portalOpen) return;
      const session = await sessions.find(readCookie(request, PORTAL_COOKIE));
      if (!session) return unauthorized(request, reply, 'Sign in to the portal first (e-mail link).');
      if (!SAFE.has(request.method)) {
        const sent = request.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !sameToken(sent, session.csrfToken))
          return sendProblem(reply, problem(403, 'FORBIDDEN', 'Missing or wrong x-csrf-token header.', pathOf(request)));
      }
      request.portalSession = session;
    });
    // Every route but the sign-in answers these when the session is missing or a change lacks its CSRF token.
    const sessionProblems = {
      401: problemResponse('Not signed in to the portal'),
      403: problemResponse('A change without the session’s CSRF token (`x-csrf-token`)'),
    };
    const schemaOf = (summary: string, extra: Record<string, unknown> & { response?: Record<string, unknown> } = {}, open = false) => ({
      tags: [CUSTOMER_TAG],
      summary,
      security: [] as Record<string, string[]>[],
      ...extra,
      response: { ...(open ? {} : sessionProblems), ...(extra.response ?? {}) },
    });

    scope.post<{ Body: { email: string } }>(
      '/api/portal/sign-in',
      {
        config: { portalOpen: true },
        schema: schemaOf(
          'Request a sign-in link by e-mail',
          {
            description:
              'Always 202 for a well-formed address: a link (valid PORTAL_LINK_TTL_MINUTES, once) goes to every customer with this address, and nothing tells whether there is one. Rate-limited per address and client (PORTAL_SIGN_IN_MAX_REQUESTS, then 429).',
            body: {
              type: 'object',
              additionalProperties: false,
              required: ['email'],
              properties: { email: { type: 'string', minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' } },
            },
            response: {
              202: jsonResponse('Taken; a link is on its way if the address is known', { type: 'object' }),
              400: problemResponse('Not an e-mail address (`details`, German `messageDe`)'),
              429: problemResponse('Too many requests; `Retry-After` says when to try again'),
            },
          },
          true,
        ),
      },
      async (request, reply) => {
        const email = normaliseEmail(request.body.email);
        const keys = { address: [`${email}\u0000${request.ip}`], client: [request.ip], anywhere: [email] };
        const wait = perAddress.check(keys.address) || perClient.check(keys.client) || perAddressAnywhere.check(keys.anywhere);
        if (wait > 0) return tooMany(request, reply, wait);
        perAddress.fail(keys.address);
        perClient.fail(keys.client);
        perAddressAnywhere.fail(keys.anywhere);
        const base = baseUrlOf(request);
        const job = (async () => {
          const links = await createSignInLinks(db, { email, ttlMinutes: settings.portalLinkTtlMinutes });
          for (const link of links) {
            const mail = signInMail({
              name: `${link.firstName} ${link.lastName}`,
              customerNumber: link.customerNumber,
              link: `${base}${PORTAL_PATH}/sign-in?token=${link.token}`,
              portalUrl: `${base}${PORTAL_PATH}`,
              ttlMinutes: settings.portalLinkTtlMinutes,
              validUntil: clock(link.expiresAt),
            });
            await mailerOf().sendOnce(db, `portal-sign-in:${link.tokenId}`, { to: link.email, ...mail });
          }
        })()
          .catch((err) => request.log.warn({ err }, 'portal sign-in link not sent'))
          .finally(() => sending.delete(job));
        sending.add(job);
        return reply.code(202).send({
          accepted: true,
          messageDe: 'Wenn wir Ihre E-Mail-Adresse kennen, ist ein Anmeldelink unterwegs.',
        });
      },
    );

    scope.post<{ Body: { token: string } }>(
      '/api/portal/session',
      {
        config: { portalOpen: true },
        schema: schemaOf(
          'Sign in with the token of a mailed link',
          {
            body: {
              type: 'object',
              additionalProperties: false,
              required: ['token'],
              properties: { token: { type: 'string', minLength: 1, maxLength: 200 } },
            },
            response: {
              200: jsonResponse('Signed in; the cookie is set', { type: 'object' }),
              401: problemResponse('The link is unknown, expired or used'),
              429: problemResponse('Too many refused links from this client'),
            },
          },
          true,
        ),
      },
      async (request, reply) => {
        const result = await redeem(request, request.body.token);
        if (!result.ok) {
          if (result.reason === 'throttled') return tooMany(request, reply, result.wait);
          return unauthorized(request, reply, `The sign-in link is ${result.reason}; request a new one.`);
        }
        const created = await openSession(request, reply, result.customerId);
        const session = (await sessions.find(created.token))!;
        return { customerNumber: session.customerNumber, csrfToken: created.csrfToken };
      },
    );

    scope.get(
      '/api/portal/session',
      {
        schema: schemaOf('The portal session', { response: { 200: jsonResponse('The customer and the CSRF token', { type: 'object' }) } }),
      },
      async (request) => {
        const s = request.portalSession!;
        const c = (await db('customers').where({ id: s.customerId }).first('first_name', 'last_name')) as {
          first_name: string;
          last_name: string;
        };
        return {
          customerNumber: s.customerNumber,
          firstName: c.first_name,
          lastName: c.last_name,
          csrfToken: s.csrfToken,
          maxPhotoBytes: settings.attachmentMaxBytes,
        };
      },
    );

    scope.delete(
      '/api/portal/session',
      { schema: schemaOf('Sign out of the portal', { response: { 204: { description: 'Signed out; the cookie is cleared' } } }) },
      async (request, reply) => {
        await sessions.remove(readCookie(request, PORTAL_COOKIE));
        setSessionCookie(request, reply, '', 0);
        return reply.code(204).send();
      },
    );

    // ---- The customer's own data ---------------------------------------------------------------------
    scope.get(
      '/api/portal/overview',
      {
        schema: schemaOf("The customer's own data", {
          response: { 200: jsonResponse('Master data, contracts, accounts, bills, payments, tariffs', { type: 'object' }) },
        }),
      },
      async (request) => portalOverview(db, request.portalSession!.customerId),
    );

    scope.get<{ Params: { id: string } }>(
      '/api/portal/bills/:id/pdf',
      {
        schema: schemaOf("A bill's PDF", {
          params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } },
          response: {
            200: { description: 'The PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } },
            404: problemResponse('Not a bill of this customer, or not rendered yet'),
          },
        }),
      },
      async (request, reply) => {
        const key = await ownBillDocumentKey(db, request.portalSession!.customerId, request.params.id);
        const doc = key ? await documents.getByKey(key) : undefined;
        if (!doc) return sendProblem(reply, problem(404, 'NOT_FOUND', 'No such bill', pathOf(request)));
        return reply
          .type(doc.contentType)
          .header('cache-control', 'no-store')
          .header('content-disposition', `attachment; filename="${doc.fileName.replace(/[^\w.\- ]/g, '_')}"`)
          .send(doc.content);
      },
    );

    // ---- Requests (care cases) ------------------------------------------------------------------------
    scope.get(
      '/api/portal/care-kinds',
      {
        schema: schemaOf('What the customer may ask for here', {
          response: { 200: jsonResponse('The kinds with `portal: true`', { type: 'array' }) },
        }),
      },
      async () =>
        careKinds.filter((k) => k.portal).map((k) => ({ kind: k.kind, title: k.title, contract: k.contract, body: requestSchema(k) })),
    );

    scope.get(
      '/api/portal/care-cases',
      {
        schema: schemaOf("The customer's requests, newest first", { response: { 200: jsonResponse('The requests', { type: 'object' }) } }),
      },
      async (request) => ({
        items: (await careCasesOf(db, request.portalSession!.customerId)).map((c) => ({
          caseNumber: c.caseNumber,
          kind: c.kind,
          title: careKinds.find((k) => k.kind === c.kind)?.title ?? null,
          channel: c.channel,
          status: c.status,
          reason: c.reason,
          createdAt: c.createdAt,
          completedAt: c.completedAt,
        })),
      }),
    );

    scope.post<{ Body: Record<string, unknown> }>(
      '/api/portal/care-cases',
      {
        schema: schemaOf('Start a request: the same care process as a case worker’s button', {
          description:
            'The body names the `kind` (GET /api/portal/care-kinds) and its fields; photos are uploaded first (POST /api/portal/attachments) and named by their id. Checked before anything is stored: 400 wrong fields, 422 refused (both with `details`, German `messageDe`). The same Idempotency-Key answers the first case.',
          body: { type: 'object', required: ['kind'], properties: { kind: { type: 'string', minLength: 1, maxLength: 60 } } },
          response: {
            202: jsonResponse('The request is open and its process runs', { type: 'object' }),
            400: problemResponse('Wrong fields in `details`; nothing was stored'),
            422: problemResponse('Refused by a business rule, the reason in `details`; nothing was stored'),
          },
        }),
      },
      async (request, reply) => {
        const session = request.portalSession!;
        const { kind, ...body } = request.body as { kind: string } & Record<string, unknown>;
        const def = careKinds.find((k) => k.kind === kind && k.portal);
        if (!def) throw new InputError([{ field: 'kind', message: 'is not a request offered in the portal' }]);
        // A photo named in the request must be one this customer uploaded here.
        for (const [field, value] of Object.entries(body)) {
          if (!isPhotoField(field) || value === undefined || value === null) continue;
          for (const id of [value].flat()) {
            const found = typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? await getAttachment(db, id) : undefined;
            if (!found || found.uploadedBy !== requesterOf(session))
              throw new InputError([{ field, message: 'is not a photo uploaded in this session' }]);
          }
        }
        const started = await startCareCase(deps, {
          customerNumber: session.customerNumber,
          kind: def.kind,
          body,
          channel: 'portal',
          requestedBy: requesterOf(session),
          idempotencyKey: (() => {
            const key = idempotencyKeyOf(request);
            // Scoped to the customer: another customer's key never finds this customer's case, nor the reverse.
            return key ? `${requesterOf(session)}:${key}` : undefined;
          })(),
        });
        return reply.code(202).send({ caseNumber: started.caseNumber, status: started.status, title: def.title });
      },
    );

    scope.addContentTypeParser(UPLOAD_TYPES, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.post<{ Body: Buffer; Querystring: { fileName?: string } }>(
      '/api/portal/attachments',
      {
        // Four times the limit is read, so that a too large photo gets a 400 naming the field.
        bodyLimit: settings.attachmentMaxBytes * 4,
        schema: schemaOf('Upload a photo (JPEG, PNG, WebP, HEIC) for a request', {
          querystring: { type: 'object', additionalProperties: false, properties: { fileName: { type: 'string', maxLength: 200 } } },
          response: {
            201: jsonResponse('Stored', { type: 'object' }),
            400: problemResponse('Not an image, empty, or larger than ATTACHMENT_MAX_BYTES (field `photo`); nothing was stored'),
          },
        }),
      },
      async (request, reply) => {
        if (!Buffer.isBuffer(request.body))
          throw new CareError('invalid', 'Send the photo as the raw request body (Content-Type image/jpeg, …)', 'photo');
        const stored = await storeAttachment(db, {
          bytes: request.body,
          filename: request.query.fileName,
          uploadedBy: requesterOf(request.portalSession!),
          maxBytes: settings.attachmentMaxBytes,
          accept: 'image',
        });
        return reply.code(201).send({ id: stored.id, mediaType: stored.mediaType, sizeBytes: stored.sizeBytes });
      },
    );

    // Every problem of this scope carries German texts beside the English ones for the page.
    scope.addHook('onSend', async (_request, reply, payload) => {
      if (!String(reply.getHeader('content-type') ?? '').includes('problem+json') || typeof payload !== 'string') return payload;
      return germanDetails(payload, settings.attachmentMaxBytes);
    });
  });
}

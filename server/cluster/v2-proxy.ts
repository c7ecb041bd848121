/**
 * `/v2` against a Camunda 8 cluster (ENGINE_EMBEDDED=false): the web apps keep calling the product's
 * own `/v2`, and this forwards each call to the cluster's REST API (ZEEBE_REST_ADDRESS) with the
 * SDK's credentials. The browser never holds cluster credentials; the product's sign-in and roles
 * (server/auth/rules.ts, checked on the path before this runs) still decide who may do what.
 *
 * Only the path that was checked is forwarded: decoded once, refused when it holds dot segments,
 * empty segments or backslashes, and encoded again segment by segment. Bodies pass through as bytes
 * (JSON and multipart deployments alike).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Settings } from '../../config/settings';
import { problem, sendProblem } from '../../engine/rest/problem';

export interface ClusterProxyOptions {
  settings: Settings;
  /** The SDK's auth headers for the cluster (server/zeebe-client.ts camundaAuthHeaders). */
  authHeaders: () => Promise<Record<string, string>>;
  timeoutMs?: number;
}

const FORWARDED_REQUEST_HEADERS = ['content-type', 'accept', 'accept-language'];
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'content-disposition', 'cache-control', 'etag', 'last-modified'];

/** The cluster's REST base without a trailing `/v2` (the SDK's ZEEBE_REST_ADDRESS may be given either way). */
export function restBaseOf(address: string): string {
  return address.trim().replace(/\/+$/, '').replace(/\/v2$/, '');
}

/** The normalised path to forward, or undefined when the target is not a plain `/v2/...` path. */
export function forwardedPath(rawUrl: string): string | undefined {
  const [rawPath] = rawUrl.split('?');
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  const segments = path.split('/').slice(1);
  if (segments[0] !== 'v2' || segments.length < 2) return undefined;
  if (segments.some((s) => s === '' || s === '.' || s === '..' || /[\\\u0000-\u001f]/.test(s))) return undefined;
  return '/' + segments.map(encodeURIComponent).join('/');
}

export async function registerClusterV2Proxy(app: FastifyInstance, opts: ClusterProxyOptions): Promise<void> {
  const base = restBaseOf(opts.settings.zeebeRestAddress);
  const timeoutMs = opts.timeoutMs ?? 60_000;

  const forward = async (request: FastifyRequest, reply: FastifyReply) => {
    const instance = request.url.split('?')[0];
    const path = forwardedPath(request.url);
    if (!path) return sendProblem(reply, problem(404, 'NOT_FOUND', 'No such endpoint', instance));
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    const headers: Record<string, string> = {};
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    let response: Response;
    try {
      Object.assign(headers, await opts.authHeaders());
      const body = request.body as Buffer | undefined;
      response = await fetch(`${base}${path}${query}`, {
        method: request.method,
        headers,
        body: body && body.length ? new Uint8Array(body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      request.log.error({ err }, 'the cluster REST API cannot be reached');
      return sendProblem(reply, problem(503, 'SERVICE_UNAVAILABLE', 'The process engine cannot be reached; try again shortly', instance));
    }
    if (response.status === 401 || response.status === 403) {
      // The product's own credentials were refused: a configuration fault, not the user's session.
      request.log.error({ status: response.status, path }, "the cluster refused the product's credentials");
      await response.arrayBuffer().catch(() => undefined);
      return sendProblem(reply, problem(502, 'BAD_GATEWAY', "The process engine refused the product's credentials", instance));
    }
    void reply.code(response.status);
    for (const name of FORWARDED_RESPONSE_HEADERS) {
      const value = response.headers.get(name);
      if (value) void reply.header(name, value);
    }
    return reply.send(Buffer.from(await response.arrayBuffer()));
  };

  await app.register(async (scope) => {
    // Bodies as bytes: the cluster parses and validates them, and answers its own problems.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url: '/v2/*', handler: forward });
  });
}

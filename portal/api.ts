/**
 * The portal's calls of /api/portal (server/portal/routes.ts). The session is the customer's
 * HttpOnly cookie; changes send its CSRF token, which GET /api/portal/session hands out.
 */
export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  details?: Array<{ field: string; message: string; messageDe?: string }>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};

/** Called when any call answers 401: the session has ended. */
let onSignedOut: () => void = () => {};
export const whenSignedOut = (fn: () => void) => {
  onSignedOut = fn;
};

export async function call<T>(
  method: string,
  path: string,
  opts: { json?: unknown; body?: Blob; headers?: Record<string, string>; quiet401?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...(opts.headers ?? {}) };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let body: BodyInit | undefined;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.body) {
    // The server reads the type from the bytes; the browser's guess (or none) does not matter.
    headers['content-type'] = 'application/octet-stream';
    body = opts.body;
  }
  const res = await fetch(path, { method, headers, body, credentials: 'same-origin' });
  if (res.status === 204) return undefined as T;
  const out = (await res.json().catch(() => ({}))) as unknown;
  if (!res.ok) {
    if (res.status === 401 && !opts.quiet401) onSignedOut();
    throw new ApiError(res.status, { status: res.status, ...(out as Omit<Problem, 'status'>) });
  }
  return out as T;
}

/** A random key per form: a double submit or a retry after a lost answer finds the first request. */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The apps' client for `/v2` and `/api`: JSON in and out, the CSRF header on every call, and a
 * redirect to the sign-in page when the session has ended (401).
 */
import { appState } from './env';

/** RFC 9457 problem details, as the server sends them. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  details?: { field?: string; message?: string }[];
  [extra: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

function redirectToLogin(): void {
  const next = location.pathname + location.search;
  location.assign(`/login?next=${encodeURIComponent(next)}`);
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const csrf = appState().csrfToken;
  if (csrf) headers['x-csrf-token'] = csrf;
  let payload: BodyInit | undefined;
  // FormData (multipart deployments) sets its own content type.
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  const type = res.headers.get('content-type') ?? '';
  const data: unknown = res.status === 204 ? undefined : type.includes('json') ? await res.json().catch(() => undefined) : await res.text();
  if (res.ok) return data as T;
  if (res.status === 401 && !path.startsWith('/api/session')) redirectToLogin();
  const problem: Problem =
    data && typeof data === 'object'
      ? (data as Problem)
      : { status: res.status, title: res.statusText, detail: typeof data === 'string' ? data : undefined };
  throw new ApiError(res.status, problem);
}

export const api = {
  get: <T = unknown>(path: string) => request<T>('GET', path),
  post: <T = unknown>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T = unknown>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {}),
  patch: <T = unknown>(path: string, body?: unknown) => request<T>('PATCH', path, body ?? {}),
  del: <T = unknown>(path: string, body?: unknown) => request<T>('DELETE', path, body),
};

import { setTimeout as sleep } from 'node:timers/promises';
import { BureauUnavailableError, type UnavailableReason } from './errors';
import type { AdapterOptions, BureauName } from './types';

export interface HttpAnswer {
  status: number;
  contentType: string;
  body: string;
}

export interface BureauRequest {
  path: string;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

/** Why an attempt failed, when another attempt might succeed. */
function transientReason(status: number): UnavailableReason | undefined {
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server-error';
  return undefined;
}

/**
 * POSTs to a bureau with a timeout per attempt and bounded retries with doubling backoff.
 * Timeouts, network errors, 429 and 5xx are retried; any other answer is returned as it is.
 */
export async function postWithRetry(bureau: BureauName, opts: AdapterOptions, req: BureauRequest): Promise<HttpAnswer> {
  const url = `${opts.baseUrl.replace(/\/$/, '')}${req.path}`;
  const attempts = opts.retries + 1;
  let last: { reason: UnavailableReason; detail: string; cause?: unknown } = { reason: 'network', detail: 'not attempted' };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await sleep(opts.retryBackoffMs * 2 ** (attempt - 2));
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': req.contentType, accept: req.contentType, ...req.headers },
        body: req.body,
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
      const body = await res.text();
      const reason = transientReason(res.status);
      if (!reason) return { status: res.status, contentType: res.headers.get('content-type') ?? '', body };
      last = { reason, detail: `HTTP ${res.status}` };
    } catch (err) {
      const timedOut = err instanceof DOMException && err.name === 'TimeoutError';
      last = timedOut
        ? { reason: 'timeout', detail: `no answer within ${opts.timeoutMs} ms`, cause: err }
        : {
            reason: 'network',
            detail: (err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message,
            cause: err,
          };
    }
  }
  throw new BureauUnavailableError(bureau, last.reason, attempts, last.detail, { cause: last.cause });
}

export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/**
 * Failed sign-ins per username+IP in a fixed window. In memory: one server process, and a
 * restart forgiving a few attempts is acceptable. A success clears the count.
 */
export interface SignInLimiter {
  /** Seconds to wait, or 0 when an attempt is allowed. */
  retryAfter(username: string, ip: string): number;
  failed(username: string, ip: string): void;
  succeeded(username: string, ip: string): void;
}

export function createSignInLimiter(opts: { maxFailures: number; windowSeconds: number; now?: () => number }): SignInLimiter {
  const now = opts.now ?? Date.now;
  const entries = new Map<string, { count: number; since: number }>();
  const key = (u: string, ip: string) => `${u.toLowerCase()}\u0000${ip}`;
  const windowMs = opts.windowSeconds * 1000;
  const live = (k: string) => {
    const e = entries.get(k);
    if (e && now() - e.since >= windowMs) {
      entries.delete(k);
      return undefined;
    }
    return e;
  };
  return {
    retryAfter(u, ip) {
      const e = live(key(u, ip));
      if (!e || e.count < opts.maxFailures) return 0;
      return Math.max(1, Math.ceil((e.since + windowMs - now()) / 1000));
    },
    failed(u, ip) {
      const k = key(u, ip);
      const e = live(k);
      if (e) e.count += 1;
      else entries.set(k, { count: 1, since: now() });
      // Bounded memory under a spray of usernames: drop the oldest entries.
      if (entries.size > 10_000) entries.delete(entries.keys().next().value as string);
    },
    succeeded(u, ip) {
      entries.delete(key(u, ip));
    },
  };
}

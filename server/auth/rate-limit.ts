/**
 * Growing delays for failed credentials, per key (a username on one client, a client IP, an API
 * key's client IP). After `freeFailures` failures each further attempt must wait
 * base·2^(n−free) seconds after the last one, up to `maxDelaySeconds`; a quiet `forgetSeconds`
 * forgets the count, a success clears it.
 *
 * A caller that checks a credential slowly (a password) calls `check` and, when it may go ahead,
 * `fail` in the same synchronous step before comparing: the attempt counts as a failure until
 * `succeeded`, so concurrent attempts never get more checks than the budget.
 *
 * In memory: one server process; a restart forgives a few attempts, which is acceptable.
 */
export interface Throttle {
  /** Seconds to wait before an attempt may start; 0 when it may start now. Counts nothing. */
  check(keys: readonly string[]): number;
  /** Counts a failure (for a slow check: up front, cleared by `succeeded`). */
  fail(keys: readonly string[]): void;
  /** The attempt proved the credential: these keys start from zero again. */
  succeeded(keys: readonly string[]): void;
  /** Failures counted for a key (for a tarpit on the answer). */
  failures(key: string): number;
}

export interface ThrottleOptions {
  freeFailures: number;
  maxDelaySeconds: number;
  forgetSeconds: number;
  baseDelaySeconds?: number;
  now?: () => number;
  /** Keys kept at most; the oldest go first under a spray of names. */
  capacity?: number;
}

interface Entry {
  count: number;
  last: number;
}

export function createThrottle(opts: ThrottleOptions): Throttle {
  const now = opts.now ?? Date.now;
  const base = (opts.baseDelaySeconds ?? 1) * 1000;
  const capacity = opts.capacity ?? 50_000;
  const entries = new Map<string, Entry>();

  const live = (key: string): Entry | undefined => {
    const e = entries.get(key);
    if (e && now() - e.last >= opts.forgetSeconds * 1000) {
      entries.delete(key);
      return undefined;
    }
    return e;
  };
  const delayMs = (count: number) =>
    count < opts.freeFailures ? 0 : Math.min(base * 2 ** (count - opts.freeFailures), opts.maxDelaySeconds * 1000);
  const waitMs = (key: string) => {
    const e = live(key);
    return e ? Math.max(0, e.last + delayMs(e.count) - now()) : 0;
  };

  const check = (keys: readonly string[]) => Math.ceil(Math.max(0, ...keys.map(waitMs)) / 1000);
  const fail = (keys: readonly string[]) => {
    for (const key of keys) {
      const e = live(key);
      entries.delete(key); // re-insert: the map's order is the order of last use
      entries.set(key, { count: (e?.count ?? 0) + 1, last: now() });
    }
    while (entries.size > capacity) entries.delete(entries.keys().next().value as string);
  };

  return {
    check,
    fail,
    succeeded(keys) {
      for (const key of keys) entries.delete(key);
    },
    failures(key) {
      return live(key)?.count ?? 0;
    },
  };
}

/** The keys of one sign-in: the account on this client, the client alone (password spraying), the account anywhere. */
export function signInKeys(username: string, ip: string): { account: string; client: string; accountAnywhere: string } {
  const user = username.normalize('NFC').toLowerCase();
  return { account: `${user}\u0000${ip}`, client: ip, accountAnywhere: user };
}

/** How long a wrong-password answer is held back, by the account's failures from every client. */
export function tarpitMs(failuresAnywhere: number, freeFailures: number): number {
  if (failuresAnywhere <= freeFailures) return 0;
  return Math.min(250 * 2 ** (failuresAnywhere - freeFailures - 1), 5000);
}

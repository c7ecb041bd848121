/**
 * Checking a user's password, wherever one arrives: the sign-in form (POST /api/session) and
 * `authorization: Basic` on REST and on the engine's gRPC gateway (@camunda8/sdk with
 * CAMUNDA_AUTH_STRATEGY=BASIC, as against a self-managed Camunda 8.8). All three share one
 * throttle, so a password cannot be guessed faster by switching the door:
 *
 *   the account on one client, the client over all accounts → growing delays (rate-limit.ts)
 *   the account from everywhere → wrong answers are held back longer (tarpit), nobody is refused
 *
 * Basic sends the password with every request and bcrypt takes ~70 ms, so a verified pair is
 * remembered (by its SHA-256) for a few seconds: a changed password, role or deactivation takes
 * effect after at most CACHE_MS. The sign-in form never uses the cache.
 */
import type { Settings } from '../../config/settings';
import type { Database } from '../../db';
import { verifyPassword } from './passwords';
import { createThrottle, signInKeys, tarpitMs } from './rate-limit';
import { sha256 } from './tokens';
import { createUserStore, toUser, type User, type UserStore } from './users';

export type PasswordOutcome = { kind: 'ok'; user: User } | { kind: 'wrong' } | { kind: 'throttled'; retryAfter: number };

type ThrottleSettings = Pick<Settings, 'signInMaxFailures' | 'signInLockoutSeconds'>;

export interface PasswordCheckOptions {
  now?: () => number;
  /** How long a verified Basic pair is remembered. */
  cacheMs?: number;
}

export const BASIC_CACHE_MS = 5000;
const CACHE_CAPACITY = 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createPasswordCheck(users: UserStore, settings: ThrottleSettings, opts: PasswordCheckOptions = {}) {
  const now = opts.now ?? Date.now;
  const cacheMs = opts.cacheMs ?? BASIC_CACHE_MS;
  const growing = { maxDelaySeconds: settings.signInLockoutSeconds, forgetSeconds: settings.signInLockoutSeconds, now };
  // A username on one client, and one client over all usernames (spraying: a proxy's users share it).
  const signIns = createThrottle({ freeFailures: settings.signInMaxFailures, ...growing });
  const clients = createThrottle({ freeFailures: settings.signInMaxFailures * 4, ...growing });
  // An account's failures from everywhere never refuse anyone; they only hold wrong answers back.
  const accountFailures = createThrottle({ freeFailures: Infinity, ...growing });
  const verified = new Map<string, { user: User; until: number }>();

  async function check(username: string, password: string, ip: string): Promise<PasswordOutcome> {
    const keys = signInKeys(username, ip);
    // Checked and counted in one synchronous step before the password is compared, so
    // concurrent attempts cannot exceed the budget (a success clears the count).
    const wait = signIns.check([keys.account]) || clients.check([keys.client]);
    if (wait > 0) return { kind: 'throttled', retryAfter: wait };
    signIns.fail([keys.account]);
    clients.fail([keys.client]);
    accountFailures.fail([keys.accountAnywhere]);
    const row = await users.find(username);
    // A deactivated account answers like a wrong password (the hash is checked anyway: same timing).
    if (!(await verifyPassword(password, row?.password_hash)) || !row || row.active === false) {
      await sleep(tarpitMs(accountFailures.failures(keys.accountAnywhere), settings.signInMaxFailures));
      return { kind: 'wrong' };
    }
    signIns.succeeded([keys.account]);
    accountFailures.succeeded([keys.accountAnywhere]);
    return { kind: 'ok', user: toUser(row) };
  }

  return {
    /** The sign-in form: always compared against the stored hash. */
    signIn: check,
    /** A Basic header's pair: from the cache while it is fresh, else like a sign-in. */
    async basic(username: string, password: string, ip: string): Promise<PasswordOutcome> {
      const id = sha256(`${username}\u0000${password}`);
      const hit = verified.get(id);
      if (hit && hit.until > now()) return { kind: 'ok', user: hit.user };
      verified.delete(id);
      const outcome = await check(username, password, ip);
      if (outcome.kind === 'ok') {
        if (verified.size >= CACHE_CAPACITY) verified.delete(verified.keys().next().value as string);
        verified.set(id, { user: outcome.user, until: now() + cacheMs });
      }
      return outcome;
    },
  };
}

export type PasswordCheck = ReturnType<typeof createPasswordCheck>;

const shared = new WeakMap<Database, Map<string, PasswordCheck>>();

/**
 * The one password check of a database in this process: REST (installAuth) and the gRPC gateway
 * (createGrpcAuth) are wired at different places of the composition root, and must share the
 * throttle and the cache.
 */
export function sharedPasswordCheck(db: Database, settings: ThrottleSettings): PasswordCheck {
  const byPolicy = shared.get(db) ?? new Map<string, PasswordCheck>();
  shared.set(db, byPolicy);
  const policy = `${settings.signInMaxFailures}/${settings.signInLockoutSeconds}`;
  let check = byPolicy.get(policy);
  if (!check) {
    check = createPasswordCheck(createUserStore(db), settings);
    byPolicy.set(policy, check);
  }
  return check;
}

import { createThrottle, signInKeys, tarpitMs, type Throttle } from './rate-limit';

/** What the sign-in route does in one synchronous step: check, and count the attempt up front. */
const begin = (t: Throttle, keys: string[]) => {
  const wait = t.check(keys);
  if (wait === 0) t.fail(keys);
  return wait;
};
import { hashPassword, verifyPassword } from './passwords';

describe('throttle of failed credentials', () => {
  it('lets the free failures through, then makes each attempt wait twice as long, up to the cap', () => {
    let now = 0;
    const t = createThrottle({ freeFailures: 3, maxDelaySeconds: 8, forgetSeconds: 60, now: () => now });
    for (let i = 0; i < 3; i++) expect(begin(t, ['k'])).toBe(0);
    // The fourth attempt waits 1 s after the third, the fifth 2 s after the fourth, …
    expect(begin(t, ['k'])).toBe(1);
    now = 1000;
    expect(begin(t, ['k'])).toBe(0);
    expect(begin(t, ['k'])).toBe(2);
    now = 3000;
    expect(begin(t, ['k'])).toBe(0);
    now = 7000;
    expect(begin(t, ['k'])).toBe(0);
    // Capped at 8 s.
    now = 15_000;
    expect(begin(t, ['k'])).toBe(0);
    expect(begin(t, ['k'])).toBe(8);
    expect(t.failures('k')).toBe(7);
  });

  it('counts an attempt when it begins, so concurrent attempts never exceed the budget', () => {
    const t = createThrottle({ freeFailures: 5, maxDelaySeconds: 900, forgetSeconds: 900, now: () => 0 });
    // Twenty attempts arrive before any password check has finished.
    const allowed = Array.from({ length: 20 }, () => begin(t, ['anna'])).filter((w) => w === 0);
    expect(allowed).toHaveLength(5);
  });

  it('a success clears the key; quiet time forgets it; other keys are independent', () => {
    let now = 0;
    const t = createThrottle({ freeFailures: 1, maxDelaySeconds: 900, forgetSeconds: 60, now: () => now });
    begin(t, ['a']);
    expect(begin(t, ['a'])).toBeGreaterThan(0);
    expect(begin(t, ['b'])).toBe(0);
    t.succeeded(['a']);
    expect(begin(t, ['a'])).toBe(0);
    now = 60_000;
    expect(t.failures('a')).toBe(0);
    expect(t.check(['b'])).toBe(0);
  });

  it('keys a sign-in by account on one client, by client, and by account anywhere', () => {
    expect(signInKeys('Anna', '10.0.0.1')).toEqual({ account: 'anna\u000010.0.0.1', client: '10.0.0.1', accountAnywhere: 'anna' });
    expect(tarpitMs(5, 5)).toBe(0);
    expect(tarpitMs(6, 5)).toBe(250);
    expect(tarpitMs(50, 5)).toBe(5000);
  });
});

describe('password hashing', () => {
  it('bcrypt hashes verify the right password only; unknown users never verify', async () => {
    const hash = await hashPassword('Sommer2025!');
    expect(hash).toMatch(/^\$2[aby]\$10\$/);
    expect(await verifyPassword('Sommer2025!', hash)).toBe(true);
    expect(await verifyPassword('sommer2025!', hash)).toBe(false);
    expect(await verifyPassword('Sommer2025!', undefined)).toBe(false);
  });
});

import { createSignInLimiter } from './rate-limit';
import { hashPassword, verifyPassword } from './passwords';

describe('sign-in rate limit', () => {
  it('locks a username+IP after the limit, for the window, and a success clears it', () => {
    let now = 0;
    const l = createSignInLimiter({ maxFailures: 3, windowSeconds: 60, now: () => now });
    for (let i = 0; i < 3; i++) {
      expect(l.retryAfter('Anna', '1.1.1.1')).toBe(0);
      l.failed('Anna', '1.1.1.1');
    }
    expect(l.retryAfter('anna', '1.1.1.1')).toBe(60);
    expect(l.retryAfter('anna', '2.2.2.2')).toBe(0);
    expect(l.retryAfter('bert', '1.1.1.1')).toBe(0);
    now = 59_500;
    expect(l.retryAfter('anna', '1.1.1.1')).toBe(1);
    now = 60_000;
    expect(l.retryAfter('anna', '1.1.1.1')).toBe(0);
    l.failed('anna', '1.1.1.1');
    l.succeeded('anna', '1.1.1.1');
    l.failed('anna', '1.1.1.1');
    l.failed('anna', '1.1.1.1');
    expect(l.retryAfter('anna', '1.1.1.1')).toBe(0);
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

import { randomUUID } from 'node:crypto';
import { databaseVariants, type TestDatabase } from '../../db/testing';
import { accessFor } from '../auth/rules';
import { createCustomerLinks } from '../customer-links';
import { createPaymentLinks } from './links';

const DAY = 24 * 3600 * 1000;

describe.each(databaseVariants())('payment links on $name', (variant) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await variant.open();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  const start = Date.parse('2026-03-01T10:00:00Z');
  const links = (at = start) => createPaymentLinks(t.db, { paymentLinkTtlDays: 30 }, () => at);

  it('a link opens its account until it expires, across restarts (the secret is in the database)', async () => {
    const account = randomUUID();
    const url = await links().url('https://energie.example/', account);
    const m = /^https:\/\/energie\.example\/pay\?token=([A-Za-z0-9_.-]+)$/.exec(url);
    expect(m).not.toBeNull();
    expect(url).not.toContain(account); // the account id is inside the signed token, not a path segment
    const token = m![1];
    // A second instance (another process on the same database) checks alike.
    const check = await links(start + 29 * DAY).verify(token);
    expect(check).toEqual({ ok: true, contractAccountId: account, expiresAt: new Date(start + 30 * DAY) });
    const expired = await links(start + 30 * DAY).verify(token);
    expect(expired).toMatchObject({ ok: false, status: 403, detail: expect.stringMatching(/abgelaufen/) });
  });

  it('missing, forged, tampered and foreign tokens are refused', async () => {
    const account = randomUUID();
    const token = await links().token(account);
    expect(await links().verify(undefined)).toMatchObject({ ok: false, status: 401 });
    expect(await links().verify('')).toMatchObject({ ok: false, status: 401 });
    expect(await links().verify('abc')).toMatchObject({ ok: false, status: 403 });
    const [body, sig] = token.split('.');
    const other = Buffer.from(JSON.stringify({ a: randomUUID(), p: 'pay', e: 2e9 })).toString('base64url');
    expect(await links().verify(`${other}.${sig}`)).toMatchObject({ ok: false, status: 403 });
    const flipped = `${body}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await links().verify(flipped)).toMatchObject({ ok: false, status: 403 });
    // A customer link (same database, its own secret and domain) never opens a payment page.
    const customer = await createCustomerLinks(t.db, { customerLinkTtlDays: 30 }).token(account, 'data');
    expect(await links().verify(customer)).toMatchObject({ ok: false, status: 403 });
  });
});

describe('payment page access rules', () => {
  it('the payment page routes are public only where the handler checks a token or a signature', () => {
    expect(accessFor('POST', '/api/pay/checkouts')).toBe('public');
    expect(accessFor('POST', '/api/payment-provider/webhooks')).toBe('public');
    expect(accessFor('GET', '/api/pay/checkouts')).not.toBe('public');
    expect(accessFor('POST', '/api/pay/a/b')).not.toBe('public');
  });
});

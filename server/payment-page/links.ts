/**
 * The payment-page link every dunning mail carries and every dunning letter prints as a QR code:
 *
 *   {publicBaseUrl}/pay?token=base64url({"a": contractAccountId, "p": "pay", "e": expiry in epoch seconds}) "." base64url(HMAC-SHA256)
 *
 * Same token shape as the customer links (server/customer-links.ts) but its own secret
 * (`payment-link-hmac` in `app_secrets`) and its own HMAC domain, so a customer link can never open
 * a payment page and the other way round. The token alone names the account: the URL carries no
 * account id, and the account id alone opens nothing. Valid for PAYMENT_LINK_TTL_DAYS.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Settings } from '../../config/settings';
import type { Database } from '../../db';
import { loadOrCreateSecret } from '../customer-links';

export type PaymentLinkCheck = { ok: true; contractAccountId: string; expiresAt: Date } | { ok: false; status: 401 | 403; detail: string };

export interface PaymentLinks {
  token(contractAccountId: string): Promise<string>;
  /** The payment page of the account, with the token: {publicBaseUrl}/pay?token=… */
  url(publicBaseUrl: string, contractAccountId: string): Promise<string>;
  verify(token: unknown): Promise<PaymentLinkCheck>;
}

const SECRET_NAME = 'payment-link-hmac';
const PURPOSE = 'pay';

export const PAYMENT_PAGE_PATH = '/pay';

export function createPaymentLinks(
  db: Database,
  settings: Pick<Settings, 'paymentLinkTtlDays'>,
  now: () => number = Date.now,
): PaymentLinks {
  let secret: Promise<Buffer> | undefined;
  const key = () =>
    (secret ??= loadOrCreateSecret(db, SECRET_NAME).catch((err) => {
      secret = undefined;
      throw err;
    }));
  const sign = (k: Buffer, body: string) => createHmac('sha256', k).update(`payment-link|${body}`).digest();

  const links: PaymentLinks = {
    async token(contractAccountId) {
      const e = Math.floor(now() / 1000) + Math.round(settings.paymentLinkTtlDays * 24 * 3600);
      const body = Buffer.from(JSON.stringify({ a: contractAccountId, p: PURPOSE, e })).toString('base64url');
      return `${body}.${sign(await key(), body).toString('base64url')}`;
    },
    async url(publicBaseUrl, contractAccountId) {
      return `${publicBaseUrl.replace(/\/$/, '')}${PAYMENT_PAGE_PATH}?token=${await links.token(contractAccountId)}`;
    },
    async verify(token) {
      if (typeof token !== 'string' || token === '') {
        return {
          ok: false,
          status: 401,
          detail:
            'Der Link ist unvollständig: es fehlt der Zugangsschlüssel. Bitte öffnen Sie den Link aus unserer E-Mail oder scannen Sie den QR-Code auf unserem Schreiben.',
        };
      }
      const invalid: PaymentLinkCheck = {
        ok: false,
        status: 403,
        detail: 'Der Link ist ungültig. Bitte öffnen Sie den Link aus unserer E-Mail vollständig.',
      };
      const m = /^([A-Za-z0-9_-]{1,2000})\.([A-Za-z0-9_-]{1,100})$/.exec(token);
      if (!m) return invalid;
      const given = Buffer.from(m[2], 'base64url');
      const expected = sign(await key(), m[1]);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid;
      let claims: { a?: unknown; p?: unknown; e?: unknown };
      try {
        claims = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8'));
      } catch {
        return invalid;
      }
      if (typeof claims.a !== 'string' || claims.p !== PURPOSE || typeof claims.e !== 'number') return invalid;
      if (claims.e * 1000 <= now()) {
        return {
          ok: false,
          status: 403,
          detail: 'Der Link ist abgelaufen. Bitte wenden Sie sich an unseren Kundenservice, wir senden Ihnen gern einen neuen.',
        };
      }
      return { ok: true, contractAccountId: claims.a, expiresAt: new Date(claims.e * 1000) };
    },
  };
  return links;
}

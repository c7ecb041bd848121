/**
 * Links sent to customers (the missing-data form, the prepayment offer) carry a signed token:
 *
 *   base64url({"o": orderId, "p": purpose, "e": expiry in epoch seconds}) "." base64url(HMAC-SHA256)
 *
 * The HMAC key is generated at first start and kept in the database (`app_secrets`), so every
 * process on the same database signs and checks alike and links survive restarts. A token opens one
 * order for one purpose until it expires (CUSTOMER_LINK_TTL_DAYS); the order id alone opens nothing.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Settings } from '../config/settings';
import type { Database } from '../db';

export type LinkPurpose = 'data' | 'offer';

export type TokenCheck = { ok: true; expiresAt: Date } | { ok: false; status: 401 | 403; detail: string };

export interface CustomerLinks {
  token(orderId: string, purpose: LinkPurpose): Promise<string>;
  /** The page a customer opens: /orders/{id}/data or /orders/{id}/offer, with the token. */
  url(publicBaseUrl: string, orderId: string, purpose: LinkPurpose): Promise<string>;
  verify(token: unknown, orderId: string, purpose: LinkPurpose): Promise<TokenCheck>;
}

const SECRET_NAME = 'customer-link-hmac';

/** The named secret; the first caller on a fresh database generates it (a concurrent one reads the winner's). */
export async function loadOrCreateSecret(db: Database, name: string): Promise<Buffer> {
  await db('app_secrets')
    .insert({ name, value: randomBytes(32).toString('base64url') })
    .onConflict('name')
    .ignore();
  const row = await db('app_secrets').where({ name }).first('value');
  return Buffer.from(row.value as string, 'base64url');
}

export function createCustomerLinks(
  db: Database,
  settings: Pick<Settings, 'customerLinkTtlDays'>,
  now: () => number = Date.now,
): CustomerLinks {
  let secret: Promise<Buffer> | undefined;
  const key = () =>
    (secret ??= loadOrCreateSecret(db, SECRET_NAME).catch((err) => {
      secret = undefined;
      throw err;
    }));
  const sign = (k: Buffer, body: string) => createHmac('sha256', k).update(`customer-link|${body}`).digest();

  const links: CustomerLinks = {
    async token(orderId, purpose) {
      const e = Math.floor(now() / 1000) + Math.round(settings.customerLinkTtlDays * 24 * 3600);
      const body = Buffer.from(JSON.stringify({ o: orderId, p: purpose, e })).toString('base64url');
      return `${body}.${sign(await key(), body).toString('base64url')}`;
    },
    async url(publicBaseUrl, orderId, purpose) {
      return `${publicBaseUrl.replace(/\/$/, '')}/orders/${orderId}/${purpose}?token=${await links.token(orderId, purpose)}`;
    },
    async verify(token, orderId, purpose) {
      if (typeof token !== 'string' || token === '') {
        return {
          ok: false,
          status: 401,
          detail: 'Der Link ist unvollständig: es fehlt der Zugangsschlüssel. Bitte öffnen Sie den Link aus unserer E-Mail.',
        };
      }
      const invalid: TokenCheck = {
        ok: false,
        status: 403,
        detail: 'Der Link ist ungültig. Bitte öffnen Sie den Link aus unserer E-Mail vollständig.',
      };
      const m = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
      if (!m) return invalid;
      const given = Buffer.from(m[2], 'base64url');
      const expected = sign(await key(), m[1]);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid;
      let claims: { o?: unknown; p?: unknown; e?: unknown };
      try {
        claims = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8'));
      } catch {
        return invalid;
      }
      if (claims.o !== orderId || claims.p !== purpose || typeof claims.e !== 'number') {
        return { ok: false, status: 403, detail: 'Der Link gehört nicht zu diesem Auftrag oder zu dieser Seite.' };
      }
      if (claims.e * 1000 <= now()) {
        return {
          ok: false,
          status: 403,
          detail: 'Der Link ist abgelaufen. Bitte wenden Sie sich an unseren Kundenservice, wir senden Ihnen gern einen neuen.',
        };
      }
      return { ok: true, expiresAt: new Date(claims.e * 1000) };
    },
  };
  return links;
}

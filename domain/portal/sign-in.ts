/**
 * Sign-in to the customer portal by e-mail link: no password to forget. A request for an address
 * makes one link per customer with that address (several customers may share one); the link's
 * token is random, stored only as its SHA-256 hash, works once and only until it expires. Whether
 * an address is known is never told to the caller of the HTTP API (it always answers 202); this
 * module returns the links so the adapter can mail them.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '../../db';

/** 256 random bits, URL-safe. */
export function newPortalToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashPortalToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A plausible e-mail address, normalised for the lookup (trimmed, lower case). */
export function normaliseEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}

export interface SignInLink {
  tokenId: string;
  /** The secret of the link: only ever in the mail. */
  token: string;
  customerId: string;
  customerNumber: string;
  firstName: string;
  lastName: string;
  email: string;
  expiresAt: Date;
}

/**
 * New sign-in links for every customer with this address; none for an unknown one. Older unused
 * links of these customers stay valid until they expire (a mail may arrive late or out of order).
 */
export async function createSignInLinks(db: Database, opts: { email: string; ttlMinutes: number; now?: Date }): Promise<SignInLink[]> {
  const email = normaliseEmail(opts.email);
  if (!email) return [];
  const now = opts.now ?? new Date();
  const expiresAt = new Date(now.getTime() + opts.ttlMinutes * 60_000);
  const customers = (await db('customers')
    .whereRaw('lower(email) = ?', [email])
    .orderBy('customer_number')
    .select('id', 'customer_number', 'first_name', 'last_name', 'email')) as Array<{
    id: string;
    customer_number: string;
    first_name: string;
    last_name: string;
    email: string;
  }>;
  const links: SignInLink[] = [];
  for (const c of customers) {
    const token = newPortalToken();
    const [row] = (await db('portal_sign_in_tokens')
      .insert({ token_hash: hashPortalToken(token), customer_id: c.id, email: c.email, created_at: now, expires_at: expiresAt })
      .returning('id')) as Array<{ id: string }>;
    links.push({
      tokenId: row.id,
      token,
      customerId: c.id,
      customerNumber: c.customer_number,
      firstName: c.first_name,
      lastName: c.last_name,
      email: c.email,
      expiresAt,
    });
  }
  // Opportunistic clean-up: links a day past their expiry are of no use to anyone.
  await db('portal_sign_in_tokens')
    .where('expires_at', '<', new Date(now.getTime() - 24 * 3600_000))
    .delete();
  return links;
}

export type RedeemResult = { ok: true; customerId: string } | { ok: false; reason: 'unknown' | 'expired' | 'used' };

/**
 * Whether a link's token would sign in, without using it: opening the link shows a button, and only
 * pressing it uses the token, so a mail scanner that opens every link first does not use it up.
 */
export async function checkSignInToken(db: Database, token: unknown, now: Date = new Date()): Promise<RedeemResult> {
  if (typeof token !== 'string' || token.length < 20 || token.length > 200) return { ok: false, reason: 'unknown' };
  const row = (await db('portal_sign_in_tokens')
    .where({ token_hash: hashPortalToken(token) })
    .first('customer_id', 'used_at', 'expires_at')) as { customer_id: string; used_at: Date | null; expires_at: Date } | undefined;
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.used_at) return { ok: false, reason: 'used' };
  if (new Date(row.expires_at) <= now) return { ok: false, reason: 'expired' };
  return { ok: true, customerId: row.customer_id };
}

/**
 * Uses a link's token: in one statement, so two clicks at once sign in once. Unknown, expired and
 * used tokens are told apart only for the page's text; none of them signs in.
 */
export async function redeemSignInToken(db: Database, token: unknown, now: Date = new Date()): Promise<RedeemResult> {
  if (typeof token !== 'string' || token.length < 20 || token.length > 200) return { ok: false, reason: 'unknown' };
  const hash = hashPortalToken(token);
  const used = (await db('portal_sign_in_tokens')
    .where({ token_hash: hash })
    .whereNull('used_at')
    .where('expires_at', '>', now)
    .update({ used_at: now })
    .returning('customer_id')) as Array<{ customer_id: string }>;
  if (used.length) return { ok: true, customerId: used[0].customer_id };
  const row = (await db('portal_sign_in_tokens').where({ token_hash: hash }).first('used_at', 'expires_at')) as
    { used_at: Date | null; expires_at: Date } | undefined;
  if (!row) return { ok: false, reason: 'unknown' };
  return { ok: false, reason: row.used_at ? 'used' : 'expired' };
}

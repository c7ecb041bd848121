/**
 * Portal sessions: a customer signed in by an e-mail link. The cookie holds a random token, the
 * table its hash; the CSRF token is sent by the portal with every change. Apart from the staff's
 * sessions (server/auth/sessions.ts): a portal session names a customer, never a user or a role.
 */
import type { Database } from '../../db';
import { hashPortalToken, newPortalToken } from './sign-in';

export interface PortalSession {
  customerId: string;
  customerNumber: string;
  csrfToken: string;
}

export function createPortalSessionStore(db: Database, ttlMinutes: number) {
  const ttlMs = ttlMinutes * 60_000;
  const expiry = () => new Date(Date.now() + ttlMs);
  return {
    async create(customerId: string): Promise<{ token: string; csrfToken: string }> {
      const token = newPortalToken();
      const csrfToken = newPortalToken();
      await db('portal_sessions').insert({
        token_hash: hashPortalToken(token),
        customer_id: customerId,
        csrf_token: csrfToken,
        expires_at: expiry(),
      });
      await db('portal_sessions').where('expires_at', '<', new Date()).delete();
      return { token, csrfToken };
    },
    /** The session of a cookie token, its expiry slid forward (at most once a minute); undefined when unknown or expired. */
    async find(token: string | undefined): Promise<PortalSession | undefined> {
      if (!token || token.length > 200) return undefined;
      const hash = hashPortalToken(token);
      const row = (await db('portal_sessions as s')
        .join('customers as c', 'c.id', 's.customer_id')
        .where('s.token_hash', hash)
        .where('s.expires_at', '>', new Date())
        .first('s.customer_id', 'c.customer_number', 's.csrf_token', 's.expires_at')) as
        { customer_id: string; customer_number: string; csrf_token: string; expires_at: Date | string } | undefined;
      if (!row) return undefined;
      if (new Date(row.expires_at).getTime() - Date.now() < ttlMs - 60_000)
        await db('portal_sessions').where({ token_hash: hash }).update({ expires_at: expiry() });
      return { customerId: row.customer_id, customerNumber: row.customer_number, csrfToken: row.csrf_token };
    },
    async remove(token: string | undefined): Promise<void> {
      if (!token) return;
      await db('portal_sessions')
        .where({ token_hash: hashPortalToken(token) })
        .delete();
    },
  };
}

export type PortalSessionStore = ReturnType<typeof createPortalSessionStore>;

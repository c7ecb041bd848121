import type { Database } from '../../db';
import { newToken, sha256 } from './tokens';
import { toUser, type User, type UserRow } from './users';

export interface Session {
  user: User;
  csrfToken: string;
}

/**
 * Server-side sessions. The cookie holds a random token; the table holds its hash, so sessions
 * can be ended (sign-out, password reset, user deleted) and a database copy signs nobody in.
 */
export function createSessionStore(db: Database, ttlMinutes: number) {
  const ttlMs = ttlMinutes * 60_000;
  const expiry = () => new Date(Date.now() + ttlMs);
  return {
    async create(username: string): Promise<{ token: string; csrfToken: string }> {
      const token = newToken();
      const csrfToken = newToken();
      await db('sessions').insert({ token_hash: sha256(token), username, csrf_token: csrfToken, expires_at: expiry() });
      // Opportunistic clean-up keeps the table small without a timer.
      await db('sessions').where('expires_at', '<', new Date()).delete();
      return { token, csrfToken };
    },
    /** The session of a cookie token, sliding its expiry forward; undefined when unknown or expired. */
    async find(token: string): Promise<Session | undefined> {
      const row = (await db('sessions')
        .join('users', 'users.username', 'sessions.username')
        .where('sessions.token_hash', sha256(token))
        .where('sessions.expires_at', '>', new Date())
        // Deactivating deletes the sessions too; this keeps a racing request from reviving one.
        .where('users.active', true)
        .first('users.*', 'sessions.csrf_token', 'sessions.expires_at')) as
        (UserRow & { csrf_token: string; expires_at: Date | string }) | undefined;
      if (!row) return undefined;
      // Extend at most once a minute instead of writing on every request.
      if (new Date(row.expires_at).getTime() - Date.now() < ttlMs - 60_000) {
        await db('sessions')
          .where({ token_hash: sha256(token) })
          .update({ expires_at: expiry() });
      }
      return { user: toUser(row), csrfToken: row.csrf_token };
    },
    async remove(token: string): Promise<void> {
      await db('sessions')
        .where({ token_hash: sha256(token) })
        .delete();
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;

/**
 * Credentials for tests that call the REST API of a started system: the development system API
 * key (role system), or a signed-in user's cookie and CSRF token.
 */
import { descriptors } from '../config/settings';

export const SYSTEM_API_KEY = descriptors.systemApiKey.default;

/** Headers of a REST client with the role system. */
export function systemHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { 'x-api-key': SYSTEM_API_KEY, ...extra };
}

export interface SignedIn {
  cookie: string;
  csrfToken: string;
  /** Cookie and CSRF header, for fetch. */
  headers: Record<string, string>;
  user: { username: string; displayName: string; roles: string[]; locale: string };
}

/** Signs in over POST /api/session (the development users have their name as password). */
export async function signIn(baseUrl: string, username: string, password = username): Promise<SignedIn> {
  const res = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { user: SignedIn['user']; csrfToken: string };
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  return { cookie, csrfToken: body.csrfToken, user: body.user, headers: { cookie, 'x-csrf-token': body.csrfToken } };
}

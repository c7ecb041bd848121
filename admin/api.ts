/** The admin app's calls: /api/users and /api/api-keys (both admin-only on the server). */
import { api } from '../web/api';
import type { ApiKeyInfo } from '../server/auth/api-keys';
import type { Role } from '../server/auth/roles';
import type { UserListItem } from '../server/auth/users';

export type { Role };
/** Roles of people; `system` is only ever held by API keys (server/auth/roles.ts, a module without imports). */
export { USER_ROLES } from '../server/auth/roles';
/** The roles a key may get, the one an own task UI needs first. */
export const KEY_ROLES: Role[] = ['caseworker', 'analyst', 'system', 'admin'];
/** Mirrors server/auth/passwords.ts (the server checks; that module would bring bcrypt into the bundle). */
export const MIN_PASSWORD_LENGTH = 8;

/** The shapes the server answers. */
export type UserItem = UserListItem;
export type ApiKeyItem = ApiKeyInfo;

const path = (name: string) => encodeURIComponent(name);

export const users = {
  list: async () => (await api.get<{ items: UserItem[] }>('/api/users')).items,
  create: (u: { username: string; displayName: string; password: string; roles: Role[]; locale: 'de' | 'en' }) =>
    api.post<UserItem>('/api/users', u),
  update: (username: string, patch: { roles?: Role[]; active?: boolean }) => api.patch<UserItem>(`/api/users/${path(username)}`, patch),
  setPassword: (username: string, password: string) => api.post<void>(`/api/users/${path(username)}/password`, { password }),
};

export const apiKeys = {
  list: async () => (await api.get<{ items: ApiKeyItem[] }>('/api/api-keys')).items,
  create: (name: string, roles: Role[]) => api.post<ApiKeyItem & { key: string }>('/api/api-keys', { name, roles }),
  revoke: (name: string) => api.del<void>(`/api/api-keys/${path(name)}`),
};

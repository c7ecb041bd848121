import type { Database } from '../../db';
import { hashPassword, verifyPassword } from './passwords';
import { isRole, type Role } from './roles';

export interface User {
  username: string;
  displayName: string;
  roles: Role[];
  locale: 'de' | 'en';
}

export interface UserRow {
  username: string;
  display_name: string;
  password_hash: string;
  roles: unknown;
  locale: string;
  /** A deactivated user cannot sign in (migration 006; absent before it). */
  active?: boolean;
  created_at?: Date | string;
}

/** A user as the admin's list shows it. */
export interface UserListItem extends User {
  active: boolean;
  createdAt: string | null;
}

const iso = (v: Date | string | null | undefined): string | null => (v ? new Date(v).toISOString() : null);

export function toListItem(row: UserRow): UserListItem {
  return { ...toUser(row), active: row.active !== false, createdAt: iso(row.created_at) };
}

export function toUser(row: UserRow): User {
  const roles = (Array.isArray(row.roles) ? row.roles : []).filter(isRole);
  return { username: row.username, displayName: row.display_name, roles, locale: row.locale === 'en' ? 'en' : 'de' };
}

export class UserExistsError extends Error {
  constructor(readonly username: string) {
    super(`user ${username} exists`);
    this.name = 'UserExistsError';
  }
}

export function createUserStore(db: Database) {
  const table = () => db<UserRow>('users');
  return {
    async find(username: string): Promise<UserRow | undefined> {
      return table().where({ username }).first();
    },
    async get(username: string): Promise<UserListItem | undefined> {
      const row = await table().where({ username }).first();
      return row ? toListItem(row as UserRow) : undefined;
    },
    async list(): Promise<UserListItem[]> {
      return (await table().orderBy('username')).map(toListItem);
    },
    async create(u: {
      username: string;
      displayName: string;
      password: string;
      roles: Role[];
      locale?: 'de' | 'en';
    }): Promise<UserListItem> {
      const inserted = await table()
        .insert({
          username: u.username,
          display_name: u.displayName,
          password_hash: await hashPassword(u.password),
          roles: JSON.stringify(u.roles),
          locale: u.locale ?? 'de',
        })
        .onConflict('username')
        .ignore()
        .returning('*');
      if (inserted.length === 0) throw new UserExistsError(u.username);
      return toListItem(inserted[0] as UserRow);
    },
    async update(username: string, patch: { displayName?: string; roles?: Role[]; locale?: 'de' | 'en' }): Promise<User | undefined> {
      const row: Record<string, unknown> = { updated_at: db.fn.now() };
      if (patch.displayName !== undefined) row.display_name = patch.displayName;
      if (patch.roles !== undefined) row.roles = JSON.stringify(patch.roles);
      if (patch.locale !== undefined) row.locale = patch.locale;
      const [updated] = await table().where({ username }).update(row).returning('*');
      return updated ? toUser(updated as UserRow) : undefined;
    },
    /** Also ends the user's sessions: whoever knew the old password is signed out. */
    async setPassword(username: string, password: string): Promise<boolean> {
      const n = (
        await db('users')
          .where({ username })
          .update({ password_hash: await hashPassword(password), updated_at: db.fn.now() })
          .returning('username')
      ).length;
      if (n > 0) await db('sessions').where({ username }).delete();
      return n > 0;
    },
    /** Deactivating ends the user's sessions; a deactivated user cannot sign in until reactivated. */
    async setActive(username: string, active: boolean): Promise<boolean> {
      const n = (await db('users').where({ username }).update({ active, updated_at: db.fn.now() }).returning('username')).length;
      if (n > 0 && !active) await db('sessions').where({ username }).delete();
      return n > 0;
    },
    async remove(username: string): Promise<boolean> {
      // returning(): knex-pglite answers a cascading DELETE with a raw result instead of a count.
      return (await db('users').where({ username }).delete().returning('username')).length > 0;
    },
    /** Active admins: the last one can neither lose the role nor be deactivated or deleted. */
    async countAdmins(): Promise<number> {
      const rows = await table().where({ active: true }).select('roles');
      return rows.filter((r) => Array.isArray(r.roles) && r.roles.includes('admin')).length;
    },
  };
}

export type UserStore = ReturnType<typeof createUserStore>;

/** The development users `npm start` creates when DEV_USERS is on (listed in the README). */
export const DEV_USERS = [
  { username: 'analyst', displayName: 'Anna Analytica', password: 'analyst', roles: ['analyst'] as Role[] },
  { username: 'caseworker', displayName: 'Carl Sachbearbeiter', password: 'caseworker', roles: ['caseworker'] as Role[] },
];

/** Creates the configured first admin and the development users, leaving existing accounts as they are. */
export async function seedUsers(
  store: UserStore,
  s: { adminUsername: string; adminPassword: string; devUsers: boolean },
): Promise<string[]> {
  const wanted = [
    { username: s.adminUsername, displayName: 'Administrator', password: s.adminPassword, roles: ['admin'] as Role[] },
    ...(s.devUsers ? DEV_USERS : []),
  ];
  const created: string[] = [];
  for (const u of wanted) {
    if (await store.find(u.username)) continue;
    try {
      await store.create(u);
      created.push(u.username);
    } catch (err) {
      if (!(err instanceof UserExistsError)) throw err;
    }
  }
  return created;
}

/**
 * Accounts that still sign in with a development password (the dev users, or any user whose
 * password is its own name, like admin/admin): the production profile refuses to start with them.
 */
export async function accountsWithDevelopmentPasswords(store: UserStore): Promise<string[]> {
  const names = new Set([...DEV_USERS.map((u) => u.username), 'admin']);
  const found: string[] = [];
  for (const username of names) {
    const row = await store.find(username);
    if (row && row.active !== false && (await verifyPassword(username, row.password_hash))) found.push(username);
  }
  return found;
}

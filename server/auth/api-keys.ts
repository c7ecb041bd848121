import type { Database } from '../../db';
import { isRole, type Role } from './roles';
import { sha256 } from './tokens';

/** API keys, stored as hashes. The system key from the settings is (re)written at every start. */
export function createApiKeyStore(db: Database) {
  return {
    async put(name: string, key: string, roles: Role[]): Promise<void> {
      await db('api_keys').insert({ name, key_hash: sha256(key), roles: JSON.stringify(roles) })
        .onConflict('name').merge(['key_hash', 'roles']);
    },
    async remove(name: string): Promise<void> {
      await db('api_keys').where({ name }).delete();
    },
    async find(key: string): Promise<{ name: string; roles: Role[] } | undefined> {
      const row = await db('api_keys').where({ key_hash: sha256(key) }).first('name', 'roles');
      if (!row) return undefined;
      return { name: row.name as string, roles: (Array.isArray(row.roles) ? row.roles : []).filter(isRole) };
    },
  };
}

export type ApiKeyStore = ReturnType<typeof createApiKeyStore>;

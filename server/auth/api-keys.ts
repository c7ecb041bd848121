import { randomBytes } from 'node:crypto';
import type { Database } from '../../db';
import { isRole, type Role } from './roles';
import { sha256 } from './tokens';

/** The key the SYSTEM_API_KEY setting (re)writes at every start: managed by configuration, never in the admin app. */
export const CONFIG_KEY_NAME = 'system';

/** A key as the admin's list shows it: never the key itself, which exists only at its creation. */
export interface ApiKeyInfo {
  name: string;
  roles: Role[];
  createdAt: string | null;
  createdBy: string | null;
  lastUsedAt: string | null;
  /** `configuration`: the SYSTEM_API_KEY setting's key; `admin`: created in the admin app (revocable). */
  managedBy: 'configuration' | 'admin';
}

export class ApiKeyExistsError extends Error {
  constructor(readonly keyName: string) {
    super(`API key ${keyName} exists`);
    this.name = 'ApiKeyExistsError';
  }
}

/** 256 random bits, URL-safe, with a prefix that tells a leaked key apart in logs and scanners. */
export function generateApiKey(): string {
  return `lumen_${randomBytes(32).toString('base64url')}`;
}

const iso = (v: unknown): string | null => (v ? new Date(v as string).toISOString() : null);
const rolesOf = (v: unknown): Role[] => (Array.isArray(v) ? v : []).filter(isRole);

/** How seldom last_used_at is written per key: job traffic must not write on every call. */
const TOUCH_MS = 60_000;

/** API keys, stored as hashes. The system key from the settings is (re)written at every start. */
export function createApiKeyStore(db: Database, now: () => number = Date.now) {
  const touched = new Map<string, number>();
  return {
    async put(name: string, key: string, roles: Role[]): Promise<void> {
      await db('api_keys')
        .insert({ name, key_hash: sha256(key), roles: JSON.stringify(roles) })
        .onConflict('name')
        .merge(['key_hash', 'roles']);
    },
    /** A new key with a generated secret, returned once; only its hash is stored. */
    async create(name: string, roles: Role[], createdBy: string): Promise<ApiKeyInfo & { key: string }> {
      const key = generateApiKey();
      const inserted = await db('api_keys')
        .insert({ name, key_hash: sha256(key), roles: JSON.stringify(roles), created_by: createdBy })
        .onConflict('name')
        .ignore()
        .returning('*');
      if (inserted.length === 0) throw new ApiKeyExistsError(name);
      return { ...info(inserted[0]), key };
    },
    async list(): Promise<ApiKeyInfo[]> {
      return (await db('api_keys').orderBy('name')).map(info);
    },
    /** Removes a key: REST refuses it from the next request on (the gRPC gateway after its 5 s cache). */
    async remove(name: string): Promise<boolean> {
      touched.delete(name);
      return (await db('api_keys').where({ name }).delete().returning('name')).length > 0;
    },
    async find(key: string): Promise<{ name: string; roles: Role[] } | undefined> {
      const row = await db('api_keys')
        .where({ key_hash: sha256(key) })
        .first('name', 'roles');
      if (!row) return undefined;
      return { name: row.name as string, roles: rolesOf(row.roles) };
    },
    /** Records a use: at most one write a minute per key, and never in the caller's way. */
    markUsed(name: string): void {
      const last = touched.get(name) ?? 0;
      if (now() - last < TOUCH_MS) return;
      touched.set(name, now());
      if (touched.size > 10_000) touched.clear();
      db('api_keys')
        .where({ name })
        .update({ last_used_at: new Date(now()) })
        .catch(() => touched.delete(name));
    },
  };
}

function info(row: Record<string, unknown>): ApiKeyInfo {
  const name = row.name as string;
  return {
    name,
    roles: rolesOf(row.roles),
    createdAt: iso(row.created_at),
    createdBy: (row.created_by as string | null) ?? null,
    lastUsedAt: iso(row.last_used_at),
    managedBy: name === CONFIG_KEY_NAME ? 'configuration' : 'admin',
  };
}

export type ApiKeyStore = ReturnType<typeof createApiKeyStore>;

/** The product's roles. `system` is only ever held by API keys, never by a person. */
export const ROLES = ['analyst', 'caseworker', 'admin', 'system'] as const;
export type Role = (typeof ROLES)[number];

/** Roles a person (user account) may hold. */
export const USER_ROLES = ['analyst', 'caseworker', 'admin'] as const satisfies readonly Role[];

export interface Principal {
  username: string;
  roles: Role[];
  via: 'session' | 'apikey' | 'basic' | 'oidc';
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export type AppName = 'modeler' | 'tasklist' | 'cockpit' | 'care' | 'mobile' | 'admin';

/** Who may open which web app (the cockpit is read-only for analysts; the API enforces that). */
export const APP_ROLES: Record<AppName, Role[]> = {
  modeler: ['analyst', 'admin'],
  tasklist: ['caseworker', 'admin'],
  cockpit: ['analyst', 'admin'],
  care: ['caseworker', 'admin'],
  mobile: ['caseworker', 'admin'],
  admin: ['admin'],
};

/**
 * Bearer JWTs of a real identity provider (Keycloak, Entra ID …) on the product's REST API and
 * gRPC gateway, next to its own users and API keys: with ENGINE_OIDC_JWKS_URL set, a bearer
 * credential shaped like a JWT is checked against the provider's JWK set (engine/gateway/jwt.ts)
 * instead of the API key table. The token's product roles come from the claim
 * ENGINE_OIDC_ROLES_CLAIM (a dotted path such as `realm_access.roles`; an array or a space- or
 * comma-separated string); values that are no product role are ignored, so a valid token without
 * one is known but may do nothing (403 / PERMISSION_DENIED).
 */
import type { Settings } from '../../config/settings';
import { createJwtVerifier, type JwtClaims } from '../../engine/gateway/jwt';
import { isRole, type Role } from './roles';

export interface OidcCaller {
  username: string;
  roles: Role[];
}

/** Checks a bearer credential; null when it is no valid token of the provider. */
export type OidcCheck = (credential: string) => Promise<OidcCaller | null>;

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Whether a credential is a compact JWS (API keys have no dots). */
export function looksLikeJwt(credential: string): boolean {
  return JWT_SHAPE.test(credential);
}

export function rolesOfClaims(claims: JwtClaims, claimPath: string): Role[] {
  let value: unknown = claims;
  for (const part of claimPath.split('.')) {
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  }
  const names = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  return [...new Set(names.filter(isRole))];
}

/** The check when a provider is configured, else undefined (bearer credentials are then API keys only). */
export function createOidcCheck(
  settings: Pick<Settings, 'engineOidcJwksUrl' | 'engineOidcAudience' | 'engineOidcRolesClaim'>,
  log: (message: string) => void = () => {},
): OidcCheck | undefined {
  if (!settings.engineOidcJwksUrl) return undefined;
  const verify = createJwtVerifier({ jwksUrl: settings.engineOidcJwksUrl, audience: settings.engineOidcAudience });
  return async (credential) => {
    if (!looksLikeJwt(credential)) return null;
    try {
      const claims = await verify(credential);
      const subject = typeof claims.sub === 'string' ? claims.sub : typeof claims.azp === 'string' ? claims.azp : 'unknown';
      return { username: `oidc:${subject}`, roles: rolesOfClaims(claims, settings.engineOidcRolesClaim) };
    } catch (err) {
      log(`a bearer token was refused: ${(err as Error).message}`);
      return null;
    }
  };
}

/**
 * Bearer JWTs of an OAuth/OpenID provider, checked the way a Camunda 8 cluster configured for OIDC
 * checks them: the signature against the provider's JWK set (RS256, ES256 or PS256; the key found by
 * `kid`, the set fetched again once when a `kid` is unknown, so the provider can rotate keys), then
 * `exp`/`nbf` with a minute of leeway and, when configured, the audience.
 *
 * Used by the engine run alone (`npm run engine`) on gRPC and /v2, and by the product next to its
 * own sign-in and API keys when a provider is configured (server/auth/oidc.ts).
 */
import { createPublicKey, verify as verifySignature, type JsonWebKey, type KeyObject } from 'node:crypto';

export interface JwtClaims {
  sub?: string;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  iss?: string;
  [claim: string]: unknown;
}

export interface JwtVerifierOptions {
  jwksUrl: string;
  /** The audience a token must name; empty: any. */
  audience?: string;
  now?: () => number;
}

/** Why a token was refused, for the log (never sent to the caller beyond "invalid token"). */
export class JwtError extends Error {}

const LEEWAY_S = 60;
const ALGORITHMS: Record<string, { hash: string; pss?: boolean; dsa?: boolean }> = {
  RS256: { hash: 'sha256' },
  RS384: { hash: 'sha384' },
  RS512: { hash: 'sha512' },
  PS256: { hash: 'sha256', pss: true },
  ES256: { hash: 'sha256', dsa: true },
  ES384: { hash: 'sha384', dsa: true },
};

function decodePart<T>(part: string, what: string): T {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as T;
  } catch {
    throw new JwtError(`the token's ${what} is not base64url JSON`);
  }
}

export function createJwtVerifier(opts: JwtVerifierOptions): (token: string) => Promise<JwtClaims> {
  const now = opts.now ?? Date.now;
  let keys = new Map<string, KeyObject>();
  let fetched = 0;

  const load = async (): Promise<void> => {
    const res = await fetch(opts.jwksUrl);
    if (!res.ok) throw new Error(`the JWK set at ${opts.jwksUrl} answered ${res.status}`);
    const set = (await res.json()) as { keys?: (JsonWebKey & { kid?: string; use?: string })[] };
    const next = new Map<string, KeyObject>();
    for (const jwk of set.keys ?? []) {
      if (jwk.use && jwk.use !== 'sig') continue;
      next.set(jwk.kid ?? '', createPublicKey({ key: jwk, format: 'jwk' }));
    }
    keys = next;
    fetched = now();
  };

  const keyFor = async (kid: string): Promise<KeyObject> => {
    if (!keys.has(kid) && now() - fetched > 1000) await load();
    const key = keys.get(kid) ?? (kid === '' && keys.size === 1 ? [...keys.values()][0] : undefined);
    if (!key) throw new JwtError(`no key ${kid || '(without kid)'} in the provider's JWK set`);
    return key;
  };

  return async (token) => {
    const parts = token.split('.');
    if (parts.length !== 3) throw new JwtError('not a JWT');
    const header = decodePart<{ alg?: string; kid?: string }>(parts[0], 'header');
    const alg = ALGORITHMS[header.alg ?? ''];
    if (!alg) throw new JwtError(`algorithm ${header.alg} is not accepted`);
    const key = await keyFor(header.kid ?? '');
    const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
    const signature = Buffer.from(parts[2], 'base64url');
    const ok = verifySignature(
      alg.hash,
      signed,
      alg.pss ? { key, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: 32 } : alg.dsa ? { key, dsaEncoding: 'ieee-p1363' } : key,
      signature,
    );
    if (!ok) throw new JwtError('the signature does not match');
    const claims = decodePart<JwtClaims>(parts[1], 'payload');
    const seconds = now() / 1000;
    if (typeof claims.exp !== 'number' || claims.exp + LEEWAY_S < seconds) throw new JwtError('the token has expired');
    if (typeof claims.nbf === 'number' && claims.nbf - LEEWAY_S > seconds) throw new JwtError('the token is not valid yet');
    if (opts.audience) {
      const audiences = [claims.aud ?? []].flat();
      if (!audiences.includes(opts.audience)) throw new JwtError(`the token is not for audience ${opts.audience}`);
    }
    return claims;
  };
}

import { createJwtVerifier, JwtError } from './jwt';
import { startTokenEndpoint, type TokenEndpoint } from '../../test/contract/token-endpoint';

let idp: TokenEndpoint;
beforeAll(async () => {
  idp = await startTokenEndpoint(60);
});
afterAll(() => idp.close());

async function tokenFor(audience: string): Promise<string> {
  const res = await fetch(idp.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: idp.clientId, client_secret: idp.clientSecret, audience }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

describe('bearer JWTs checked against the provider JWK set', () => {
  it('accepts a token of the provider for the audience, with its claims', async () => {
    const verify = createJwtVerifier({ jwksUrl: idp.jwksUrl, audience: 'zeebe-api' });
    const claims = await verify(await tokenFor('zeebe-api'));
    expect(claims.sub).toBe(idp.clientId);
  });

  it('refuses another audience, another key, a tampered payload and an expired token', async () => {
    const verify = createJwtVerifier({ jwksUrl: idp.jwksUrl, audience: 'zeebe-api' });
    await expect(verify(await tokenFor('operate-api'))).rejects.toThrow(/audience/);
    await expect(verify(idp.forgedToken('zeebe-api'))).rejects.toThrow(/signature/);
    const [h, p, s] = (await tokenFor('zeebe-api')).split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const tampered = Buffer.from(JSON.stringify({ ...claims, sub: 'admin' })).toString('base64url');
    await expect(verify(`${h}.${tampered}.${s}`)).rejects.toThrow(JwtError);
    const later = createJwtVerifier({ jwksUrl: idp.jwksUrl, now: () => Date.now() + 60_000 + 61_000 });
    await expect(later(await tokenFor('zeebe-api'))).rejects.toThrow(/expired/);
    await expect(verify('not.a.jwt')).rejects.toThrow(JwtError);
    await expect(verify('abc')).rejects.toThrow(/not a JWT/);
  });
});

/**
 * A small OAuth 2.0 token endpoint for the scale-out contract tests, standing in for a cluster's
 * identity provider (Keycloak, Entra ID …): client credentials in, an RS256 JWT out, its public key
 * as a JWK set. The SDK's OAUTH strategy asks it exactly as it asks a real provider
 * (form-encoded `grant_type=client_credentials`, `client_id`, `client_secret`, `audience`).
 */
import { createServer, type Server } from 'node:http';
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';

export interface TokenEndpoint {
  url: string;
  tokenUrl: string;
  jwksUrl: string;
  clientId: string;
  clientSecret: string;
  /** Tokens issued so far, and refused requests (wrong secret). */
  issued: () => number;
  refused: () => number;
  /** A token of another key, for the tests of refusal. */
  forgedToken(audience: string): string;
  close(): Promise<void>;
}

function jwt(privateKey: KeyObject, kid: string, claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const signed = `${part({ alg: 'RS256', typ: 'JWT', kid })}.${part(claims)}`;
  return `${signed}.${sign('sha256', Buffer.from(signed), privateKey).toString('base64url')}`;
}

/**
 * `claims` gives further clients (by id, with the same secret) and the claims their tokens carry,
 * such as product roles.
 */
export async function startTokenEndpoint(ttlSeconds = 300, claims: Record<string, Record<string, unknown>> = {}): Promise<TokenEndpoint> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  const clientId = 'energy-product';
  const clientSecret = randomUUID();
  let issued = 0;
  let refused = 0;
  let issuer = '';
  const server: Server = createServer((req, res) => {
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/jwks.json') {
      return answer(200, { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] });
    }
    if (req.method !== 'POST' || req.url !== '/oauth/token') return answer(404, { error: 'not_found' });
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      if (form.get('grant_type') !== 'client_credentials') return answer(400, { error: 'unsupported_grant_type' });
      const client = form.get('client_id') ?? '';
      if ((client !== clientId && !(client in claims)) || form.get('client_secret') !== clientSecret) {
        refused += 1;
        return answer(401, { error: 'invalid_client' });
      }
      issued += 1;
      const now = Math.floor(Date.now() / 1000);
      const audience = form.get('audience') ?? undefined;
      const token = jwt(privateKey, kid, { ...claims[client], iss: issuer, sub: client, aud: audience, iat: now, exp: now + ttlSeconds });
      return answer(200, { access_token: token, token_type: 'Bearer', expires_in: ttlSeconds, scope: '' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  issuer = url;
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  return {
    url,
    tokenUrl: `${url}/oauth/token`,
    jwksUrl: `${url}/jwks.json`,
    clientId,
    clientSecret,
    issued: () => issued,
    refused: () => refused,
    forgedToken: (audience) => {
      const now = Math.floor(Date.now() / 1000);
      return jwt(other, kid, { iss: issuer, sub: clientId, aud: audience, iat: now, exp: now + ttlSeconds });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * For tests: settings that point the SDK's REST client (camundaRestClient) at a started test
 * system's /v2 as if it were a cluster, with OAuth client credentials. The token endpoint started
 * here hands out an API key of the test system as access token, which the product's /v2 accepts
 * as bearer token; so the SDK's whole OAuth path (token request, cache, Authorization header) runs.
 * The SDK reads the expiry out of the token, so the key is shaped like a JWT. Its roles, system
 * and admin, stand for a cluster client's permissions (start instances, deploy).
 */
import { createServer } from 'node:http';
import type { Settings } from '../../config/settings';
import type { Database } from '../../db';
import { createApiKeyStore } from '../auth/api-keys';

const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** An unsigned JWT valid for a day. */
const CLUSTER_TEST_KEY = `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: 'test', exp: Math.floor(Date.now() / 1000) + 86_400 })}.unsigned`;

export interface ClusterSettings {
  settings: Settings;
  close(): Promise<void>;
}

export async function clusterSettingsOf(system: { settings: Settings; httpUrl: string; db: Database }): Promise<ClusterSettings> {
  await createApiKeyStore(system.db).put('cluster-test-client', CLUSTER_TEST_KEY, ['system', 'admin']);
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: CLUSTER_TEST_KEY, token_type: 'Bearer', expires_in: 300 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    settings: {
      ...system.settings,
      engineEmbedded: false,
      zeebeRestAddress: system.httpUrl,
      camundaAuthStrategy: 'OAUTH',
      camundaOauthUrl: `http://127.0.0.1:${port}/oauth/token`,
      zeebeClientId: 'test',
      zeebeClientSecret: 'test',
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

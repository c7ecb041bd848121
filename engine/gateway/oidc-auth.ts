/**
 * The gateway's authentication when an OAuth/OpenID provider issues the tokens (the engine run
 * alone, standing in for a cluster): any valid token of the provider may call every RPC, as on a
 * Camunda 8 cluster with authorizations off. No throttling: guessing a signed token is hopeless,
 * and the provider rate-limits the token requests.
 */
import type { GatewayAuth } from './auth';
import type { JwtClaims } from './jwt';

const CLIENT = ['client'];

export function oidcGatewayAuth(verify: (token: string) => Promise<JwtClaims>, log: (message: string) => void): GatewayAuth {
  return {
    authenticate: async (credential) => {
      try {
        await verify(credential);
        return { roles: CLIENT };
      } catch (err) {
        log(`a gRPC call's token was refused: ${(err as Error).message}`);
        return null;
      }
    },
    // Every RPC, by whatever name: the provider's clients are trusted alike.
    methodRoles: new Proxy({}, { get: () => CLIENT }),
    throttle: { retryAfter: () => 0, failed: () => {} },
  };
}

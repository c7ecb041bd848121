/**
 * The one factory of @camunda8/sdk clients in tests: quiet logs, no gRPC retries (a test wants
 * the first answer), and the authentication spelled as the SDK's own settings. Tests talk to the
 * engine only through what an application written against Camunda 8.8 would use.
 */
import { Camunda8 } from '@camunda8/sdk';

export type ZeebeClient = ReturnType<Camunda8['getZeebeGrpcApiClient']>;
/** The SDK's branded key types get in the way of a wire-level test: here keys are plain strings. */
export type RestClient = Record<string, (...args: any[]) => Promise<any>>;

export type SdkAuth =
  | { strategy: 'NONE' }
  | { strategy: 'BASIC'; username: string; password: string }
  | { strategy: 'BEARER'; token: string }
  | { strategy: 'OAUTH'; tokenUrl: string; clientId: string; clientSecret: string; audience: string };

export interface SdkTarget {
  /** Port of the gRPC gateway on localhost. */
  grpcPort?: number;
  /** Base URL of /v2 (the engine's or the product's HTTP server). */
  restUrl?: string;
  auth?: SdkAuth;
}

function authSettings(auth: SdkAuth): Record<string, unknown> {
  switch (auth.strategy) {
    case 'NONE':
      return { CAMUNDA_AUTH_STRATEGY: 'NONE' };
    case 'BASIC':
      return { CAMUNDA_AUTH_STRATEGY: 'BASIC', CAMUNDA_BASIC_AUTH_USERNAME: auth.username, CAMUNDA_BASIC_AUTH_PASSWORD: auth.password };
    case 'BEARER':
      return { CAMUNDA_AUTH_STRATEGY: 'BEARER', CAMUNDA_OAUTH_TOKEN: auth.token };
    case 'OAUTH':
      return {
        CAMUNDA_AUTH_STRATEGY: 'OAUTH',
        CAMUNDA_OAUTH_URL: auth.tokenUrl,
        ZEEBE_CLIENT_ID: auth.clientId,
        ZEEBE_CLIENT_SECRET: auth.clientSecret,
        ZEEBE_TOKEN_AUDIENCE: auth.audience,
        CAMUNDA_TOKEN_DISK_CACHE_DISABLE: true,
      };
  }
}

export function camunda8({ grpcPort, restUrl, auth = { strategy: 'NONE' } }: SdkTarget): Camunda8 {
  return new Camunda8({
    ZEEBE_GRPC_ADDRESS: `grpc://localhost:${grpcPort ?? 1}`,
    // Unused by gRPC-only tests, but the SDK wants an address.
    ZEEBE_REST_ADDRESS: restUrl ?? 'http://localhost:1',
    CAMUNDA_LOG_LEVEL: 'none',
    ...authSettings(auth),
    zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'NONE', ZEEBE_GRPC_CLIENT_RETRY: false },
  } as ConstructorParameters<typeof Camunda8>[0]);
}

export function zeebeClient(grpcPort: number, auth?: SdkAuth): ZeebeClient {
  return camunda8({ grpcPort, auth }).getZeebeGrpcApiClient();
}

export function restClient(restUrl: string, auth?: SdkAuth): RestClient {
  return camunda8({ restUrl, auth }).getOrchestrationClusterApiClientLoose() as unknown as RestClient;
}

/** The status of a failed SDK call, whatever error class the SDK wraps it in. */
export async function statusOf(p: Promise<unknown>): Promise<number | undefined> {
  const err = (await p.then(
    () => undefined,
    (e: unknown) => e,
  )) as { status?: number; response?: { status?: number } } | undefined;
  expect(err).toBeDefined();
  return err?.status ?? err?.response?.status;
}

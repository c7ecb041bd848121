import { Camunda8, type Auth } from '@camunda8/sdk';
import { CamundaEnvironmentConfigurator, constructOAuthProvider } from '@camunda8/sdk/dist/lib';
import { ConfigError, descriptors, grpcAuthRequired, isLoopbackHost, type Settings } from '../config/settings';

export type ZeebeClient = ReturnType<Camunda8['getZeebeGrpcApiClient']>;

/**
 * The one place that builds the SDK configuration: the embedded engine by default, a Camunda 8
 * cluster when ENGINE_EMBEDDED=false and the ZEEBE_* / CAMUNDA_* settings point there.
 *
 * Against the embedded engine the client follows the gateway's settings: grpcs:// with the
 * gateway's own certificate as root when it serves TLS, and the system API key as bearer token
 * when it requires authentication (the REST calls of the SDK then carry it too).
 */
export function camundaConfig(settings: Settings, embeddedGrpcPort?: number): Record<string, unknown> {
  const embedded = embeddedGrpcPort !== undefined && settings.engineEmbedded;
  const restAddress = settings.zeebeRestAddress || `http://localhost:${settings.httpPort}`;
  const external = {
    ZEEBE_GRPC_ADDRESS: settings.zeebeGrpcAddress,
    CAMUNDA_AUTH_STRATEGY: settings.camundaAuthStrategy,
    ZEEBE_CLIENT_ID: settings.zeebeClientId || undefined,
    ZEEBE_CLIENT_SECRET: settings.zeebeClientSecret || undefined,
    CAMUNDA_OAUTH_URL: settings.camundaOauthUrl || undefined,
    // Tokens stay in memory: the SDK would otherwise write them to the home folder.
    CAMUNDA_TOKEN_DISK_CACHE_DISABLE: true,
  };
  return {
    ZEEBE_REST_ADDRESS: restAddress,
    ...(embedded ? embeddedEngineConfig(settings, embeddedGrpcPort) : external),
    CAMUNDA_LOG_LEVEL: 'none',
    zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'NONE' },
  };
}

function embeddedEngineConfig(settings: Settings, port: number): Record<string, unknown> {
  const tlsCert = settings.engineGrpcTlsCertPath.trim();
  const host =
    isLoopbackHost(settings.engineGrpcHost) || /^(0\.0\.0\.0|::|\[::\])?$/.test(settings.engineGrpcHost.trim())
      ? 'localhost'
      : settings.engineGrpcHost.trim();
  const auth = grpcAuthRequired(settings);
  if (auth && !settings.systemApiKey) {
    throw new ConfigError(
      descriptors.systemApiKey.env,
      'the workers and the order API authenticate to the engine with it, as ENGINE_GRPC_AUTH=required; set one',
    );
  }
  return {
    ZEEBE_GRPC_ADDRESS: `${tlsCert ? 'grpcs' : 'grpc'}://${host.includes(':') ? `[${host}]` : host}:${port}`,
    CAMUNDA_CUSTOM_ROOT_CERT_PATH: tlsCert || undefined,
    CAMUNDA_AUTH_STRATEGY: auth ? 'BEARER' : 'NONE',
    CAMUNDA_OAUTH_TOKEN: auth ? settings.systemApiKey : undefined,
  };
}

/** The SDK configuration without unset entries (the SDK would read `undefined` as a value). */
function definedConfig(settings: Settings, embeddedGrpcPort?: number): Record<string, unknown> {
  return Object.fromEntries(Object.entries(camundaConfig(settings, embeddedGrpcPort)).filter(([, v]) => v !== undefined));
}

export function zeebeClient(settings: Settings, embeddedGrpcPort?: number): ZeebeClient {
  const config = definedConfig(settings, embeddedGrpcPort);
  return new Camunda8(config).getZeebeGrpcApiClient();
}

/**
 * The SDK's REST client of an external Camunda 8 (ZEEBE_REST_ADDRESS, same credentials as the gRPC
 * client): the order API reads open user tasks and incidents of an order through its search endpoints.
 */
export function camundaRestClient(settings: Settings): ReturnType<Camunda8['getCamundaRestClient']> {
  const config = definedConfig(settings);
  return new Camunda8(config).getCamundaRestClient();
}

/**
 * The SDK's credentials for the cluster's REST API, as headers (OAuth client credentials with its
 * token cache and renewal, or whatever CAMUNDA_AUTH_STRATEGY names): the /v2 proxy adds them to the
 * browser's calls, so the browser never holds them.
 */
export function camundaAuthHeaders(settings: Settings): () => Promise<Record<string, string>> {
  const config = definedConfig(settings);
  const provider: Auth.IHeadersProvider = constructOAuthProvider(CamundaEnvironmentConfigurator.mergeConfigWithEnvironment(config), {
    explicitFromConstructor: true,
  });
  return async () =>
    Object.fromEntries(Object.entries(await provider.getHeaders('ZEEBE')).filter(([, v]) => typeof v === 'string')) as Record<
      string,
      string
    >;
}

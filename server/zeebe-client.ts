import { Camunda8 } from '@camunda8/sdk';
import type { Settings } from '../config/settings';

export type ZeebeClient = ReturnType<Camunda8['getZeebeGrpcApiClient']>;

/**
 * The one place that builds the SDK configuration: the embedded engine by default, a Camunda 8
 * cluster when ENGINE_EMBEDDED=false and the ZEEBE_* / CAMUNDA_* settings point there.
 */
export function camundaConfig(settings: Settings, embeddedGrpcPort?: number): Record<string, unknown> {
  const grpcAddress = embeddedGrpcPort !== undefined && settings.engineEmbedded ? `grpc://localhost:${embeddedGrpcPort}` : settings.zeebeGrpcAddress;
  const restAddress = settings.zeebeRestAddress || `http://localhost:${settings.httpPort}`;
  return {
    ZEEBE_GRPC_ADDRESS: grpcAddress,
    ZEEBE_REST_ADDRESS: restAddress,
    CAMUNDA_AUTH_STRATEGY: settings.camundaAuthStrategy,
    ZEEBE_CLIENT_ID: settings.zeebeClientId || undefined,
    ZEEBE_CLIENT_SECRET: settings.zeebeClientSecret || undefined,
    CAMUNDA_OAUTH_URL: settings.camundaOauthUrl || undefined,
    CAMUNDA_LOG_LEVEL: 'none',
    zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'NONE' },
  };
}

export function zeebeClient(settings: Settings, embeddedGrpcPort?: number): ZeebeClient {
  const config = Object.fromEntries(Object.entries(camundaConfig(settings, embeddedGrpcPort)).filter(([, v]) => v !== undefined));
  return new Camunda8(config).getZeebeGrpcApiClient();
}

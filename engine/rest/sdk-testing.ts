/** For tests that drive /v2 through @camunda8/sdk's Orchestration Cluster API client, as an app written against Camunda 8.8 does. */
import { Camunda8 } from '@camunda8/sdk';

/** The SDK's branded key types get in the way of a wire-level test: here keys are plain strings. */
export type SdkClient = Record<string, (...args: any[]) => Promise<any>>;

export function sdkClient(baseUrl: string): SdkClient {
  return new Camunda8({
    ZEEBE_REST_ADDRESS: baseUrl,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    CAMUNDA_LOG_LEVEL: 'none',
  }).getOrchestrationClusterApiClientLoose() as unknown as SdkClient;
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

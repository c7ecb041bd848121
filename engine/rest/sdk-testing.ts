/** For tests that drive /v2 through @camunda8/sdk's Orchestration Cluster API client, as an app written against Camunda 8.8 does. */
import { restClient, type RestClient } from '../../test/sdk-client';

export type SdkClient = RestClient;

export function sdkClient(baseUrl: string): SdkClient {
  return restClient(baseUrl);
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

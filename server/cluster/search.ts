/**
 * Finding process instances, the same way against the embedded engine and a Camunda 8.8 cluster:
 * both speak the process instance search of the Orchestration Cluster REST API
 * (POST /v2/process-instances/search), the embedded engine through its read models in process,
 * a cluster through the SDK's REST client with its OAuth handling.
 *
 * A cluster's search is eventually consistent (its exporter runs seconds behind the engine): an
 * instance started a moment ago may not be found yet. Callers that need their own writes say how
 * they cope where they call.
 */
import type { EngineQueries } from '../../engine/query';
import type { ProcessInstanceResult } from '../../engine/query/process-instances';
import type { SearchQuery } from '../../engine/query/types';

export type InstanceState = ProcessInstanceResult['state'];

/** One instance as the screens show it. */
export interface InstanceSummary {
  processInstanceKey: string;
  processDefinitionId: string;
  processDefinitionName: string;
  state: InstanceState;
  hasIncident: boolean;
  startDate: string;
  endDate: string | null;
}

export interface ProcessInstanceSearch {
  /** The instances of these keys that exist (unknown keys are left out), newest first. */
  byKeys(keys: string[]): Promise<InstanceSummary[]>;
  /**
   * Instances of a process whose variables have exactly these values (compared as JSON, as the
   * engine stores them), oldest first.
   */
  byVariables(
    processDefinitionId: string,
    variables: Record<string, unknown>,
    opts?: { state?: InstanceState; limit?: number },
  ): Promise<InstanceSummary[]>;
}

/** The subset of the SDK's CamundaRestClient (`camundaRestClient(settings)`) the searches use. */
export interface CamundaRestSearch {
  searchUserTasks(request: never): Promise<unknown>;
  searchIncidents(request: never): Promise<unknown>;
  searchProcessInstances(request: never): Promise<unknown>;
}

/** The client made on first use: nothing connects (or fetches a token) at start. */
export function lazyClient<C>(clientOf: () => C): () => C {
  let client: C | undefined;
  return () => (client ??= clientOf());
}

type Search = (query: SearchQuery) => Promise<{ items: Partial<ProcessInstanceResult>[] }>;

/** Keys of a cluster may come as numbers from other clients' JSON: always decimal text here. */
function summary(i: Partial<ProcessInstanceResult>): InstanceSummary {
  return {
    processInstanceKey: String(i.processInstanceKey),
    processDefinitionId: i.processDefinitionId ?? '',
    processDefinitionName: i.processDefinitionName || i.processDefinitionId || '',
    state: i.state ?? 'ACTIVE',
    hasIncident: i.hasIncident === true,
    startDate: i.startDate ?? '',
    endDate: i.endDate ?? null,
  };
}

/** Camunda 8.8's cap on a page. */
const MAX_PAGE = 10_000;

function over(search: Search): ProcessInstanceSearch {
  return {
    async byKeys(keys) {
      if (keys.length === 0) return [];
      const { items } = await search({
        filter: { processInstanceKey: { $in: keys } },
        sort: [{ field: 'startDate', order: 'DESC' }],
        page: { limit: Math.min(keys.length, MAX_PAGE) },
      });
      return items.map(summary);
    },
    async byVariables(processDefinitionId, variables, opts = {}) {
      const { items } = await search({
        filter: {
          processDefinitionId,
          ...(opts.state ? { state: opts.state } : {}),
          // 8.8's variable filter: the name and the value as JSON text ("\"A-1\"" for the string A-1).
          variables: Object.entries(variables).map(([name, value]) => ({ name, value: JSON.stringify(value) })),
        },
        sort: [{ field: 'processInstanceKey', order: 'ASC' }],
        page: { limit: opts.limit ?? 100 },
      });
      return items.map(summary);
    },
  };
}

/** The embedded engine's read models (they read their own writes). */
export function embeddedProcessInstanceSearch(queries: EngineQueries): ProcessInstanceSearch {
  return over((query) => queries.processInstances.search(query as never));
}

/** A Camunda 8.8 cluster through the SDK's REST client. */
export function clusterProcessInstanceSearch(clientOf: () => Pick<CamundaRestSearch, 'searchProcessInstances'>): ProcessInstanceSearch {
  const client = lazyClient(clientOf);
  return over((query) => client().searchProcessInstances(query as never) as ReturnType<Search>);
}

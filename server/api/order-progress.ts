/**
 * Where an order's process stands right now, from the engine: the open user task and the open
 * incident of its instance and of the instances it called (credit check). GET /api/orders/{id}
 * lays this over the status the workers store, so an order waiting for a case worker or stuck on
 * an incident says so.
 *
 * Two sources with one shape — the search endpoints of Camunda 8.8's Orchestration Cluster REST
 * API (user tasks, incidents, process instances): the embedded engine's read models in process,
 * or an external Camunda 8 through the SDK's REST client (eventually consistent there: a just
 * created task may show a moment later, so the stored status stays the fallback).
 */
import type { EngineQueries } from '../../engine/query';
import { lazyClient, type CamundaRestSearch } from '../cluster/search';

export interface OpenTask {
  name: string;
  elementId: string;
  userTaskKey: string;
}

export interface OpenIncident {
  errorType: string;
  errorMessage: string;
  elementId: string;
  incidentKey: string;
  /** The instance the incident is in: the order's own, or one it called (e.g. the credit check). */
  processInstanceKey: string;
}

export interface OrderProgress {
  openTask?: OpenTask;
  incident?: OpenIncident;
}

type Filter = Record<string, unknown>;
interface Page<T> {
  items: T[];
}

/** The three searches the view needs, in the request and answer shapes of Camunda's /v2 API. */
export interface EngineSearch {
  userTasks(filter: Filter): Promise<Page<{ name?: string; elementId: string; userTaskKey: string; processInstanceKey: string }>>;
  incidents(
    filter: Filter,
  ): Promise<Page<{ errorType: string; errorMessage: string; elementId: string; incidentKey: string; processInstanceKey: string }>>;
  processInstances(filter: Filter): Promise<Page<{ processInstanceKey: string }>>;
}

export type OrderProgressSource = (processInstanceKey: string) => Promise<OrderProgress>;

/** Call depth followed (order-to-contract → credit-check is one). */
const MAX_DEPTH = 3;
const PAGE = { limit: 20 };

export function orderProgressFrom(search: EngineSearch): OrderProgressSource {
  return async (rootKey) => {
    // The instance and its active called instances, level by level.
    const keys = [rootKey];
    let level = [rootKey];
    for (let depth = 0; depth < MAX_DEPTH && level.length > 0; depth++) {
      const children = await search.processInstances({ parentProcessInstanceKey: { $in: level }, state: 'ACTIVE' });
      level = children.items.map((c) => String(c.processInstanceKey)).filter((k) => !keys.includes(k));
      keys.push(...level);
    }
    const [tasks, incidents] = await Promise.all([
      search.userTasks({ processInstanceKey: { $in: keys }, state: 'CREATED' }),
      search.incidents({ processInstanceKey: { $in: keys }, state: 'ACTIVE' }),
    ]);
    const progress: OrderProgress = {};
    const t = tasks.items[0];
    if (t) progress.openTask = { name: t.name || t.elementId, elementId: t.elementId, userTaskKey: String(t.userTaskKey) };
    const i = incidents.items[0];
    if (i) {
      progress.incident = {
        errorType: i.errorType,
        errorMessage: i.errorMessage,
        elementId: i.elementId,
        incidentKey: String(i.incidentKey),
        processInstanceKey: String(i.processInstanceKey),
      };
    }
    return progress;
  };
}

/** The embedded engine's read models (engine/query). */
export function embeddedEngineSearch(queries: EngineQueries): EngineSearch {
  return {
    userTasks: (filter) => queries.userTasks.search({ filter, page: PAGE, sort: [{ field: 'creationDate', order: 'ASC' }] } as never),
    incidents: (filter) => queries.incidents.search({ filter, page: PAGE, sort: [{ field: 'creationTime', order: 'ASC' }] } as never),
    processInstances: (filter) => queries.processInstances.search({ filter, page: { limit: 100 } } as never),
  };
}

/** An external Camunda 8 through the SDK's REST client, created on first use (nothing connects at start). */
export function camundaRestSearch(clientOf: () => CamundaRestSearch): EngineSearch {
  const client = lazyClient(clientOf);
  const page = <T>(p: Promise<unknown>) => p as Promise<Page<T>>;
  return {
    userTasks: (filter) => page(client().searchUserTasks({ filter, page: PAGE, sort: [{ field: 'creationDate', order: 'ASC' }] } as never)),
    incidents: (filter) => page(client().searchIncidents({ filter, page: PAGE, sort: [{ field: 'creationTime', order: 'ASC' }] } as never)),
    processInstances: (filter) => page(client().searchProcessInstances({ filter, page: { limit: 100 } } as never)),
  };
}

/** The statuses GET /api/orders/{id} reports. */
export const orderStatuses = [
  'received',
  'checking',
  'in_duplicate_review',
  'in_credit_review',
  'awaiting_data',
  'contracted',
  'rejected',
  'prepayment_offered',
  'cancelled',
  'stalled',
] as const;
export type ReportedStatus = (typeof orderStatuses)[number];

/** The status a user task of order-to-contract stands for. */
const statusOfTask: Record<string, ReportedStatus> = { review_duplicate: 'in_duplicate_review', credit_review: 'in_credit_review' };

/**
 * The status to report: an open incident makes the order `stalled` (whatever it had reached; the
 * decision and contract fields still show that); an open review task names its review; otherwise
 * the stored status.
 */
export function reportedStatus(stored: string, progress: OrderProgress): ReportedStatus {
  if (progress.incident) return 'stalled';
  const byTask = progress.openTask && statusOfTask[progress.openTask.elementId];
  if (byTask) return byTask;
  return (orderStatuses as readonly string[]).includes(stored) ? (stored as ReportedStatus) : 'checking';
}

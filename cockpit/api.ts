/** The Camunda 8.8 `/v2` calls of the Cockpit, typed with the fields the app reads. */
import { api } from '../web/api';

export interface Page<T> {
  items: T[];
  page: { totalItems: number };
}

export interface ProcessDefinition {
  processDefinitionKey: string;
  processDefinitionId: string;
  name: string;
  version: number;
  versionTag?: string;
  resourceName: string;
}

export interface ProcessInstance {
  processInstanceKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  processDefinitionName: string;
  processDefinitionVersion: number;
  startDate: string;
  endDate?: string;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  hasIncident: boolean;
  parentProcessInstanceKey?: string;
  parentElementInstanceKey?: string;
}

export interface Incident {
  incidentKey: string;
  errorType: string;
  errorMessage: string;
  elementId: string;
  elementInstanceKey: string;
  creationTime: string;
  state: string;
  jobKey?: string;
  processInstanceKey: string;
}

export interface ElementStatistics {
  elementId: string;
  active: number;
  canceled: number;
  incidents: number;
  completed: number;
}
export interface Variable {
  name: string;
  value: string;
  scopeKey: string;
  processInstanceKey: string;
  isTruncated?: boolean;
  variableKey: string;
}
export interface ElementInstance {
  elementInstanceKey: string;
  elementId: string;
  elementName: string;
  type: string;
  state: string;
  startDate: string;
  endDate?: string;
  hasIncident: boolean;
}

const search = <T>(path: string, body: object): Promise<Page<T>> => api.post(path, body) as Promise<Page<T>>;

export const searchDefinitions = () =>
  search<ProcessDefinition>('/v2/process-definitions/search', {
    sort: [{ field: 'processDefinitionId' }, { field: 'version', order: 'DESC' }],
    page: { limit: 500 },
  });

/** Counts only: the total of a one-row search (limit 1, since Camunda's minimum page size is 1). */
export async function countInstances(filter: object): Promise<number> {
  return (await search<ProcessInstance>('/v2/process-instances/search', { filter, page: { limit: 1 } })).page.totalItems;
}

export const searchInstances = (filter: object, limit = 100) =>
  search<ProcessInstance>('/v2/process-instances/search', { filter, sort: [{ field: 'startDate', order: 'DESC' }], page: { limit } });

export const getInstance = (key: string): Promise<ProcessInstance> => api.get(`/v2/process-instances/${key}`);

export async function elementStatistics(key: string): Promise<ElementStatistics[]> {
  return ((await api.get(`/v2/process-instances/${key}/statistics/element-instances`)) as { items: ElementStatistics[] }).items;
}

export const instanceVariables = (key: string) =>
  search<Variable>('/v2/variables/search', { filter: { processInstanceKey: key }, sort: [{ field: 'name' }], page: { limit: 1000 } });

export const instanceIncidents = (key: string) =>
  search<Incident>('/v2/incidents/search', {
    filter: { processInstanceKey: key, state: 'ACTIVE' },
    sort: [{ field: 'creationTime' }],
    page: { limit: 100 },
  });

/** The instances these instances called, and those they called, … (Camunda keeps the tree in parent keys). */
export async function descendants(keys: string[], maxDepth = 5): Promise<ProcessInstance[]> {
  const found: ProcessInstance[] = [];
  let level = keys;
  for (let depth = 0; depth < maxDepth && level.length > 0; depth++) {
    const children = (
      await search<ProcessInstance>('/v2/process-instances/search', {
        filter: { parentProcessInstanceKey: { $in: level } },
        sort: [{ field: 'startDate' }],
        page: { limit: 1000 },
      })
    ).items;
    found.push(...children);
    level = children.map((c) => c.processInstanceKey);
  }
  return found;
}

/** Active incidents of these instances. */
export async function activeIncidents(keys: string[]): Promise<Incident[]> {
  if (keys.length === 0) return [];
  return (
    await search<Incident>('/v2/incidents/search', {
      filter: { processInstanceKey: { $in: keys }, state: 'ACTIVE' },
      sort: [{ field: 'creationTime' }],
      page: { limit: 1000 },
    })
  ).items;
}

export const elementInstances = (key: string) =>
  search<ElementInstance>('/v2/element-instances/search', {
    filter: { processInstanceKey: key },
    sort: [{ field: 'startDate' }],
    page: { limit: 1000 },
  });

export const getElementInstance = (key: string): Promise<ElementInstance> => api.get(`/v2/element-instances/${key}`);

/** BPMN XML is not JSON, so it is fetched directly (a GET needs no CSRF token). */
export async function definitionXml(key: string): Promise<string> {
  const res = await fetch(`/v2/process-definitions/${key}/xml`, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`BPMN ${res.status}`);
  return res.text();
}

/** Retry as Operate does: give a job incident's job retries again, then resolve the incident. */
export async function retryIncident(incident: Incident, retries = 1): Promise<void> {
  if (incident.jobKey) await api.patch(`/v2/jobs/${incident.jobKey}`, { changeset: { retries } });
  await api.post(`/v2/incidents/${incident.incidentKey}/resolution`, {});
}

/** Retries several incidents, a few at a time; the keys of those retried and the errors of the others. */
export async function retryIncidents(incidents: Incident[]): Promise<{ retried: string[]; errors: unknown[] }> {
  const errors: unknown[] = [];
  const retried: string[] = [];
  const queue = [...incidents];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      try {
        await retryIncident(next);
        retried.push(next.incidentKey);
      } catch (err) {
        errors.push(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, incidents.length) }, worker));
  return { retried, errors };
}

export const cancelInstance = (key: string): Promise<void> => api.post(`/v2/process-instances/${key}/cancellation`, {});

export const publishMessage = (body: {
  name: string;
  correlationKey: string;
  variables?: Record<string, unknown>;
  timeToLive?: number;
}): Promise<unknown> => api.post('/v2/messages/publication', body);

/** Orders by customer, e-mail or order number (product route; customer data are not process variables). */
export interface OrderHit {
  orderId: string;
  orderNumber: string;
  customer: { name: string };
  status: string;
  processInstanceKey: string | null;
}
export async function findOrders(q: string): Promise<OrderHit[] | undefined> {
  try {
    return ((await api.get(`/api/cockpit/orders?q=${encodeURIComponent(q)}`)) as { items: OrderHit[] }).items;
  } catch {
    return undefined; // against a bare Camunda there is no order table
  }
}

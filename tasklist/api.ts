/** The Camunda 8.8 `/v2` calls of the Tasklist, typed with the fields the app reads. */
import { api } from '../web/api';

export interface UserTask {
  userTaskKey: string;
  name: string;
  state: string;
  assignee?: string;
  elementId: string;
  candidateGroups: string[];
  candidateUsers: string[];
  processDefinitionId: string;
  processName?: string;
  processDefinitionKey: string;
  processInstanceKey: string;
  creationDate: string;
  dueDate?: string;
  followUpDate?: string;
  priority: number;
  formKey?: string;
}

export interface Page<T> {
  items: T[];
  page: { totalItems: number };
}
export interface Variable {
  name: string;
  value: string;
  isTruncated?: boolean;
  scopeKey: string;
}
export interface ProcessDefinition {
  processDefinitionId: string;
  name: string;
  version: number;
  processDefinitionKey: string;
}
export interface LinkedForm {
  formKey: string;
  formId: string;
  schema: string | object;
  version: number;
}

export function searchTasks(filter: Record<string, unknown>): Promise<Page<UserTask>> {
  return api.post('/v2/user-tasks/search', { filter, sort: [{ field: 'creationDate', order: 'DESC' }], page: { limit: 200 } });
}

export const getTask = (key: string): Promise<UserTask> => api.get(`/v2/user-tasks/${key}`);

/** The linked form, or undefined when the task has none (204). */
export async function getForm(key: string): Promise<LinkedForm | undefined> {
  const form = (await api.get(`/v2/user-tasks/${key}/form`)) as LinkedForm | undefined | '';
  return form ? form : undefined;
}

/** Every variable the task sees, parsed from Camunda's JSON text. */
export async function taskVariables(key: string): Promise<Record<string, unknown>> {
  const res = (await api.post(`/v2/user-tasks/${key}/variables/search?truncateValues=false`, { page: { limit: 1000 } })) as Page<Variable>;
  const vars: Record<string, unknown> = {};
  for (const v of res.items) {
    try {
      vars[v.name] = JSON.parse(v.value);
    } catch {
      vars[v.name] = v.value;
    }
  }
  return vars;
}

export const assign = (key: string, assignee: string): Promise<void> =>
  api.post(`/v2/user-tasks/${key}/assignment`, { assignee, allowOverride: true });
export const unassign = (key: string): Promise<void> => api.del(`/v2/user-tasks/${key}/assignee`);
export const complete = (key: string, variables: Record<string, unknown>): Promise<void> =>
  api.post(`/v2/user-tasks/${key}/completion`, { variables });

export async function latestProcesses(): Promise<ProcessDefinition[]> {
  const res = (await api.post('/v2/process-definitions/search', {
    filter: { isLatestVersion: true },
    page: { limit: 200 },
  })) as Page<ProcessDefinition>;
  return res.items;
}

/** The product's order summary behind a task (customer data are not process variables). */
export interface OrderSummary {
  orderId: string;
  orderNumber: string;
  status: string;
  customer: { name: string; birthDate?: string; email?: string; phone?: string };
  supplyAddress: string;
  tariff: { code?: string; commodity?: string };
  annualConsumptionKwh?: number;
  paymentMethod?: string;
  desiredStartDate?: string;
  score: number | null;
  trafficLight: string | null;
  reasons: string[];
  createdAt: string;
}

export async function orderSummary(orderId: string): Promise<OrderSummary | undefined> {
  try {
    return (await api.get(`/api/tasklist/orders/${encodeURIComponent(orderId)}`)) as OrderSummary;
  } catch {
    // Against a bare Camunda, or for a task without an order: the context falls back to the variables.
    return undefined;
  }
}

/** What a task card shows of its order (product route, one call for the whole list). */
export interface OrderCard {
  orderId: string;
  orderNumber: string;
  customerName: string;
}

/** Order numbers as the product prints them: "A-" and the id's first eight hex digits. */
export const orderNumberOf = (orderId: string) => `A-${orderId.slice(0, 8).toUpperCase()}`;

/** The `orderId` variable of each process instance, in one variables search. */
export async function orderIdsOf(processInstanceKeys: string[]): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  if (processInstanceKeys.length === 0) return map;
  const res = (await api.post('/v2/variables/search', {
    filter: { name: 'orderId', processInstanceKey: { $in: processInstanceKeys } },
    page: { limit: 1000 },
  })) as Page<Variable & { processInstanceKey: string }>;
  for (const v of res.items) {
    try {
      const id: unknown = JSON.parse(v.value);
      // The instance's own scope wins over a local copy further down.
      if (typeof id === 'string' && (!map.has(v.processInstanceKey) || v.scopeKey === v.processInstanceKey))
        map.set(v.processInstanceKey, id);
    } catch {
      /* not an order */
    }
  }
  return map;
}

export async function orderCards(orderIds: string[]): Promise<OrderCard[]> {
  if (orderIds.length === 0) return [];
  try {
    return ((await api.get(`/api/tasklist/orders?ids=${orderIds.map(encodeURIComponent).join(',')}`)) as { items: OrderCard[] }).items;
  } catch {
    return []; // against a bare Camunda there is no order table: cards show the order number only
  }
}

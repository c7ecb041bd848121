/** The account screen's calls to /api (roles per route: server/auth/rules.ts). */
import { api } from '../web/api';
import type { CustomerAccountView } from '../domain/care/account-view';
import type { CustomerHit } from '../domain/care/search';
import type { CareCase } from '../domain/care/cases';

export type { CustomerAccountView, CustomerHit };

/** JSON dates arrive as strings. */
export type CareCaseView = Omit<CareCase, 'createdAt' | 'completedAt'> & { createdAt: string; completedAt: string | null };

export interface JsonSchema {
  type?: string | string[];
  title?: string | { de?: string; en?: string };
  description?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  contentMediaType?: string;
}

export interface CareKind {
  kind: string;
  processId: string;
  title: { de: string; en: string };
  contract: 'required' | 'optional' | 'none';
  portal: boolean;
  body: JsonSchema;
}

export interface StartedCase {
  caseId: string;
  caseNumber: string;
  processInstanceKey: string | null;
  status: string;
}

const seg = (s: string) => encodeURIComponent(s);

export const customers = {
  search: async (q: string) => (await api.get<{ items: CustomerHit[] }>(`/api/care/customers?q=${encodeURIComponent(q)}`)).items,
  view: (customerNumber: string) => api.get<CustomerAccountView>(`/api/care/customers/${seg(customerNumber)}`),
};

export const careCases = {
  kinds: () => api.get<CareKind[]>('/api/care-kinds'),
  of: async (customerNumber: string) =>
    (await api.get<{ items: CareCaseView[] }>(`/api/customers/${seg(customerNumber)}/care-cases`)).items,
  start: (customerNumber: string, body: Record<string, unknown>) =>
    api.post<StartedCase>(`/api/customers/${seg(customerNumber)}/care-cases`, body),
};

/** A photo or PDF for a kind's attachment field: raw bytes with their media type. */
export async function uploadAttachment(file: File, csrf: string | null): Promise<string> {
  const res = await fetch('/api/attachments', {
    method: 'POST',
    headers: { 'content-type': file.type || 'application/octet-stream', ...(csrf ? { 'x-csrf-token': csrf } : {}) },
    body: file,
    credentials: 'same-origin',
  });
  const data = (await res.json().catch(() => ({}))) as { id?: string; detail?: string };
  if (!res.ok || !data.id) throw new Error(data.detail ?? `HTTP ${res.status}`);
  return data.id;
}

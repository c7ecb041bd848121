/**
 * What the modeler opens and deploys, read through the engine's /v2 REST subset (the same calls
 * work against Camunda 8.8) and the modeler's own /api/modeler routes (comments, form list).
 */
import { api } from '../web/api';

export type Kind = 'bpmn' | 'dmn' | 'form';

/** RFC 9457 problem, as /v2 and /api/modeler send it; `details[].field` is the element id. */
export interface Problem {
  title?: string;
  detail?: string;
  status?: number;
  details?: { field: string; message: string }[];
}

/** The problem of an ApiError (or of the text fetch below), if the error carries one. */
export function problemOf(err: unknown): Problem {
  const e = err as { problem?: Problem; message?: string };
  return e?.problem ?? { detail: e?.message ?? String(err) };
}

/** One deployed version of a resource. */
export interface Version {
  key: string;
  version: number;
  resourceName: string;
  /** The form JSON; forms come with their content. */
  content?: string;
}

/** A resource id (process id, DRG id, form id) with all its versions, newest first. */
export interface Resource {
  kind: Kind;
  id: string;
  name: string;
  versions: Version[];
}

export interface DeployedResource {
  kind: 'process' | 'decision' | 'decisionRequirements' | 'form';
  id: string;
  version: number;
  key: string;
  resourceName?: string;
}

export interface DeploymentLogEntry {
  deploymentKey: string;
  comment: string;
  user: string;
  createdAt: string;
  resources: DeployedResource[];
}

interface Page<T> {
  items: T[];
}
interface ProcessDefinition {
  processDefinitionKey: string;
  processDefinitionId: string;
  name?: string;
  version: number;
  resourceName: string;
}
interface DecisionRequirements {
  decisionRequirementsKey: string;
  decisionRequirementsId: string;
  decisionRequirementsName?: string;
  name?: string;
  version: number;
  resourceName: string;
}
interface FormItem {
  formKey: string;
  formId: string;
  version: number;
  resourceName: string;
  schema: string;
}

function group<T>(kind: Kind, items: T[], id: (t: T) => string, name: (t: T) => string, version: (t: T) => Version): Resource[] {
  const byId = new Map<string, Resource>();
  for (const item of items) {
    const r = byId.get(id(item)) ?? { kind, id: id(item), name: name(item) || id(item), versions: [] };
    r.versions.push(version(item));
    byId.set(r.id, r);
  }
  for (const r of byId.values()) r.versions.sort((a, b) => b.version - a.version);
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

const allPages = { page: { limit: 1000 }, sort: [{ field: 'version', order: 'DESC' }] };

export async function listProcesses(): Promise<Resource[]> {
  const res = (await api.post('/v2/process-definitions/search', allPages)) as Page<ProcessDefinition>;
  return group(
    'bpmn',
    res.items,
    (p) => p.processDefinitionId,
    (p) => p.name ?? '',
    (p) => ({ key: p.processDefinitionKey, version: p.version, resourceName: p.resourceName }),
  );
}

export async function listDecisions(): Promise<Resource[]> {
  const res = (await api.post('/v2/decision-requirements/search', allPages)) as Page<DecisionRequirements>;
  return group(
    'dmn',
    res.items,
    (d) => d.decisionRequirementsId,
    (d) => d.decisionRequirementsName ?? d.name ?? '',
    (d) => ({ key: d.decisionRequirementsKey, version: d.version, resourceName: d.resourceName }),
  );
}

export async function listForms(): Promise<Resource[]> {
  const res = (await api.get('/api/modeler/forms')) as Page<FormItem>;
  return group(
    'form',
    res.items,
    (f) => f.formId,
    (f) => f.formId,
    (f) => ({ key: f.formKey, version: f.version, resourceName: f.resourceName, content: f.schema }),
  );
}

/** XML endpoints answer text/xml, which the JSON client does not read. */
async function text(path: string): Promise<string> {
  const res = await fetch(path, { credentials: 'same-origin', headers: { accept: 'text/xml' } });
  if (!res.ok) {
    const problem = (await res.json().catch(() => ({ title: res.statusText }))) as Problem;
    throw Object.assign(new Error(problem.detail ?? problem.title ?? res.statusText), { status: res.status, problem });
  }
  return res.text();
}

export async function loadContent(kind: Kind, v: Version): Promise<string> {
  if (kind === 'bpmn') return text(`/v2/process-definitions/${v.key}/xml`);
  if (kind === 'dmn') return text(`/v2/decision-requirements/${v.key}/xml`);
  return v.content ?? '{}';
}

export type DeployOutcome = DeploymentLogEntry;

export async function deploy(comment: string, resources: { name: string; content: string }[]): Promise<DeployOutcome> {
  return (await api.post('/api/modeler/deployments', { comment, resources })) as DeployOutcome;
}

export async function deploymentLog(): Promise<DeploymentLogEntry[]> {
  return ((await api.get('/api/modeler/deployments')) as Page<DeploymentLogEntry>).items;
}

/** Work in progress saved on the server, per user and resource (server/modeler/drafts.ts). */
export interface Draft {
  kind: Kind;
  resourceId: string;
  name: string;
  resourceName: string;
  baseVersion?: number;
  baseKey?: string;
  updatedAt: string;
  content?: string;
}

const draftPath = (kind: Kind, id: string) => `/api/modeler/drafts/${kind}/${encodeURIComponent(id)}`;

export async function listDrafts(): Promise<Draft[]> {
  return ((await api.get('/api/modeler/drafts')) as Page<Draft>).items;
}

export async function loadDraft(kind: Kind, id: string): Promise<Draft> {
  return (await api.get(draftPath(kind, id))) as Draft;
}

export async function saveDraft(d: Omit<Draft, 'updatedAt'> & { content: string }): Promise<Draft> {
  const { kind, resourceId, ...body } = d;
  return (await api.put(draftPath(kind, resourceId), body)) as Draft;
}

export async function deleteDraft(kind: Kind, id: string): Promise<void> {
  await api.del(draftPath(kind, id));
}

/** Running instances per process definition key, to show that they stay on their version. */
export async function runningInstances(processDefinitionKey: string): Promise<number> {
  const res = (await api.post('/v2/process-instances/search', {
    filter: { processDefinitionKey, state: 'ACTIVE' },
    page: { limit: 1 },
  })) as { page?: { totalItems?: number } };
  return res.page?.totalItems ?? 0;
}

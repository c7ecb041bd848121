/**
 * Deployments. Parsing and checking is asynchronous and happens before anything changes; the
 * apply step is synchronous and all-or-nothing, so a rejected deployment stores nothing.
 * Versions are counted per id; an unchanged resource (same name, same checksum) makes no new
 * version, and the existing one is reported, as in Zeebe.
 */
import { createHash } from 'node:crypto';
import type { DeploymentResult, ResourceInput } from '../api';
import { importOrder, parseDmn, type DmnModel, type ParsedDmn } from '../dmn';
import type { DmnResource } from '../dmn/types';
import { DeploymentRejectedError, type ErrorDetail } from '../errors';
import { parseBpmn } from '../model/parse-bpmn';
import { parseBpmnOffThread } from '../model/parse-off-thread';
import { parseForm } from '../model/parse-form';
import type { ProcessModel } from '../model/types';
import { DEFAULT_TENANT, type ProcessDefinitionRecord, type RecordTypes } from '../state/records';
import type { Runtime } from './runtime';
import { openSignalStartSubscriptions, removeSignalStartSubscriptions } from './signals';
import { removeStartTimers, scheduleStartTimers } from './timers';

export type PreparedResource =
  | { kind: 'bpmn'; name: string; checksum: string; xml: string; processes: ProcessModel[] }
  | { kind: 'dmn'; name: string; checksum: string; xml: string; resource: DmnResource; model: unknown }
  | { kind: 'form'; name: string; checksum: string; json: string; formId: string };

export async function prepareDeployment(resources: ResourceInput[]): Promise<PreparedResource[]> {
  if (resources.length === 0) {
    throw new DeploymentRejectedError(`Expected to deploy at least one resource, but none given`, [
      { field: 'resources', message: 'must not be empty' },
    ]);
  }
  const prepared: PreparedResource[] = [];
  const problems: ErrorDetail[] = [];
  const dmn = await parseDmnResources(resources);
  for (const r of resources) {
    const text = r.content.toString('utf8');
    const checksum = createHash('sha256').update(r.content).digest('hex');
    try {
      if (/\.(bpmn|xml)$/i.test(r.name)) {
        const { processes } = await parseBpmnOffThread(text, r.name);
        prepared.push({ kind: 'bpmn', name: r.name, checksum, xml: text, processes });
      } else if (/\.dmn$/i.test(r.name)) {
        const parsed = dmn.get(r);
        if (parsed instanceof Error) throw parsed;
        const { resource, model } = parsed!;
        prepared.push({ kind: 'dmn', name: r.name, checksum, xml: text, resource, model });
      } else if (/\.form$/i.test(r.name)) {
        const { formId } = parseForm(text, r.name);
        prepared.push({ kind: 'form', name: r.name, checksum, json: text, formId });
      } else {
        problems.push({ field: r.name, message: `Expected resource '${r.name}' to be a BPMN (.bpmn), DMN (.dmn) or form (.form) file` });
      }
    } catch (err) {
      if (!(err instanceof DeploymentRejectedError)) throw err;
      if (err.details.length === 0) problems.push({ field: r.name, message: err.message });
      for (const d of err.details) problems.push({ field: d.field, message: `'${r.name}': ${d.message}` });
    }
  }
  checkUniqueIds(prepared, problems);
  if (problems.length > 0) {
    const lines = problems.map((p) => `- Element: ${p.field}\n    - ERROR: ${p.message}`).join('\n');
    throw new DeploymentRejectedError(
      `Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy new resources, but encountered the following errors:\n${lines}`,
      problems,
    );
  }
  return prepared;
}

/**
 * The deployment's DMN files, each parsed after the files it imports (DMN 1.3 §6.3.3), so that an
 * import resolves to a model of the same deployment; a rejection is kept for its resource.
 */
async function parseDmnResources(resources: ResourceInput[]): Promise<Map<ResourceInput, ParsedDmn | Error>> {
  const files = resources.filter((r) => /\.dmn$/i.test(r.name)).map((r) => ({ r, xml: r.content.toString('utf8') }));
  const parsed = new Map<ResourceInput, ParsedDmn | Error>();
  const models: DmnModel[] = [];
  for (const { r, xml } of importOrder(files)) {
    try {
      const result = await parseDmn(xml, { imports: models });
      models.push(result.model);
      parsed.set(r, result);
    } catch (err) {
      parsed.set(r, err as Error);
    }
  }
  return parsed;
}

function checkUniqueIds(prepared: PreparedResource[], problems: ErrorDetail[]): void {
  const seen = new Map<string, string>();
  const check = (id: string, kind: string, name: string) => {
    const k = `${kind}:${id}`;
    const other = seen.get(k);
    if (other) problems.push({ field: id, message: `Duplicated ${kind} id in resources '${other}' and '${name}'` });
    seen.set(k, name);
  };
  for (const p of prepared) {
    if (p.kind === 'bpmn') p.processes.forEach((m) => check(m.bpmnProcessId, 'process', p.name));
    if (p.kind === 'dmn') {
      check(p.resource.decisionRequirementsId, 'decision requirements', p.name);
      p.resource.decisions.forEach((d) => check(d.id, 'decision', p.name));
    }
    if (p.kind === 'form') check(p.formId, 'form', p.name);
  }
}

export function applyDeployment(rt: Runtime, prepared: PreparedResource[], tenantIdIn?: string): DeploymentResult {
  const tenantId = tenantIdIn || DEFAULT_TENANT;
  const key = rt.store.nextKey();
  const result: DeploymentResult = { key, tenantId, processes: [], decisions: [], decisionRequirements: [], forms: [] };
  for (const p of prepared) {
    if (p.kind === 'bpmn') for (const model of p.processes) deployProcess(rt, p, model, key, tenantId, result);
    if (p.kind === 'dmn') deployDmn(rt, p, key, tenantId, result);
    if (p.kind === 'form') deployForm(rt, p, key, tenantId, result);
  }
  rt.store.put('deployment', {
    key,
    tenantId,
    createdAt: rt.nowIso(),
    resources: [
      ...result.processes.map((x) => ({
        kind: 'process' as const,
        key: x.processDefinitionKey,
        id: x.bpmnProcessId,
        version: x.version,
        resourceName: x.resourceName,
      })),
      ...result.decisionRequirements.map((x) => ({
        kind: 'decision-requirements' as const,
        key: x.decisionRequirementsKey,
        id: x.dmnDecisionRequirementsId,
        version: x.version,
        resourceName: x.resourceName,
      })),
      ...result.forms.map((x) => ({
        kind: 'form' as const,
        key: x.formKey,
        id: x.formId,
        version: x.version,
        resourceName: x.resourceName,
      })),
    ],
  });
  return result;
}

function deployProcess(
  rt: Runtime,
  p: Extract<PreparedResource, { kind: 'bpmn' }>,
  model: ProcessModel,
  deploymentKey: string,
  tenantId: string,
  result: DeploymentResult,
): void {
  const latest = rt.latestDefinition(model.bpmnProcessId, tenantId);
  if (latest && latest.checksum === p.checksum && latest.resourceName === p.name) {
    result.processes.push({
      bpmnProcessId: latest.bpmnProcessId,
      version: latest.version,
      processDefinitionKey: latest.key,
      resourceName: latest.resourceName,
      tenantId,
    });
    return;
  }
  const def: ProcessDefinitionRecord = {
    key: rt.store.nextKey(),
    bpmnProcessId: model.bpmnProcessId,
    name: model.name,
    version: maxVersion(rt, 'process-definition', model.bpmnProcessId, tenantId) + 1,
    versionTag: model.versionTag,
    resourceName: p.name,
    checksum: p.checksum,
    deploymentKey,
    tenantId,
    xml: p.xml,
  };
  rt.models.set(def.key, model);
  rt.store.put('process-definition', def);
  if (latest) {
    removeStartTimers(rt, latest.key);
    removeSignalStartSubscriptions(rt, latest.key);
  }
  scheduleStartTimers(rt, def);
  openSignalStartSubscriptions(rt, def);
  result.processes.push({
    bpmnProcessId: def.bpmnProcessId,
    version: def.version,
    processDefinitionKey: def.key,
    resourceName: p.name,
    tenantId,
  });
}

function deployDmn(
  rt: Runtime,
  p: Extract<PreparedResource, { kind: 'dmn' }>,
  deploymentKey: string,
  tenantId: string,
  result: DeploymentResult,
): void {
  const drgId = p.resource.decisionRequirementsId;
  let latest;
  for (const k of rt.idx.drgById.get(`${tenantId}|${drgId}`)) {
    const d = rt.store.get('decision-requirements', k)!;
    if (!latest || d.version > latest.version) latest = d;
  }
  let drgKey: string;
  let version: number;
  if (latest && latest.checksum === p.checksum && latest.resourceName === p.name) {
    drgKey = latest.key;
    version = latest.version;
  } else {
    drgKey = rt.store.nextKey();
    version = maxVersion(rt, 'decision-requirements', drgId, tenantId) + 1;
    rt.dmnModels.set(drgKey, p.model);
    rt.store.put('decision-requirements', {
      key: drgKey,
      decisionRequirementsId: drgId,
      name: p.resource.decisionRequirementsName,
      version,
      resourceName: p.name,
      checksum: p.checksum,
      deploymentKey,
      tenantId,
      xml: p.xml,
    });
  }
  result.decisionRequirements.push({
    dmnDecisionRequirementsId: drgId,
    dmnDecisionRequirementsName: p.resource.decisionRequirementsName,
    version,
    decisionRequirementsKey: drgKey,
    resourceName: p.name,
    tenantId,
  });
  for (const d of p.resource.decisions) {
    let decision = [...rt.idx.decisionsById.get(`${tenantId}|${d.id}`)]
      .map((k) => rt.store.get('decision', k)!)
      .find((x) => x.decisionRequirementsKey === drgKey);
    if (!decision) {
      decision = rt.store.put('decision', {
        key: rt.store.nextKey(),
        decisionId: d.id,
        name: d.name,
        version: maxVersion(rt, 'decision', d.id, tenantId) + 1,
        decisionRequirementsKey: drgKey,
        decisionRequirementsId: drgId,
        tenantId,
      });
    }
    result.decisions.push({
      dmnDecisionId: d.id,
      dmnDecisionName: d.name,
      version: decision.version,
      decisionKey: decision.key,
      dmnDecisionRequirementsId: drgId,
      decisionRequirementsKey: drgKey,
      tenantId,
    });
  }
}

function deployForm(
  rt: Runtime,
  p: Extract<PreparedResource, { kind: 'form' }>,
  deploymentKey: string,
  tenantId: string,
  result: DeploymentResult,
): void {
  let latest;
  for (const k of rt.idx.formsById.get(`${tenantId}|${p.formId}`)) {
    const f = rt.store.get('form', k)!;
    if (!latest || f.version > latest.version) latest = f;
  }
  if (latest && latest.checksum === p.checksum && latest.resourceName === p.name) {
    result.forms.push({ formId: p.formId, version: latest.version, formKey: latest.key, resourceName: p.name, tenantId });
    return;
  }
  const form = rt.store.put('form', {
    key: rt.store.nextKey(),
    formId: p.formId,
    version: maxVersion(rt, 'form', p.formId, tenantId) + 1,
    resourceName: p.name,
    checksum: p.checksum,
    deploymentKey,
    tenantId,
    schema: p.json,
  });
  result.forms.push({ formId: p.formId, version: form.version, formKey: form.key, resourceName: p.name, tenantId });
}

/** Versions keep counting after a deletion, like Zeebe's. */
function maxVersion(rt: Runtime, kind: VersionedKind, id: string, tenantId: string): number {
  let max = 0;
  for (const r of rt.store.values(kind)) {
    if (idOf[kind](r as never) === id && r.tenantId === tenantId && r.version > max) max = r.version;
  }
  return max;
}

type VersionedKind = 'process-definition' | 'decision-requirements' | 'decision' | 'form';

/** The id that versions count by, per record kind. */
const idOf: { [K in VersionedKind]: (r: RecordTypes[K]) => string } = {
  'process-definition': (r) => r.bpmnProcessId,
  'decision-requirements': (r) => r.decisionRequirementsId,
  decision: (r) => r.decisionId,
  form: (r) => r.formId,
};

/** Parses what is already deployed, at start. */
export async function loadModels(rt: Runtime): Promise<void> {
  for (const def of rt.store.values('process-definition')) {
    const { processes } = await parseBpmn(def.xml, def.resourceName);
    const model = processes.find((m) => m.bpmnProcessId === def.bpmnProcessId);
    if (model) rt.models.set(def.key, model);
  }
  // deployment order, so that an import resolves to the model deployed with (or before) it
  const loaded: DmnModel[] = [];
  for (const drg of [...rt.store.values('decision-requirements')].sort((a, b) => a.key.length - b.key.length || (a.key < b.key ? -1 : 1))) {
    const { model } = await parseDmn(drg.xml, { imports: [...loaded].reverse() });
    loaded.push(model);
    rt.dmnModels.set(drg.key, model);
  }
}

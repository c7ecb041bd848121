/**
 * Proto <-> engine API conversions of the gRPC gateway. Field names follow the proto as loaded
 * with keepCase (like @camunda8/sdk and zeebe-node); int64 fields are decimal strings (longs:
 * String), so keys pass through unchanged. Request validation that Zeebe does at the gateway
 * happens here and throws `GatewayValidationError`.
 */
import type {
  ActivateJobsRequest,
  ActivatedJob,
  CreateProcessInstanceRequest,
  CreateWithResultRequest,
  DecisionEvaluationResult,
  DeploymentResult,
  EvaluateDecisionRequest,
  FailJobRequest,
  MigrateProcessInstanceRequest,
  ModifyProcessInstanceRequest,
  ProcessInstanceCreated,
  ProcessInstanceResult,
  PublishMessageRequest,
  ResourceInput,
  ThrowErrorRequest,
  Topology,
  Variables,
} from '../api';
import { InvalidArgumentError } from '../errors';
import { DEFAULT_TENANT } from '../state/records';

/** An invalid request caught at the edge: reported as is, without a "Command … rejected" prefix. */
export class GatewayValidationError extends InvalidArgumentError {}

/** A request the broker would reject: reported as "Command '<intent>' rejected with code 'INVALID_ARGUMENT': …". */
export class GatewayRejectionError extends InvalidArgumentError {}

// ---- proto message shapes (the subset the gateway reads or writes) ----

export interface PbResource {
  name: string;
  content: Buffer;
}
export interface PbDeployResourceRequest {
  resources: PbResource[];
  tenantId: string;
}
export interface PbDeployProcessRequest {
  processes: { name: string; definition: Buffer }[];
}
export interface PbProcessMetadata {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  resourceName: string;
  tenantId: string;
}
export type PbDeployment =
  | { process: PbProcessMetadata }
  | {
      decision: {
        dmnDecisionId: string;
        dmnDecisionName: string;
        version: number;
        decisionKey: string;
        dmnDecisionRequirementsId: string;
        decisionRequirementsKey: string;
        tenantId: string;
      };
    }
  | {
      decisionRequirements: {
        dmnDecisionRequirementsId: string;
        dmnDecisionRequirementsName: string;
        version: number;
        decisionRequirementsKey: string;
        resourceName: string;
        tenantId: string;
      };
    }
  | { form: { formId: string; version: number; formKey: string; resourceName: string; tenantId: string } };
export interface PbDeployResourceResponse {
  key: string;
  deployments: PbDeployment[];
  tenantId: string;
}

export interface PbCreateProcessInstanceRequest {
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  variables: string;
  startInstructions: { elementId: string }[];
  tenantId: string;
}
export interface PbModifyProcessInstanceRequest {
  processInstanceKey: string;
  activateInstructions: {
    elementId: string;
    ancestorElementInstanceKey: string;
    variableInstructions: { variables: string; scopeId: string }[];
  }[];
  terminateInstructions: { elementInstanceKey: string }[];
}
export interface PbMigrateProcessInstanceRequest {
  processInstanceKey: string;
  migrationPlan: {
    targetProcessDefinitionKey: string;
    mappingInstructions: { sourceElementId: string; targetElementId: string }[];
  } | null;
}
export interface PbCreateProcessInstanceWithResultRequest {
  request: PbCreateProcessInstanceRequest | null;
  requestTimeout: string;
  fetchVariables: string[];
}
export interface PbCreateProcessInstanceResponse {
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  processInstanceKey: string;
  tenantId: string;
}
export interface PbCreateProcessInstanceWithResultResponse extends PbCreateProcessInstanceResponse {
  variables: string;
}

export interface PbActivateJobsRequest {
  type: string;
  worker: string;
  timeout: string;
  maxJobsToActivate: number;
  fetchVariable: string[];
  requestTimeout: string;
  tenantIds: string[];
}
export type PbStreamActivatedJobsRequest = Omit<PbActivateJobsRequest, 'maxJobsToActivate' | 'requestTimeout'>;
export interface PbActivatedJob {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  processDefinitionKey: string;
  elementId: string;
  elementInstanceKey: string;
  customHeaders: string;
  worker: string;
  retries: number;
  deadline: string;
  variables: string;
  tenantId: string;
}

export interface PbFailJobRequest {
  jobKey: string;
  retries: number;
  errorMessage: string;
  retryBackOff: string;
  variables: string;
}
export interface PbThrowErrorRequest {
  jobKey: string;
  errorCode: string;
  errorMessage: string;
  variables: string;
}
export interface PbPublishMessageRequest {
  name: string;
  correlationKey: string;
  timeToLive: string;
  messageId: string;
  variables: string;
  tenantId: string;
}
export interface PbEvaluateDecisionRequest {
  decisionKey: string;
  decisionId: string;
  variables: string;
  tenantId: string;
}

export interface PbEvaluatedDecision {
  decisionKey: string;
  decisionId: string;
  decisionName: string;
  decisionVersion: number;
  decisionType: string;
  decisionOutput: string;
  matchedRules: { ruleId: string; ruleIndex: number; evaluatedOutputs: { outputId: string; outputName: string; outputValue: string }[] }[];
  evaluatedInputs: { inputId: string; inputName: string; inputValue: string }[];
  tenantId: string;
}
export interface PbEvaluateDecisionResponse {
  decisionKey: string;
  decisionId: string;
  decisionName: string;
  decisionVersion: number;
  decisionRequirementsId: string;
  decisionRequirementsKey: string;
  decisionOutput: string;
  evaluatedDecisions: PbEvaluatedDecision[];
  failedDecisionId: string;
  failureMessage: string;
  tenantId: string;
  decisionInstanceKey: string;
}

export interface PbTopologyResponse {
  brokers: {
    nodeId: number;
    host: string;
    port: number;
    version: string;
    partitions: { partitionId: number; role: string; health: string }[];
  }[];
  clusterSize: number;
  partitionsCount: number;
  replicationFactor: number;
  gatewayVersion: string;
}

// ---- variables ----

/** The MessagePack type name Zeebe reports for a JSON value. */
export function documentType(value: unknown): string {
  if (value === null) return 'NIL';
  if (Array.isArray(value)) return 'ARRAY';
  if (typeof value === 'number') return Number.isInteger(value) ? 'INTEGER' : 'FLOAT';
  if (typeof value === 'string') return 'STRING';
  if (typeof value === 'boolean') return 'BOOLEAN';
  return 'MAP';
}

/** Parses a JSON variables document; empty (proto default) and `null` mean no variables, as in Zeebe. */
export function parseVariables(json: string | undefined | null, property = 'variables'): Variables {
  if (json == null || json.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    const message = `Property '${property}' is invalid: Expected document to be valid JSON, but it could not be parsed: ${(e as Error).message}`;
    throw new GatewayValidationError(message, [{ field: property, message }]);
  }
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    const message = `Property '${property}' is invalid: Expected document to be a root level object, but was '${documentType(value)}'`;
    throw new GatewayValidationError(message, [{ field: property, message }]);
  }
  return value as Variables;
}

// ---- scalar helpers ----

/** int64 as decimal string -> number (durations, timestamps). */
export function int64ToNumber(value: string | number | undefined | null): number {
  if (value === undefined || value === null || value === '') return 0;
  return Number(value);
}

/** An optional int64 key: 0 (proto default) means "not given". */
export function optionalKey(value: string | number | undefined | null): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = String(value);
  return s === '' || s === '0' ? undefined : s;
}

function invalid(message: string, field: string): GatewayValidationError {
  return new GatewayValidationError(message, [{ field, message }]);
}

function requireNonBlank(value: string | undefined, field: string, what: string): string {
  if (!value || value.trim() === '') throw invalid(`Expected ${what}, but '${field}' was blank`, field);
  return value;
}

/**
 * Multi-tenancy is off, as in a default Zeebe: '' and '<default>' are accepted, anything else
 * is rejected with Zeebe's wording. Returns the tenant to hand to the engine.
 */
export function tenantOf(tenantId: string | undefined, rpc: string): string | undefined {
  if (!tenantId || tenantId === DEFAULT_TENANT) return tenantId ? DEFAULT_TENANT : undefined;
  throw invalid(`Expected to handle gRPC request ${rpc} with tenant identifier '${tenantId}', but multi-tenancy is disabled`, 'tenantId');
}

export function tenantsOf(tenantIds: string[] | undefined, rpc: string): string[] | undefined {
  const given = (tenantIds ?? []).filter((t) => t !== '');
  for (const t of given) tenantOf(t, rpc);
  return given.length > 0 ? [DEFAULT_TENANT] : undefined;
}

function tenantOut(tenantId: string | undefined): string {
  return tenantId || DEFAULT_TENANT;
}

// ---- deployment ----

export function toResources(resources: PbResource[] | undefined): ResourceInput[] {
  if (!resources || resources.length === 0) {
    throw new GatewayRejectionError('Expected to deploy at least one resource, but none given', [
      { field: 'resources', message: 'no resources given' },
    ]);
  }
  return resources.map((r) => ({ name: r.name, content: Buffer.from(r.content ?? []) }));
}

export function toDeployResourceResponse(d: DeploymentResult): PbDeployResourceResponse {
  const deployments: PbDeployment[] = [
    ...d.processes.map((p) => ({ process: toProcessMetadata(p) })),
    // Zeebe's order: processes, decisions, decision requirements, forms (clients read deployments[0].decision).
    ...d.decisions.map((x) => ({ decision: { ...x, tenantId: tenantOut(x.tenantId) } })),
    ...d.decisionRequirements.map((r) => ({ decisionRequirements: { ...r, tenantId: tenantOut(r.tenantId) } })),
    ...d.forms.map((f) => ({ form: { ...f, tenantId: tenantOut(f.tenantId) } })),
  ];
  return { key: d.key, deployments, tenantId: tenantOut(d.tenantId) };
}

export function toProcessMetadata(p: DeploymentResult['processes'][number]): PbProcessMetadata {
  return {
    bpmnProcessId: p.bpmnProcessId,
    version: p.version,
    processDefinitionKey: p.processDefinitionKey,
    resourceName: p.resourceName,
    tenantId: tenantOut(p.tenantId),
  };
}

// ---- process instances ----

export function toCreateRequest(r: PbCreateProcessInstanceRequest, rpc = 'CreateProcessInstance'): CreateProcessInstanceRequest {
  const processDefinitionKey = optionalKey(r.processDefinitionKey);
  if (!r.bpmnProcessId && !processDefinitionKey) {
    throw new GatewayRejectionError('Expected at least a bpmnProcessId or a key greater than -1, but none given', [
      { field: 'bpmnProcessId', message: 'neither bpmnProcessId nor processDefinitionKey given' },
    ]);
  }
  const out: CreateProcessInstanceRequest = { variables: parseVariables(r.variables) };
  if (processDefinitionKey) out.processDefinitionKey = processDefinitionKey;
  else out.bpmnProcessId = r.bpmnProcessId;
  // -1 (what the clients send for "latest") and other negatives mean latest.
  if (!processDefinitionKey && r.version >= 0) out.version = r.version;
  const start = (r.startInstructions ?? []).map((s) => ({
    elementId: requireNonBlank(s.elementId, 'elementId', 'a start instruction with an element id'),
  }));
  if (start.length > 0) out.startInstructions = start;
  const tenantId = tenantOf(r.tenantId, rpc);
  if (tenantId) out.tenantId = tenantId;
  return out;
}

/** -1 (the clients' "none") and the proto default 0 leave the choice of flow scope instances to the engine. */
export function toModifyRequest(r: PbModifyProcessInstanceRequest): ModifyProcessInstanceRequest {
  return {
    processInstanceKey: r.processInstanceKey,
    activateInstructions: (r.activateInstructions ?? []).map((a) => {
      const ancestor = optionalKey(a.ancestorElementInstanceKey);
      return {
        elementId: a.elementId,
        ...(ancestor && !ancestor.startsWith('-') ? { ancestorElementInstanceKey: ancestor } : {}),
        variableInstructions: (a.variableInstructions ?? []).map((v) => ({
          variables: parseVariables(v.variables),
          ...(v.scopeId ? { scopeId: v.scopeId } : {}),
        })),
      };
    }),
    terminateInstructions: (r.terminateInstructions ?? []).map((t) => ({ elementInstanceKey: String(t.elementInstanceKey) })),
  };
}

export function toMigrateRequest(r: PbMigrateProcessInstanceRequest): MigrateProcessInstanceRequest {
  if (!r.migrationPlan) throw invalid('Expected a migration plan, but none given', 'migrationPlan');
  return {
    processInstanceKey: String(r.processInstanceKey),
    targetProcessDefinitionKey: String(r.migrationPlan.targetProcessDefinitionKey),
    mappingInstructions: (r.migrationPlan.mappingInstructions ?? []).map((m) => ({
      sourceElementId: m.sourceElementId,
      targetElementId: m.targetElementId,
    })),
  };
}

export function toCreateWithResultRequest(r: PbCreateProcessInstanceWithResultRequest): CreateWithResultRequest {
  if (!r.request) throw invalid('Expected a create process instance request, but none given', 'request');
  const out: CreateWithResultRequest = toCreateRequest(r.request, 'CreateProcessInstanceWithResult');
  const timeout = int64ToNumber(r.requestTimeout);
  if (timeout > 0) out.requestTimeoutMs = timeout;
  if (r.fetchVariables && r.fetchVariables.length > 0) out.fetchVariables = r.fetchVariables;
  return out;
}

export function toCreateResponse(c: ProcessInstanceCreated): PbCreateProcessInstanceResponse {
  return {
    processDefinitionKey: c.processDefinitionKey,
    bpmnProcessId: c.bpmnProcessId,
    version: c.version,
    processInstanceKey: c.processInstanceKey,
    tenantId: tenantOut(c.tenantId),
  };
}

export function toCreateWithResultResponse(c: ProcessInstanceResult): PbCreateProcessInstanceWithResultResponse {
  return { ...toCreateResponse(c), variables: JSON.stringify(c.variables ?? {}) };
}

// ---- jobs ----

function jobTimeout(value: string, field: string): number {
  const ms = int64ToNumber(value);
  if (!(ms >= 1)) throw invalid(`Expected '${field}' to be at least 1 ms, but was '${value}'`, field);
  return ms;
}

export function toActivateJobsRequest(r: PbActivateJobsRequest): ActivateJobsRequest {
  const type = requireNonBlank(r.type, 'type', 'to activate jobs of a non-empty type');
  if (!(r.maxJobsToActivate >= 1)) {
    throw invalid(`Expected to activate at least 1 job, but 'maxJobsToActivate' was '${r.maxJobsToActivate}'`, 'maxJobsToActivate');
  }
  const out: ActivateJobsRequest = {
    type,
    worker: r.worker ?? '',
    timeoutMs: jobTimeout(r.timeout, 'timeout'),
    maxJobsToActivate: r.maxJobsToActivate,
    requestTimeoutMs: int64ToNumber(r.requestTimeout),
  };
  if (r.fetchVariable && r.fetchVariable.length > 0) out.fetchVariable = r.fetchVariable;
  const tenantIds = tenantsOf(r.tenantIds, 'ActivateJobs');
  if (tenantIds) out.tenantIds = tenantIds;
  return out;
}

export function toJobStreamRequest(r: PbStreamActivatedJobsRequest): Omit<ActivateJobsRequest, 'maxJobsToActivate' | 'requestTimeoutMs'> {
  const type = requireNonBlank(r.type, 'type', 'to stream jobs of a non-empty type');
  const out: Omit<ActivateJobsRequest, 'maxJobsToActivate' | 'requestTimeoutMs'> = {
    type,
    worker: r.worker ?? '',
    timeoutMs: jobTimeout(r.timeout, 'timeout'),
  };
  if (r.fetchVariable && r.fetchVariable.length > 0) out.fetchVariable = r.fetchVariable;
  const tenantIds = tenantsOf(r.tenantIds, 'StreamActivatedJobs');
  if (tenantIds) out.tenantIds = tenantIds;
  return out;
}

/** Variables and custom headers travel as JSON documents; the deadline as epoch ms. */
export function toPbJob(j: ActivatedJob): PbActivatedJob {
  return {
    key: j.key,
    type: j.type,
    processInstanceKey: j.processInstanceKey,
    bpmnProcessId: j.bpmnProcessId,
    processDefinitionVersion: j.processDefinitionVersion,
    processDefinitionKey: j.processDefinitionKey,
    elementId: j.elementId,
    elementInstanceKey: j.elementInstanceKey,
    customHeaders: JSON.stringify(j.customHeaders ?? {}),
    worker: j.worker,
    retries: j.retries,
    deadline: String(Math.trunc(j.deadline)),
    variables: JSON.stringify(j.variables ?? {}),
    tenantId: tenantOut(j.tenantId),
  };
}

/** Rough encoded size of a job, to keep each response below the clients' 4 MB receive limit. */
export function approxJobSize(j: PbActivatedJob): number {
  let n = 64;
  for (const v of Object.values(j)) n += typeof v === 'string' ? Buffer.byteLength(v) + 4 : 8;
  return n;
}

/** Splits jobs into response batches of at most `maxBytes` each (a single larger job goes alone). */
export function batchJobs(jobs: PbActivatedJob[], maxBytes = 3 * 1024 * 1024): PbActivatedJob[][] {
  const batches: PbActivatedJob[][] = [];
  let current: PbActivatedJob[] = [];
  let size = 0;
  for (const job of jobs) {
    const s = approxJobSize(job);
    if (current.length > 0 && size + s > maxBytes) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(job);
    size += s;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

export function toFailJobRequest(r: PbFailJobRequest): FailJobRequest {
  const backOff = int64ToNumber(r.retryBackOff);
  if (backOff < 0) throw invalid(`Expected 'retryBackOff' to be at least 0 ms, but was '${r.retryBackOff}'`, 'retryBackOff');
  const out: FailJobRequest = { retries: r.retries, variables: parseVariables(r.variables) };
  if (r.errorMessage) out.errorMessage = r.errorMessage;
  if (backOff > 0) out.retryBackOffMs = backOff;
  return out;
}

export function toThrowErrorRequest(r: PbThrowErrorRequest): ThrowErrorRequest {
  const errorCode = requireNonBlank(r.errorCode, 'errorCode', 'to throw an error with a non-empty error code');
  const out: ThrowErrorRequest = { errorCode, variables: parseVariables(r.variables) };
  if (r.errorMessage) out.errorMessage = r.errorMessage;
  return out;
}

export function requirePositiveRetries(retries: number): number {
  if (!(retries >= 1)) throw invalid(`Expected to update job retries to a value greater than zero, but was '${retries}'`, 'retries');
  return retries;
}

export function requireTimeout(value: string): number {
  const ms = int64ToNumber(value);
  if (!(ms >= 0)) throw invalid(`Expected 'timeout' to be at least 0 ms, but was '${value}'`, 'timeout');
  return ms;
}

// ---- messages, signals ----

export function toPublishMessageRequest(r: PbPublishMessageRequest): PublishMessageRequest {
  const name = requireNonBlank(r.name, 'name', 'to publish a message with a non-empty name');
  const ttl = int64ToNumber(r.timeToLive);
  if (ttl < 0) throw invalid(`Expected 'timeToLive' to be at least 0 ms, but was '${r.timeToLive}'`, 'timeToLive');
  const out: PublishMessageRequest = {
    name,
    correlationKey: r.correlationKey ?? '',
    timeToLiveMs: ttl,
    variables: parseVariables(r.variables),
  };
  if (r.messageId) out.messageId = r.messageId;
  const tenantId = tenantOf(r.tenantId, 'PublishMessage');
  if (tenantId) out.tenantId = tenantId;
  return out;
}

export function requireSignalName(name: string): string {
  return requireNonBlank(name, 'signalName', 'to broadcast a signal with a non-empty name');
}

// ---- decisions ----

export function toEvaluateDecisionRequest(r: PbEvaluateDecisionRequest): EvaluateDecisionRequest {
  const decisionKey = optionalKey(r.decisionKey);
  const decisionId = r.decisionId || undefined;
  if (!decisionKey === !decisionId) {
    throw invalid(
      decisionKey
        ? `Expected either a decision id or a valid decision key, but both were given (decisionId '${decisionId}', decisionKey '${decisionKey}')`
        : 'Expected either a decision id or a valid decision key, but none provided',
      'decisionId',
    );
  }
  const out: EvaluateDecisionRequest = { variables: parseVariables(r.variables) };
  if (decisionKey) out.decisionKey = decisionKey;
  if (decisionId) out.decisionId = decisionId;
  const tenantId = tenantOf(r.tenantId, 'EvaluateDecision');
  if (tenantId) out.tenantId = tenantId;
  return out;
}

/** Extra fields an engine may put on evaluated decisions (the API type does not require them). */
type EvaluatedDecisionExtras = { decisionKey?: string; decisionVersion?: number; tenantId?: string };

export function toEvaluateDecisionResponse(r: DecisionEvaluationResult): PbEvaluateDecisionResponse {
  const tenantId = tenantOut(r.tenantId);
  return {
    decisionKey: r.decisionKey,
    decisionId: r.decisionId,
    decisionName: r.decisionName,
    decisionVersion: r.decisionVersion,
    decisionRequirementsId: r.decisionRequirementsId,
    decisionRequirementsKey: r.decisionRequirementsKey,
    decisionOutput: r.decisionOutput,
    evaluatedDecisions: r.evaluatedDecisions.map((d) => {
      const extra = d as typeof d & EvaluatedDecisionExtras;
      // The evaluated decision itself is known; required decisions only if the engine says so.
      const own = d.decisionId === r.decisionId;
      return {
        decisionKey: extra.decisionKey ?? (own ? r.decisionKey : '0'),
        decisionId: d.decisionId,
        decisionName: d.decisionName,
        decisionVersion: extra.decisionVersion ?? (own ? r.decisionVersion : 0),
        decisionType: d.decisionType,
        decisionOutput: d.decisionOutput,
        matchedRules: d.matchedRules.map((m) => ({
          ruleId: m.ruleId,
          ruleIndex: m.ruleIndex,
          evaluatedOutputs: m.evaluatedOutputs.map((o) => ({ ...o })),
        })),
        evaluatedInputs: d.evaluatedInputs.map((i) => ({ ...i })),
        tenantId: extra.tenantId || tenantId,
      };
    }),
    failedDecisionId: r.failedDecisionId ?? '',
    failureMessage: r.failureMessage ?? '',
    tenantId,
    decisionInstanceKey: r.decisionInstanceKey,
  };
}

// ---- topology ----

export function toTopologyResponse(t: Topology): PbTopologyResponse {
  return {
    brokers: t.brokers.map((b) => ({ ...b, partitions: b.partitions.map((p) => ({ ...p })) })),
    clusterSize: t.clusterSize,
    partitionsCount: t.partitionsCount,
    replicationFactor: t.replicationFactor,
    gatewayVersion: t.gatewayVersion,
  };
}

/**
 * The engine's command API: what the gRPC gateway and the /v2 REST layer call. Transport-free:
 * keys are decimal strings, durations milliseconds, errors the typed ones of engine/errors.ts.
 * Every command resolves only after its effects are durably written.
 */
import type { DecisionEvaluation } from './dmn/types';
import type { BatchOperationType } from './state/records';

export type { BatchOperationType };

export type Variables = Record<string, unknown>;

export interface Topology {
  clusterSize: number;
  partitionsCount: number;
  replicationFactor: number;
  gatewayVersion: string;
  brokers: {
    nodeId: number;
    host: string;
    port: number;
    version: string;
    partitions: { partitionId: number; role: 'LEADER'; health: 'HEALTHY' }[];
  }[];
}

export interface ResourceInput {
  name: string;
  content: Buffer;
}

export interface DeployedProcess {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  resourceName: string;
  tenantId: string;
}
export interface DeployedDecision {
  dmnDecisionId: string;
  dmnDecisionName: string;
  version: number;
  decisionKey: string;
  dmnDecisionRequirementsId: string;
  decisionRequirementsKey: string;
  tenantId: string;
}
export interface DeployedDecisionRequirements {
  dmnDecisionRequirementsId: string;
  dmnDecisionRequirementsName: string;
  version: number;
  decisionRequirementsKey: string;
  resourceName: string;
  tenantId: string;
}
export interface DeployedForm {
  formId: string;
  version: number;
  formKey: string;
  resourceName: string;
  tenantId: string;
}

export interface DeploymentResult {
  key: string;
  tenantId: string;
  processes: DeployedProcess[];
  decisions: DeployedDecision[];
  decisionRequirements: DeployedDecisionRequirements[];
  forms: DeployedForm[];
}

export interface CreateProcessInstanceRequest {
  bpmnProcessId?: string;
  /** -1 or undefined: latest version. */
  version?: number;
  processDefinitionKey?: string;
  variables?: Variables;
  /** Start at these elements instead of the none start event. */
  startInstructions?: { elementId: string }[];
  tenantId?: string;
}

export interface ProcessInstanceCreated {
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  processInstanceKey: string;
  tenantId: string;
}

export interface CreateWithResultRequest extends CreateProcessInstanceRequest {
  /** 0 or undefined: the engine default (like Zeebe's gateway request timeout). */
  requestTimeoutMs?: number;
  /** Only these variables in the result; empty or undefined: all. */
  fetchVariables?: string[];
}

export interface ProcessInstanceResult extends ProcessInstanceCreated {
  variables: Variables;
}

export interface ActivateJobsRequest {
  type: string;
  worker: string;
  /** How long the job belongs to this worker. */
  timeoutMs: number;
  maxJobsToActivate: number;
  fetchVariable?: string[];
  /** 0: the default long-polling timeout; negative: no long polling. */
  requestTimeoutMs: number;
  tenantIds?: string[];
}

export interface ActivatedJob {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  processDefinitionKey: string;
  elementId: string;
  elementInstanceKey: string;
  customHeaders: Record<string, string>;
  worker: string;
  retries: number;
  /** Epoch ms. */
  deadline: number;
  variables: Variables;
  tenantId: string;
  /** Zeebe's JobKind when not BPMN_ELEMENT (e.g. AD_HOC_SUB_PROCESS). */
  kind?: string;
  /** Listener jobs: START/END (execution listeners), CREATING/ASSIGNING/... (task listeners). */
  listenerEventType?: string;
}

export interface JobStream {
  close(): void;
}

export interface FailJobRequest {
  retries: number;
  errorMessage?: string;
  retryBackOffMs?: number;
  variables?: Variables;
}

export interface ThrowErrorRequest {
  errorCode: string;
  errorMessage?: string;
  variables?: Variables;
}

export interface PublishMessageRequest {
  name: string;
  correlationKey: string;
  timeToLiveMs?: number;
  messageId?: string;
  variables?: Variables;
  tenantId?: string;
}

export interface SetVariablesRequest {
  elementInstanceKey: string;
  variables: Variables;
  local: boolean;
}

/** An element to activate: missing flow scopes are created; `ancestorElementInstanceKey` picks the scope instance. */
export interface ModificationActivateInstruction {
  elementId: string;
  /** Undefined: the one active instance of each flow scope, or a new one. */
  ancestorElementInstanceKey?: string;
  /** Local variables of the element instance whose element id is `scopeId`; without it, of the process instance. */
  variableInstructions?: { variables: Variables; scopeId?: string }[];
}

export interface ModifyProcessInstanceRequest {
  processInstanceKey: string;
  activateInstructions?: ModificationActivateInstruction[];
  terminateInstructions?: { elementInstanceKey: string }[];
}

/** Zeebe's MigrateProcessInstance: every active element is mapped to an element of the target process definition. */
export interface MigrateProcessInstanceRequest {
  processInstanceKey: string;
  targetProcessDefinitionKey: string;
  mappingInstructions: { sourceElementId: string; targetElementId: string }[];
}

/** REST `JobResultUserTask`: a user task listener's verdict (deny, or correct the task's attributes). */
export interface UserTaskJobResult {
  type: 'userTask';
  denied?: boolean;
  deniedReason?: string;
  /** Absent or null attributes keep their value; an empty string or list clears it. */
  corrections?: {
    assignee?: string | null;
    dueDate?: string | null;
    followUpDate?: string | null;
    candidateUsers?: string[] | null;
    candidateGroups?: string[] | null;
    priority?: number | null;
  };
}

/** REST `JobResultAdHocSubProcess`: what the worker of an ad-hoc sub-process decided. */
export interface AdHocSubProcessJobResult {
  type: 'adHocSubProcess';
  activateElements?: { elementId: string; variables?: Variables }[];
  isCompletionConditionFulfilled?: boolean;
  isCancelRemainingInstances?: boolean;
}

/** Camunda 8.8's batch operations over the process instances a search filter finds. */
export interface CreateBatchOperationRequest {
  batchOperationType: BatchOperationType;
  /** The REST process instance search filter. */
  filter: Record<string, unknown>;
  migrationPlan?: Omit<MigrateProcessInstanceRequest, 'processInstanceKey'>;
  moveInstructions?: { sourceElementId: string; targetElementId: string }[];
}

export interface BatchOperationCreated {
  batchOperationKey: string;
  batchOperationType: BatchOperationType;
}

export interface EvaluateDecisionRequest {
  decisionId?: string;
  decisionKey?: string;
  variables?: Variables;
  tenantId?: string;
}

export interface DecisionEvaluationResult extends DecisionEvaluation {
  decisionKey: string;
  decisionId: string;
  decisionName: string;
  decisionVersion: number;
  decisionRequirementsId: string;
  decisionRequirementsKey: string;
  tenantId: string;
  decisionInstanceKey: string;
}

export interface EngineCommands {
  topology(): Topology;
  deployResources(resources: ResourceInput[], tenantId?: string): Promise<DeploymentResult>;
  deleteResource(resourceKey: string): Promise<void>;

  createProcessInstance(req: CreateProcessInstanceRequest): Promise<ProcessInstanceCreated>;
  createProcessInstanceWithResult(req: CreateWithResultRequest): Promise<ProcessInstanceResult>;
  cancelProcessInstance(processInstanceKey: string): Promise<void>;
  /** Activates and terminates element instances in one atomic command, as Zeebe's modification does. */
  modifyProcessInstance(req: ModifyProcessInstanceRequest): Promise<void>;
  /** Moves a process instance to another process definition, as Zeebe's migration does. */
  migrateProcessInstance(req: MigrateProcessInstanceRequest): Promise<void>;
  /** Creates a batch operation; its items run in the background. */
  createBatchOperation(req: CreateBatchOperationRequest): Promise<BatchOperationCreated>;
  changeBatchOperation(batchOperationKey: string, action: 'cancel' | 'suspend' | 'resume'): Promise<void>;

  /** Long polls per the request; `signal` aborts the wait (client went away). */
  activateJobs(req: ActivateJobsRequest, signal?: AbortSignal): Promise<ActivatedJob[]>;
  /** Pushes jobs of the type as they become activatable; `push` returns false when the stream cannot take one. */
  openJobStream(req: Omit<ActivateJobsRequest, 'maxJobsToActivate' | 'requestTimeoutMs'>, push: (job: ActivatedJob) => boolean): JobStream;
  completeJob(jobKey: string, variables?: Variables, result?: AdHocSubProcessJobResult | UserTaskJobResult): Promise<void>;
  /** Activates inner elements of an active ad-hoc sub-process instance. */
  activateAdHocSubProcessActivities(
    adHocSubProcessInstanceKey: string,
    elements: { elementId: string; variables?: Variables }[],
  ): Promise<void>;
  failJob(jobKey: string, req: FailJobRequest): Promise<void>;
  throwError(jobKey: string, req: ThrowErrorRequest): Promise<void>;
  updateJobRetries(jobKey: string, retries: number): Promise<void>;
  updateJobTimeout(jobKey: string, timeoutMs: number): Promise<void>;

  resolveIncident(incidentKey: string): Promise<void>;

  publishMessage(req: PublishMessageRequest): Promise<{ key: string; tenantId: string }>;
  /** Correlates now or fails NOT_FOUND; never buffered (time to live and message id are ignored). */
  correlateMessage(req: PublishMessageRequest): Promise<{ key: string; tenantId: string; processInstanceKey: string }>;
  setVariables(req: SetVariablesRequest): Promise<{ key: string }>;
  broadcastSignal(signalName: string, variables?: Variables, tenantId?: string): Promise<{ key: string; tenantId: string }>;
  evaluateDecision(req: EvaluateDecisionRequest): Promise<DecisionEvaluationResult>;

  /** `action`: what task listeners see as io.camunda.zeebe:action (default assign, update, complete). */
  assignUserTask(userTaskKey: string, assignee: string, allowOverride?: boolean, action?: string): Promise<void>;
  unassignUserTask(userTaskKey: string): Promise<void>;
  updateUserTask(userTaskKey: string, changeset: UserTaskChangeset, action?: string): Promise<void>;
  completeUserTask(userTaskKey: string, variables?: Variables, action?: string): Promise<void>;

  /** Pins the engine clock (only when clock control is enabled). */
  pinClock(epochMs: number): Promise<void>;
  resetClock(): Promise<void>;
}

/** What PATCH /v2/user-tasks/{key} may change; an empty string clears a date, as in Camunda 8.8. */
export interface UserTaskChangeset {
  dueDate?: string | null;
  followUpDate?: string | null;
  candidateUsers?: string[] | null;
  candidateGroups?: string[] | null;
  priority?: number | null;
}

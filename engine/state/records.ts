/**
 * The engine's state, as records. Each record kind is one row kind in `engine_record`
 * (kind, key, process_instance_key, data). Runtime records live in memory as well; finished
 * process instances, element instances, variables and resolved incidents stay in the
 * database only, as history for search.
 *
 * Keys are decimal strings of Zeebe-style 64-bit keys (partition 1), as the REST API shows them.
 * Dates are ISO 8601 strings.
 */
import type { BpmnElementType } from '../model/types';

export type RecordKind =
  | 'deployment'
  | 'process-definition'
  | 'decision-requirements'
  | 'decision'
  | 'form'
  | 'process-instance'
  | 'element-instance'
  | 'variable'
  | 'job'
  | 'timer'
  | 'message'
  | 'message-subscription'
  | 'signal-subscription'
  | 'compensation-subscription'
  | 'incident'
  | 'user-task'
  | 'batch-operation'
  | 'batch-operation-item';

export const DEFAULT_TENANT = '<default>';

export interface DeploymentRecord {
  key: string;
  tenantId: string;
  createdAt: string;
  resources: {
    kind: 'process' | 'decision' | 'decision-requirements' | 'form';
    key: string;
    id: string;
    version: number;
    resourceName: string;
  }[];
}

export interface ProcessDefinitionRecord {
  key: string;
  bpmnProcessId: string;
  name?: string;
  version: number;
  versionTag?: string;
  resourceName: string;
  /** sha-256 of the whole resource; a redeployed unchanged resource makes no new version. */
  checksum: string;
  deploymentKey: string;
  tenantId: string;
  /** The whole BPMN file this process came from. */
  xml: string;
  deleted?: boolean;
}

export interface DecisionRequirementsRecord {
  key: string;
  decisionRequirementsId: string;
  name: string;
  version: number;
  resourceName: string;
  checksum: string;
  deploymentKey: string;
  tenantId: string;
  xml: string;
  deleted?: boolean;
}

export interface DecisionRecord {
  key: string;
  decisionId: string;
  name: string;
  version: number;
  decisionRequirementsKey: string;
  decisionRequirementsId: string;
  tenantId: string;
  deleted?: boolean;
}

export interface FormRecord {
  key: string;
  formId: string;
  version: number;
  resourceName: string;
  checksum: string;
  deploymentKey: string;
  tenantId: string;
  /** The form JSON as deployed. */
  schema: string;
  deleted?: boolean;
}

export type ProcessInstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

export interface ProcessInstanceRecord {
  key: string;
  bpmnProcessId: string;
  processDefinitionKey: string;
  version: number;
  tenantId: string;
  state: ProcessInstanceState;
  startDate: string;
  endDate?: string;
  parentProcessInstanceKey?: string;
  parentElementInstanceKey?: string;
  hasIncident: boolean;
  /** Correlation key of the message that started it (one active instance per key and process). */
  startMessageCorrelationKey?: string;
}

export type ElementInstanceState = 'ACTIVATING' | 'ACTIVE' | 'COMPLETING' | 'COMPLETED' | 'TERMINATING' | 'TERMINATED';

export interface ElementInstanceRecord {
  key: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  tenantId: string;
  elementId: string;
  type: BpmnElementType;
  /** Key of the enclosing element instance; for the process element itself, undefined. */
  flowScopeKey?: string;
  state: ElementInstanceState;
  startDate: string;
  endDate?: string;
  incidentKey?: string;
  /** Runtime bookkeeping, kept on the record so that it survives a restart. */
  runtime: ElementRuntime;
}

/**
 * The runtime of an element instance that has none yet (most of them), shared: runtimes are
 * replaced, never changed in place, and a waiting instance should not cost an empty object each.
 */
export const NO_RUNTIME: ElementRuntime = Object.freeze({});

export interface ElementRuntime {
  /** Scopes: active child element instances. */
  activeChildren?: number;
  /** Scopes: sequence flows taken towards a joining gateway, per gateway id and flow id. */
  joinTokens?: Record<string, Record<string, number>>;
  /** Multi-instance body: the input collection and progress. */
  loop?: { collection: unknown[]; nextIndex: number; completed: number };
  /** Inner instance of a multi-instance body. */
  loopCounter?: number;
  /** Element to activate once an interrupting event's termination of siblings is done. */
  pendingActivation?: { elementId: string; variables?: Record<string, unknown> };
  /**
   * Scopes: children terminated for an event or a completion, still held by canceling task
   * listeners; once they are gone the element activates, or the scope completes.
   */
  awaitingTermination?: { awaiting: string[]; elementId?: string; runtime?: ElementRuntime; complete?: boolean };
  /** Process started by start instructions: the elements to activate instead of the none start event. */
  startInstructions?: string[];
  /** Call activity: the child process instance. */
  calledProcessInstanceKey?: string;
  /** Job-based or user task element: its job or user task key. */
  jobKey?: string;
  userTaskKey?: string;
  /** Event-based gateway: id of the event that fired. */
  triggeredEventId?: string;
  /** Activated by an event that already happened (boundary, event sub-process, event-based gateway target). */
  triggered?: boolean;
  /** Variables of the event that triggered this element, delivered when it activates. */
  triggerVariables?: Record<string, unknown>;
  /** Execution listeners: the listener (by index among those of its event type) whose job runs now. */
  listener?: { eventType: 'start' | 'end'; index: number };
  /** Exclusive/inclusive gateways: the flows chosen at activation. */
  chosenFlows?: string[];
  /** Ad-hoc sub-process: its completion condition was met (or its worker said so). */
  adHocCompletionFulfilled?: boolean;
}

export interface VariableRecord {
  key: string;
  name: string;
  /** JSON text of the value, as Camunda's REST API returns it. */
  value: string;
  scopeKey: string;
  processInstanceKey: string;
  tenantId: string;
}

export type JobState = 'CREATED' | 'ACTIVATED' | 'FAILED' | 'ERROR_THROWN' | 'COMPLETED' | 'CANCELED';

/** Zeebe's JobKind; absent means BPMN_ELEMENT. */
export type JobKind = 'BPMN_ELEMENT' | 'EXECUTION_LISTENER' | 'TASK_LISTENER' | 'AD_HOC_SUB_PROCESS';
export type JobListenerEventType = 'UNSPECIFIED' | 'START' | 'END' | 'CREATING' | 'ASSIGNING' | 'UPDATING' | 'COMPLETING' | 'CANCELING';

export interface JobRecord {
  key: string;
  type: string;
  state: JobState;
  /** Absent: BPMN_ELEMENT. */
  kind?: JobKind;
  listenerEventType?: JobListenerEventType;
  /** Task listener jobs completed with a denying result. */
  denied?: boolean;
  deniedReason?: string;
  processInstanceKey: string;
  elementInstanceKey: string;
  elementId: string;
  bpmnProcessId: string;
  processDefinitionKey: string;
  processDefinitionVersion: number;
  tenantId: string;
  customHeaders: Record<string, string>;
  retries: number;
  /** Epoch ms until which the job belongs to its worker. */
  deadline?: number;
  worker?: string;
  /** Epoch ms before which a failed job is not activated again. */
  retryBackoffUntil?: number;
  errorMessage?: string;
  errorCode?: string;
  creationTime: string;
  /** When it was completed or cancelled. */
  endTime?: string;
}

export interface TimerRecord {
  key: string;
  /** Epoch ms. */
  dueDate: number;
  /** Remaining repetitions for cycles; -1 infinite. */
  repetitions: number;
  /** For cycles: the cycle text, to compute the next due date. */
  cycle?: string;
  /** Element that fires: a catch event, boundary event, event sub-process start or process start event. */
  targetElementId: string;
  /** Element instance that owns the subscription (the catch event, the boundary's host, the scope); absent for start timers. */
  elementInstanceKey?: string;
  processInstanceKey?: string;
  processDefinitionKey: string;
  tenantId: string;
}

export interface MessageRecord {
  key: string;
  name: string;
  correlationKey: string;
  messageId?: string;
  variables: Record<string, unknown>;
  /** Epoch ms after which the buffered message is gone. */
  expiresAt: number;
  tenantId: string;
  /** bpmnProcessIds it was correlated to: a message correlates once per process. */
  correlatedProcesses: string[];
}

export interface MessageSubscriptionRecord {
  key: string;
  messageName: string;
  correlationKey: string;
  targetElementId: string;
  elementInstanceKey: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  interrupting: boolean;
  tenantId: string;
}

export interface SignalSubscriptionRecord {
  key: string;
  signalName: string;
  targetElementId: string;
  /** Absent for signal start events of a process definition. */
  elementInstanceKey?: string;
  processInstanceKey?: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  tenantId: string;
}

/**
 * Zeebe's compensation subscription: an activity with a compensation boundary event (or a
 * sub-process / multi-instance body with such subscriptions inside) completed in a scope. A throw
 * event marks it triggered; the handler's completion completes it (see engine/runtime/compensation*.ts).
 */
export interface CompensationSubscriptionRecord {
  key: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  tenantId: string;
  compensableActivityId: string;
  compensableActivityInstanceKey: string;
  /** The flow scope instance the activity completed in. */
  compensableActivityScopeKey: string;
  /** Absent for a sub-process or multi-instance body that only carries the subscriptions inside it. */
  compensationHandlerId?: string;
  /** Set when a compensation throw event triggered it. */
  throwEventId?: string;
  throwEventInstanceKey?: string;
  compensationHandlerInstanceKey?: string;
}

export type IncidentErrorType =
  | 'JOB_NO_RETRIES'
  | 'EXTRACT_VALUE_ERROR'
  | 'IO_MAPPING_ERROR'
  | 'CONDITION_ERROR'
  | 'CALLED_ELEMENT_ERROR'
  | 'CALLED_DECISION_ERROR'
  | 'DECISION_EVALUATION_ERROR'
  | 'UNHANDLED_ERROR_EVENT'
  | 'FORM_NOT_FOUND'
  | 'EXECUTION_LISTENER_NO_RETRIES'
  | 'TASK_LISTENER_NO_RETRIES'
  | 'UNKNOWN';

export interface IncidentRecord {
  key: string;
  errorType: IncidentErrorType;
  errorMessage: string;
  state: 'ACTIVE' | 'RESOLVED';
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  elementId: string;
  elementInstanceKey: string;
  jobKey?: string;
  tenantId: string;
  creationTime: string;
  /** What resolving retries: the activation or completion of the element, or the job. */
  retry: 'activate' | 'complete' | 'job' | 'throw-error' | 'task-listener';
  /** For unhandled errors: the error to throw again. */
  error?: { errorCode: string; errorMessage: string; variables?: Record<string, unknown> };
}

/** Zeebe 8.8's user task lifecycle; the -ING states last while task listeners run. */
export type UserTaskState = 'CREATING' | 'CREATED' | 'ASSIGNING' | 'UPDATING' | 'COMPLETING' | 'CANCELING' | 'COMPLETED' | 'CANCELED';

/** The user task attributes a transition changes and task listeners may correct. */
export interface UserTaskAttributes {
  assignee?: string;
  candidateGroups?: string[];
  candidateUsers?: string[];
  dueDate?: string;
  followUpDate?: string;
  priority?: number;
}

/**
 * A transition waiting for its task listeners: what it changes, what listeners corrected so far,
 * and the listener whose job runs now. Nothing of it is applied to the task until all listeners accepted.
 */
export interface UserTaskTransition {
  eventType: 'creating' | 'assigning' | 'updating' | 'completing' | 'canceling';
  /** Index of the running listener among those of the event type. */
  index: number;
  action: string;
  /** New values the command brings (empty string: cleared). */
  changes: UserTaskAttributes;
  corrections: UserTaskAttributes;
  /** Completing: the variables of the completion, delivered when it takes effect; updating: set on the task's scope. */
  variables?: Record<string, unknown>;
  /** Updating triggered by a variable update on the task's element instance (changed attribute `variables`). */
  variableUpdate?: boolean;
  /** The state to return to when a listener denies the transition. */
  previousState: UserTaskState;
}

export interface UserTaskRecord {
  key: string;
  state: UserTaskState;
  elementId: string;
  name?: string;
  elementInstanceKey: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  tenantId: string;
  assignee?: string;
  candidateGroups: string[];
  candidateUsers: string[];
  dueDate?: string;
  followUpDate?: string;
  priority: number;
  formKey?: string;
  externalFormReference?: string;
  creationDate: string;
  completionDate?: string;
  customHeaders: Record<string, string>;
  /** A transition task listeners are working on. */
  transition?: UserTaskTransition;
  /** The assignee the process defined, assigned (through assigning listeners) once creating ones accepted. */
  initialAssignee?: string;
}

/** Camunda 8.8's batch operation types the engine runs. */
export type BatchOperationType = 'CANCEL_PROCESS_INSTANCE' | 'RESOLVE_INCIDENT' | 'MIGRATE_PROCESS_INSTANCE' | 'MODIFY_PROCESS_INSTANCE';
export type BatchOperationState = 'CREATED' | 'ACTIVE' | 'SUSPENDED' | 'COMPLETED' | 'PARTIALLY_COMPLETED' | 'CANCELED' | 'FAILED';

/** A batch operation (engine/batch): the process instance filter and what to do with each matching item. */
export interface BatchOperationRecord {
  key: string;
  batchOperationType: BatchOperationType;
  state: BatchOperationState;
  /** The REST process instance filter, as given (the batch overrides `state`, and for cancellation `parentProcessInstanceKey`). */
  filter: Record<string, unknown>;
  migrationPlan?: { targetProcessDefinitionKey: string; mappingInstructions: { sourceElementId: string; targetElementId: string }[] };
  moveInstructions?: { sourceElementId: string; targetElementId: string }[];
  startDate: string;
  endDate?: string;
  operationsTotalCount: number;
  operationsCompletedCount: number;
  operationsFailedCount: number;
  errors: { partitionId: number; type: 'QUERY_FAILED' | 'RESULT_BUFFER_SIZE_EXCEEDED'; message: string }[];
  /** Its filter has been resolved into items: resumption goes on executing them rather than resolving again. */
  itemsResolved?: boolean;
}

export type BatchOperationItemState = 'ACTIVE' | 'COMPLETED' | 'SKIPPED' | 'CANCELED' | 'FAILED';

/** One item of a batch operation: a process instance (or an incident, for incident resolution). */
export interface BatchOperationItemRecord {
  key: string;
  batchOperationKey: string;
  batchOperationType: BatchOperationType;
  itemKey: string;
  processInstanceKey: string;
  state: BatchOperationItemState;
  processedDate?: string;
  errorMessage?: string;
}

export interface RecordTypes {
  deployment: DeploymentRecord;
  'process-definition': ProcessDefinitionRecord;
  'decision-requirements': DecisionRequirementsRecord;
  decision: DecisionRecord;
  form: FormRecord;
  'process-instance': ProcessInstanceRecord;
  'element-instance': ElementInstanceRecord;
  variable: VariableRecord;
  job: JobRecord;
  timer: TimerRecord;
  message: MessageRecord;
  'message-subscription': MessageSubscriptionRecord;
  'signal-subscription': SignalSubscriptionRecord;
  'compensation-subscription': CompensationSubscriptionRecord;
  incident: IncidentRecord;
  'user-task': UserTaskRecord;
  'batch-operation': BatchOperationRecord;
  'batch-operation-item': BatchOperationItemRecord;
}

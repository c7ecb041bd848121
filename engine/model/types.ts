/**
 * The executable model the engine runs: a BPMN process reduced to what Zeebe executes.
 * The parser (engine/model/parse-bpmn.ts) builds it from Camunda 8 BPMN XML and rejects
 * anything the engine does not support, naming the element.
 *
 * An `Expression` keeps Zeebe's rule: a value starting with `=` is FEEL, anything else is a
 * static string.
 */

/** Zeebe's BpmnElementType names, as the gRPC and REST APIs report them. */
export type BpmnElementType =
  | 'PROCESS'
  | 'START_EVENT'
  | 'END_EVENT'
  | 'INTERMEDIATE_CATCH_EVENT'
  | 'INTERMEDIATE_THROW_EVENT'
  | 'BOUNDARY_EVENT'
  | 'SERVICE_TASK'
  | 'SEND_TASK'
  | 'SCRIPT_TASK'
  | 'BUSINESS_RULE_TASK'
  | 'USER_TASK'
  | 'RECEIVE_TASK'
  | 'MANUAL_TASK'
  | 'TASK'
  | 'EXCLUSIVE_GATEWAY'
  | 'PARALLEL_GATEWAY'
  | 'INCLUSIVE_GATEWAY'
  | 'EVENT_BASED_GATEWAY'
  | 'SUB_PROCESS'
  | 'EVENT_SUB_PROCESS'
  | 'AD_HOC_SUB_PROCESS'
  /** Runtime only: one per activation inside an ad-hoc sub-process, element id `<id>#innerInstance`. */
  | 'AD_HOC_SUB_PROCESS_INNER_INSTANCE'
  | 'CALL_ACTIVITY'
  | 'MULTI_INSTANCE_BODY'
  | 'SEQUENCE_FLOW';

export interface Expression {
  /** The text as written in the XML, e.g. `=order.id` or `payment-service`. */
  raw: string;
  /** The FEEL source without the leading `=`, or null for a static value. */
  feel: string | null;
}

export interface Mapping {
  /** FEEL source of the value (Zeebe mappings are always FEEL; a leading `=` is stripped). */
  source: string;
  /** Target variable, possibly a path such as `customer.address.city`. */
  target: string;
}

export type EventDefinition =
  | { kind: 'none' }
  | { kind: 'message'; messageName: Expression; correlationKey?: Expression }
  | { kind: 'timer'; timerType: 'date' | 'cycle' | 'duration'; expression: Expression }
  | { kind: 'signal'; signalName: Expression }
  /** errorCode undefined: a catch-all error event. */
  | { kind: 'error'; errorCode?: Expression }
  /** escalationCode undefined: a catch-all escalation event. */
  | { kind: 'escalation'; escalationCode?: Expression }
  | { kind: 'terminate' }
  | { kind: 'link'; linkName: string }
  /** Compensation throw (intermediate, end) and boundary events; activityRef: the one activity to compensate. */
  | { kind: 'compensate'; activityRef?: string };

export interface TaskDefinition {
  type: Expression;
  /** Defaults to `3`, as in Zeebe. */
  retries: Expression;
}

export interface UserTaskDefinition {
  /** `zeebe:formDefinition formId` – a linked Camunda form deployed beside the process. */
  formId?: string;
  /** `zeebe:formDefinition externalReference`. */
  externalFormReference?: string;
  /** Legacy embedded form (`zeebe:userTaskForm`), referenced as `camunda-forms:bpmn:<id>`. */
  formKey?: string;
  assignee?: Expression;
  candidateGroups?: Expression;
  candidateUsers?: Expression;
  dueDate?: Expression;
  followUpDate?: Expression;
  priority?: Expression;
  /** `zeebe:formDefinition bindingType` (`latest` when absent) and its `versionTag`. */
  formBindingType?: BindingType;
  formVersionTag?: string;
}

/** Which version of a linked resource (process, decision, form) is used; Zeebe's default is `latest`. */
export type BindingType = 'latest' | 'deployment' | 'versionTag';

export interface CalledElement {
  processId: Expression;
  propagateAllChildVariables: boolean;
  propagateAllParentVariables: boolean;
  bindingType?: BindingType;
  /** Required when bindingType is `versionTag`. */
  versionTag?: string;
}

export interface MultiInstance {
  sequential: boolean;
  /** FEEL source, required. */
  inputCollection: string;
  inputElement?: string;
  outputCollection?: string;
  /** FEEL source. */
  outputElement?: string;
  /** FEEL source. */
  completionCondition?: string;
}

/** `bpmn:adHocSubProcess` with its `zeebe:adHoc` extension (see ./ad-hoc.ts). */
export interface AdHocDefinition {
  /** FEEL source of `activeElementsCollection`: ids of the elements to activate on entering. */
  activeElementsCollection?: string;
  /** FEEL source of the BPMN `completionCondition`. */
  completionCondition?: string;
  /** BPMN default: true. */
  cancelRemainingInstances: boolean;
  /** Variable name of `outputCollection`, with `outputElement` (FEEL source). */
  outputCollection?: string;
  outputElement?: string;
  /** Inner elements without incoming sequence flows: the ones that can be activated. */
  activatable: string[];
  /** The `adHocSubProcessElements` variable: one entry per activatable element, empty fields left out. */
  elements: Record<string, unknown>[];
}

/** `zeebe:executionListener`: a job of kind EXECUTION_LISTENER before (start) or after (end) the element's own work. */
export interface ExecutionListener {
  eventType: 'start' | 'end';
  type: Expression;
  /** Defaults to `3`, as in Zeebe. */
  retries: Expression;
  headers?: Record<string, string>;
}

/** Zeebe 8.8's task listener event types (the deprecated 8.7 names are read as these). */
export type TaskListenerEventType = 'creating' | 'assigning' | 'updating' | 'completing' | 'canceling';

/** `zeebe:taskListener` on a Camunda user task: a job of kind TASK_LISTENER before a transition takes effect. */
export interface TaskListener {
  eventType: TaskListenerEventType;
  type: Expression;
  retries: Expression;
}

export interface FlowNode {
  id: string;
  name?: string;
  type: Exclude<BpmnElementType, 'SEQUENCE_FLOW' | 'MULTI_INSTANCE_BODY'>;
  /** Id of the enclosing flow scope: the process id or a (event) sub-process id. */
  scopeId: string;
  /** Sequence flow ids. */
  incoming: string[];
  outgoing: string[];

  inputs: Mapping[];
  outputs: Mapping[];

  /**
   * Events, and receive tasks (their message). Start events of the process itself and of
   * sub-processes carry `none` when plain.
   */
  eventDefinition?: EventDefinition;
  /** Boundary events. */
  attachedToRef?: string;
  /** Boundary events (`cancelActivity`) and event sub-process start events (`isInterrupting`). */
  interrupting?: boolean;
  /** Compensation boundary event: the handler activity its association points to. */
  compensationHandlerId?: string;
  /** An activity marked `isForCompensation`: run only as a compensation handler, never by flows. */
  isForCompensation?: boolean;

  /** Job-based tasks and events (service, send, job-based script/business rule/user, message throw/end). */
  taskDefinition?: TaskDefinition;
  taskHeaders?: Record<string, string>;

  /** Exclusive and inclusive gateways. */
  defaultFlow?: string;

  /** `zeebe:script` on a script task. */
  script?: { expression: string; resultVariable: string };
  /** `zeebe:calledDecision` on a business rule task. */
  calledDecision?: { decisionId: Expression; resultVariable: string; bindingType?: BindingType; versionTag?: string };
  /** `zeebe:userTask` present: a Camunda user task handled by the engine itself. */
  userTask?: UserTaskDefinition;
  /**
   * A job-based (legacy) user task without `zeebe:userTask`: its job has type `io.camunda.zeebe:userTask`
   * (see taskDefinition), and these properties become the job's `io.camunda.zeebe:*` headers.
   */
  jobWorkerUserTask?: UserTaskDefinition;
  calledElement?: CalledElement;
  multiInstance?: MultiInstance;
  /** Ad-hoc sub-process; with `taskDefinition` it is controlled by a job worker. */
  adHoc?: AdHocDefinition;

  /** `zeebe:executionListeners`, in model order. */
  executionListeners?: ExecutionListener[];
  /** `zeebe:taskListeners` of a Camunda user task, in model order. */
  taskListeners?: TaskListener[];

  /** Scopes (sub-process, event sub-process): their direct child flow node ids. */
  children?: string[];
  /** Boundary event ids attached to this activity. */
  boundaryEvents?: string[];
  /** Scopes: ids of their event sub-processes. */
  eventSubProcesses?: string[];
  /** Sub-process: its none start event; event sub-process: its (message/timer/error/signal/escalation) start event. */
  startEventId?: string;
  /** Link throw event: the link catch event of the same name in its scope, resolved at parse time. */
  linkTargetId?: string;
}

export interface SequenceFlow {
  id: string;
  name?: string;
  sourceRef: string;
  targetRef: string;
  /** FEEL source of `conditionExpression`, without the leading `=`. */
  condition?: string;
}

export interface ProcessModel {
  bpmnProcessId: string;
  name?: string;
  versionTag?: string;
  /** Flow nodes of the process and of all its sub-processes. */
  nodes: Map<string, FlowNode>;
  flows: Map<string, SequenceFlow>;
  /** Direct children of the process scope. */
  children: string[];
  /** Event sub-processes directly inside the process. */
  eventSubProcesses: string[];
  /** The none start event of the process, if any. */
  noneStartEventId?: string;
  /** Start events of the process level with a message, timer or signal definition. */
  eventStartEventIds: string[];
  /** `zeebe:executionListeners` of the process itself. */
  executionListeners?: ExecutionListener[];
  /** Legacy embedded forms (`zeebe:userTaskForm` id → form JSON), referenced as `camunda-forms:bpmn:<id>`. */
  userTaskForms?: Record<string, string>;
}

/** A parsed BPMN resource: one file may hold several executable processes. */
export interface BpmnResource {
  processes: ProcessModel[];
}

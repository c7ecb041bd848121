/**
 * What one BPMN element type does at the points of the element instance lifecycle. Lifecycle
 * (../lifecycle.ts) runs the steps Zeebe runs for every element (mappings, boundary events,
 * states) and asks the element's behaviour, looked up by its type in the table of ./index.ts
 * through the Runtime, for the rest. A new element type is one new file and one table row.
 */
import type { BpmnElementType, FlowNode } from '../../model/types';
import type { ElementInstanceRecord } from '../../state/records';
import type { Runtime } from '../runtime';

type Vars = Record<string, unknown>;

export interface ElementBehaviour {
  /**
   * The instance is ACTIVE: start its work (a job, a subscription, a child scope) or complete it
   * at once. An evaluation error thrown here becomes an EXTRACT_VALUE_ERROR incident.
   */
  activate(rt: Runtime, ei: ElementInstanceRecord): void;
  /** The instance completed: where its token goes. Without it: all outgoing flows. */
  leave?(rt: Runtime, ei: ElementInstanceRecord, node: FlowNode): void;
  /**
   * The instance is terminating: release what it holds outside its own record (jobs, tasks, a
   * called instance). 'await': something still runs (canceling task listeners, a called process
   * ending); the lifecycle's terminationResumed ends the instance later.
   */
  terminate?(rt: Runtime, ei: ElementInstanceRecord): void | 'await';

  /**
   * An event this element subscribed to for another element occurred (event-based gateway: the
   * event after it). Returns false when it can no longer take the event.
   */
  eventOccurred?(rt: Runtime, owner: ElementInstanceRecord, target: FlowNode, variables: Vars): boolean;
  /**
   * The event of this element occurred, and `owner` holds its subscription: the host activity of a
   * boundary event, the scope of an event sub-process start event.
   */
  occurred?(rt: Runtime, owner: ElementInstanceRecord, node: FlowNode, variables: Vars): boolean;

  /**
   * Activated by an event that already occurred (a boundary event, a catch event after an
   * event-based gateway), an element completes at once; these elements run their activation still.
   */
  runsWhenTriggered?: boolean;
  /** The event that started the element hands its variables on, not to this element (event sub-process). */
  forwardsTriggerVariables?: boolean;
  /** A flow scope: completes when it has no active children and no waiting join tokens. */
  isFlowScope?: boolean;
  /** A gateway that joins when it has several incoming flows (parallel, inclusive). */
  joins?: boolean;

  /** Multi-instance body: the element's I/O mappings belong to its inner instances. */
  leavesMappingsToInner?: boolean;
  /** Multi-instance body: its children are inner instances, which have no boundary events of their own. */
  hostsInnerInstances?: boolean;
  /** A child is completing (after its output mappings); may throw an evaluation error (IO_MAPPING_ERROR). */
  collectChild?(rt: Runtime, scope: ElementInstanceRecord, child: ElementInstanceRecord, node: FlowNode): void;
  /** Incident type of an evaluation error thrown by collectChild; IO_MAPPING_ERROR when unset. */
  collectErrorType?: 'EXTRACT_VALUE_ERROR';
  /** A flow scope without active children: may it complete? Without it: yes. */
  mayComplete?(rt: Runtime, scope: ElementInstanceRecord): boolean;
  /** The instance is completing, before its output mappings; may throw an evaluation error (IO_MAPPING_ERROR). */
  completing?(rt: Runtime, ei: ElementInstanceRecord): void;
  /** A child completed; the scope takes over instead of the child leaving by its flows. */
  childCompleted?(rt: Runtime, scopeKey: string): void;

  /** The process: it completed, with the variables of its root scope read before they were archived. */
  completed?(rt: Runtime, root: ElementInstanceRecord, variables: Vars): void;
  /** The process: it was terminated. */
  terminated?(rt: Runtime, root: ElementInstanceRecord): void;
}

/** Boundary events attach to their host activity while it activates. */
export interface BoundaryEventBehaviour extends ElementBehaviour {
  /** Opens the subscriptions of the host's boundary events; may throw an evaluation error. */
  attach(rt: Runtime, host: ElementInstanceRecord, node: FlowNode): void;
  /** The host is ACTIVE: buffered messages reach its boundary events now. */
  attached(rt: Runtime, hostKey: string): void;
}

/** Every element type the runtime executes. */
export type ExecutedType = Exclude<BpmnElementType, 'SEQUENCE_FLOW'>;

export type ElementTable = Record<ExecutedType, ElementBehaviour> & { BOUNDARY_EVENT: BoundaryEventBehaviour };

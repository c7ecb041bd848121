/**
 * Process instance migration, as Zeebe 8.8's ProcessInstanceMigrationMigrateProcessor does it: every
 * active element instance (from the process instance down, breadth first) must be mapped to an
 * element of the same type in the same flow scope of the target process; the whole command is
 * validated before anything changes, with Zeebe's rejection texts. Then each instance, with its
 * job, user task, incidents and event subscriptions, moves to the target element; variables stay.
 * Subscriptions of mapped catch events move along, unmapped ones close, and catch events new in
 * the target (boundary events, event sub-process starts, events after an event-based gateway) open.
 */
import type { MigrateProcessInstanceRequest } from '../api';
import { EvaluationError, FailedPreconditionError, InvalidArgumentError, NotFoundError } from '../errors';
import type { BpmnElementType, FlowNode, ProcessModel } from '../model/types';
import type { ElementInstanceRecord, ProcessDefinitionRecord } from '../state/records';
import { evalString } from './expressions';
import type { Runtime } from './runtime';
import { openCatchSubscription } from './subscriptions';

/** The element types whose active instances Zeebe 8.8 migrates. */
const SUPPORTED_TYPES = new Set<BpmnElementType>([
  'PROCESS',
  'SERVICE_TASK',
  'USER_TASK',
  'SUB_PROCESS',
  'CALL_ACTIVITY',
  'INTERMEDIATE_CATCH_EVENT',
  'RECEIVE_TASK',
  'EVENT_SUB_PROCESS',
  'EXCLUSIVE_GATEWAY',
  'EVENT_BASED_GATEWAY',
  'BUSINESS_RULE_TASK',
  'SCRIPT_TASK',
  'SEND_TASK',
  'MULTI_INSTANCE_BODY',
]);
const SUPPORTED_CATCH_EVENTS = new Set(['message', 'timer', 'signal']);

class Migration {
  private readonly source: ProcessModel;
  private readonly target: ProcessModel;
  private readonly mapping = new Map<string, string>();
  private readonly pik: string;

  constructor(
    private readonly rt: Runtime,
    private readonly root: ElementInstanceRecord,
    private readonly definition: ProcessDefinitionRecord,
    private readonly req: MigrateProcessInstanceRequest,
  ) {
    this.source = rt.model(root.processDefinitionKey);
    this.target = rt.model(definition.key);
    this.pik = root.key;
  }

  private prefix(): string {
    return `Expected to migrate process instance '${this.pik}' but`;
  }

  private invalidState(message: string): never {
    throw new FailedPreconditionError(message);
  }

  private invalidArgument(message: string, field: string): never {
    throw new InvalidArgumentError(message, [{ field, message }]);
  }

  /** Active element instances, the process instance first, then level by level. */
  private instances(): ElementInstanceRecord[] {
    const out: ElementInstanceRecord[] = [];
    const queue = [this.root];
    for (let ei = queue.shift(); ei; ei = queue.shift()) {
      out.push(ei);
      const children = this.rt
        .childrenOf(ei.key)
        .filter((c) => c.state !== 'COMPLETED' && c.state !== 'TERMINATED')
        .sort((a, b) => (BigInt(a.key) < BigInt(b.key) ? -1 : 1));
      queue.push(...children);
    }
    return out;
  }

  private static has(model: ProcessModel, id: string): boolean {
    return id === model.bpmnProcessId || model.nodes.has(id) || model.flows.has(id);
  }

  validate(): ElementInstanceRecord[] {
    const instructions = this.req.mappingInstructions ?? [];
    this.requireNoStartEventInstanceForTarget();
    for (const m of instructions) {
      if (!Migration.has(this.source, m.sourceElementId)) {
        this.invalidArgument(
          `${this.prefix()} mapping instructions contain a non-existing source element id '${m.sourceElementId}'. Elements provided in mapping instructions must exist in the source process definition.`,
          m.sourceElementId,
        );
      }
      if (!Migration.has(this.target, m.targetElementId)) {
        this.invalidArgument(
          `${this.prefix()} mapping instructions contain a non-existing target element id '${m.targetElementId}'. Elements provided in mapping instructions must exist in the target process definition.`,
          m.targetElementId,
        );
      }
      this.mapping.set(m.sourceElementId, m.targetElementId);
    }
    // Users don't map the process itself.
    this.mapping.set(this.source.bpmnProcessId, this.target.bpmnProcessId);
    const instances = this.instances();
    for (const ei of instances) this.validateInstance(ei);
    return instances;
  }

  private requireNoStartEventInstanceForTarget(): void {
    if (this.source.bpmnProcessId === this.target.bpmnProcessId) return;
    const correlationKey = this.rt.store.get('process-instance', this.pik)?.startMessageCorrelationKey;
    const hasMessageStart = this.target.eventStartEventIds.some((id) => this.target.nodes.get(id)?.eventDefinition?.kind === 'message');
    if (!correlationKey || !hasMessageStart) return;
    const running = this.rt.idx.instancesByStartCorrelation.get(`${this.root.tenantId}|${this.target.bpmnProcessId}|${correlationKey}`);
    if (running.size > 0) {
      this.invalidState(
        `Expected to migrate process instance '${this.pik}' but target process definition '${this.definition.key}' has an active instance triggered by a message start event with correlation key '${correlationKey}'. Only one instance per correlation key is allowed for message start events.`,
      );
    }
  }

  private sourceNode(ei: ElementInstanceRecord): FlowNode | undefined {
    return this.source.nodes.get(ei.elementId);
  }

  /** The BPMN element type of the target element as an instance of the same shape would have it. */
  private targetType(ei: ElementInstanceRecord, targetId: string): BpmnElementType {
    if (targetId === this.target.bpmnProcessId) return 'PROCESS';
    const node = this.target.nodes.get(targetId);
    if (!node) return 'SEQUENCE_FLOW';
    return ei.type === 'MULTI_INSTANCE_BODY' && node.multiInstance ? 'MULTI_INSTANCE_BODY' : node.type;
  }

  private validateInstance(ei: ElementInstanceRecord): void {
    const elementId = ei.elementId;
    if (!SUPPORTED_TYPES.has(ei.type)) {
      this.invalidState(
        `${this.prefix()} active element with id '${elementId}' has an unsupported type. The migration of a ${ei.type} is not supported.`,
      );
    }
    const node = this.sourceNode(ei);
    if (ei.type === 'INTERMEDIATE_CATCH_EVENT' && node) {
      const kind = node.eventDefinition?.kind ?? 'none';
      if (!SUPPORTED_CATCH_EVENTS.has(kind)) {
        this.invalidState(
          `${this.prefix()} active element with id '${elementId}' is intermediate catch event of type '${kind.toUpperCase()}'. Migrating active intermediate catch event of this type is not possible yet.`,
        );
      }
    }
    const targetId = this.mapping.get(elementId);
    if (targetId === undefined) {
      this.invalidState(
        `${this.prefix()} no mapping instruction defined for active element with id '${elementId}'. Elements cannot be migrated without a mapping.`,
      );
    }
    const targetType = this.targetType(ei, targetId);
    if (targetType !== ei.type) {
      this.invalidState(
        `${this.prefix()} active element with id '${elementId}' and type '${ei.type}' is mapped to an element with id '${targetId}' and different type '${targetType}'. Elements must be mapped to elements of the same type.`,
      );
    }
    this.requireSameUserTaskImplementation(ei, targetId);
    this.requireUnchangedFlowScope(ei, targetId);
    this.requireCatchEventsAttached(ei, targetId);
    this.requireSameLoopCharacteristics(ei, targetId);
  }

  private requireSameUserTaskImplementation(ei: ElementInstanceRecord, targetId: string): void {
    if (ei.type !== 'USER_TASK') return;
    const implementation = (camunda: boolean) => (camunda ? 'zeebe user task' : 'job worker');
    const source = implementation(!!ei.runtime.userTaskKey);
    const target = implementation(!!this.target.nodes.get(targetId)?.userTask);
    if (source !== target) {
      this.invalidState(
        `${this.prefix()} active user task with id '${ei.elementId}' and implementation '${source}' is mapped to an user task with id '${targetId}' and different implementation '${target}'. Elements must be mapped to elements of the same implementation.`,
      );
    }
  }

  private requireUnchangedFlowScope(ei: ElementInstanceRecord, targetId: string): void {
    const parent = this.rt.ei(ei.flowScopeKey);
    if (!parent) return;
    const expected = this.mapping.get(parent.elementId) ?? parent.elementId;
    // An inner instance of a multi-instance body has the body (same element id) as its flow scope.
    const actual = parent.type === 'MULTI_INSTANCE_BODY' ? targetId : this.targetScopeId(targetId);
    if (expected !== actual) {
      this.invalidState(
        `${this.prefix()} the flow scope of active element with id '${ei.elementId}' is changed. The flow scope of the active element is expected to be '${expected}' but was '${actual}'. The flow scope of an element cannot be changed during migration yet.`,
      );
    }
  }

  private targetScopeId(targetId: string): string {
    return this.target.nodes.get(targetId)?.scopeId ?? this.target.bpmnProcessId;
  }

  /**
   * Catch events of an element in a model: a catch event or receive task itself, its boundary
   * events, the start events of its event sub-processes, the events after an event-based gateway.
   */
  private static catchEventsOf(model: ProcessModel, elementId: string): FlowNode[] {
    const node = model.nodes.get(elementId);
    const ids: string[] = [];
    if (node?.type === 'INTERMEDIATE_CATCH_EVENT' || node?.type === 'RECEIVE_TASK') ids.push(node.id);
    if (elementId === model.bpmnProcessId) {
      ids.push(...model.eventSubProcesses.map((esp) => model.nodes.get(esp)?.startEventId ?? ''));
    } else if (node) {
      ids.push(...(node.boundaryEvents ?? []));
      ids.push(...(node.eventSubProcesses ?? []).map((esp) => model.nodes.get(esp)?.startEventId ?? ''));
      if (node.type === 'EVENT_BASED_GATEWAY') ids.push(...node.outgoing.map((f) => model.flows.get(f)?.targetRef ?? ''));
    }
    return ids.map((id) => model.nodes.get(id)).filter((n): n is FlowNode => n !== undefined);
  }

  /** Mapped catch events stay on the element, are not merged, and keep their event type (Zeebe's three checks, in its order). */
  private requireCatchEventsAttached(ei: ElementInstanceRecord, targetId: string): void {
    const targetCatchEvents = new Set(Migration.catchEventsOf(this.target, targetId).map((n) => n.id));
    const mapped = Migration.catchEventsOf(this.source, ei.elementId)
      .map((event) => ({ event, to: this.mapping.get(event.id) }))
      .filter((m): m is { event: FlowNode; to: string } => m.to !== undefined);
    for (const { event, to } of mapped) {
      if (!targetCatchEvents.has(to)) {
        this.invalidState(
          `${this.prefix()} active element with id '${ei.elementId}' is mapped to an element with id '${targetId}' and has a catch event with id '${event.id}' that is mapped to a catch event with id '${to}'. These mappings detach the catch event from the element in the target process. Catch events must stay attached to the same element instance.`,
        );
      }
    }
    const sourcesByTarget = new Map<string, string[]>();
    for (const { event, to } of mapped) sourcesByTarget.set(to, [...(sourcesByTarget.get(to) ?? []), event.id]);
    for (const [to, sources] of sourcesByTarget) {
      if (sources.length > 1) {
        this.invalidState(
          `${this.prefix()} active element with id '${ei.elementId}' has a catch event attached that is mapped to a catch event with id '${to}'. There are multiple mapping instructions that target this catch event: '${sources.sort().join("', '")}'. Catch events cannot be merged by process instance migration. Please ensure the mapping instructions target a catch event only once.`,
        );
      }
    }
    for (const { event, to } of mapped) {
      const sourceType = eventType(event);
      const targetType = eventType(this.target.nodes.get(to));
      if (sourceType !== targetType) {
        this.invalidState(
          `${this.prefix()} active element with id '${ei.elementId}' has a catch event with id '${event.id}' that is mapped to a catch event with id '${to}'. These catch events have different event types: '${sourceType}' and '${targetType}'. The event type of a catch event cannot be changed by process instance migration. Please ensure the event type of the catch event remains the same or remove the mapping instruction for these catch events.`,
        );
      }
    }
  }

  private requireSameLoopCharacteristics(ei: ElementInstanceRecord, targetId: string): void {
    if (ei.type !== 'MULTI_INSTANCE_BODY') return;
    const source = this.sourceNode(ei)?.multiInstance;
    const target = this.target.nodes.get(targetId)?.multiInstance;
    if (!!source?.sequential !== !!target?.sequential) {
      this.invalidState(
        `${this.prefix()} active element with id '${ei.elementId}' has a different loop characteristics than the target element with id '${targetId}'. Both elements must have either sequential or parallel loop characteristics.`,
      );
    }
  }

  apply(instances: ElementInstanceRecord[]): void {
    const def = this.definition;
    const pi = this.rt.store.get('process-instance', this.pik);
    if (pi)
      this.rt.store.put('process-instance', {
        ...pi,
        processDefinitionKey: def.key,
        bpmnProcessId: def.bpmnProcessId,
        version: def.version,
      });
    for (const ei of instances) this.migrateInstance(this.rt.mustEi(ei.key));
  }

  private migrateInstance(ei: ElementInstanceRecord): void {
    const def = this.definition;
    const targetId = this.mapping.get(ei.elementId)!;
    const joinTokens = ei.runtime.joinTokens
      ? Object.fromEntries(Object.entries(ei.runtime.joinTokens).map(([gateway, flows]) => [this.mapping.get(gateway) ?? gateway, flows]))
      : undefined;
    const migrated = this.rt.store.put('element-instance', {
      ...ei,
      processDefinitionKey: def.key,
      bpmnProcessId: def.bpmnProcessId,
      elementId: targetId,
      runtime: joinTokens ? { ...ei.runtime, joinTokens } : ei.runtime,
    });
    const moved = { processDefinitionKey: def.key, bpmnProcessId: def.bpmnProcessId, elementId: targetId };
    const job = this.rt.store.get('job', ei.runtime.jobKey);
    if (job) this.rt.store.put('job', { ...job, ...moved, processDefinitionVersion: def.version });
    const task = this.rt.store.get('user-task', ei.runtime.userTaskKey);
    if (task) this.rt.store.put('user-task', { ...task, ...moved, processDefinitionVersion: def.version });
    for (const key of [...this.rt.idx.incidentsByElement.get(ei.key)]) {
      const incident = this.rt.store.get('incident', key)!;
      this.rt.store.put('incident', { ...incident, ...moved });
    }
    // Instances still activating subscribe when they activate, in the target process already.
    if (ei.state !== 'ACTIVATING') this.migrateSubscriptions(ei, migrated);
  }

  /** A new message catch event may not subscribe to a message the instance is already subscribed to. */
  private requireNoSubscriptionForMessage(owner: ElementInstanceRecord, event: FlowNode): void {
    const def = event.eventDefinition;
    if (def?.kind !== 'message') return;
    const name = evalString(this.rt, owner.key, def.messageName, 'message name');
    const subscribed = [...this.rt.idx.messageSubsByElement.get(owner.key)].some(
      (key) => this.rt.store.get('message-subscription', key)?.messageName === name,
    );
    if (subscribed) {
      this.invalidState(
        `${this.prefix()} active element with id '${owner.elementId}' attempts to subscribe to a message it is already subscribed to with name '${name}'. Migrating active elements that subscribe to a message they are already subscribed to is not possible yet. Please provide a mapping instruction to message catch event with id '${event.id}' to migrate the respective message subscription.`,
      );
    }
  }

  /** The target id of a subscription's catch event, or undefined when it closes. */
  private subscriptionTarget(ei: ElementInstanceRecord, eventId: string, targetId: string): string | undefined {
    return eventId === ei.elementId ? targetId : this.mapping.get(eventId);
  }

  private migrateSubscriptions(ei: ElementInstanceRecord, migrated: ElementInstanceRecord): void {
    const { rt } = this;
    const def = this.definition;
    const targetId = migrated.elementId;
    const kept = new Set<string>();
    for (const key of [...rt.idx.timersByElement.get(ei.key)]) {
      const timer = rt.store.get('timer', key)!;
      const to = this.subscriptionTarget(ei, timer.targetElementId, targetId);
      if (to === undefined) rt.store.remove('timer', key);
      else {
        kept.add(to);
        rt.store.put('timer', { ...timer, targetElementId: to, processDefinitionKey: def.key });
      }
    }
    for (const key of [...rt.idx.messageSubsByElement.get(ei.key)]) {
      const sub = rt.store.get('message-subscription', key)!;
      const to = this.subscriptionTarget(ei, sub.targetElementId, targetId);
      if (to === undefined) rt.store.remove('message-subscription', key);
      else {
        kept.add(to);
        rt.store.put('message-subscription', { ...sub, targetElementId: to, bpmnProcessId: def.bpmnProcessId });
      }
    }
    for (const key of [...rt.idx.signalSubsByElement.get(ei.key)]) {
      const sub = rt.store.get('signal-subscription', key)!;
      const to = this.subscriptionTarget(ei, sub.targetElementId, targetId);
      if (to === undefined) rt.store.remove('signal-subscription', key);
      else {
        kept.add(to);
        rt.store.put('signal-subscription', {
          ...sub,
          targetElementId: to,
          processDefinitionKey: def.key,
          bpmnProcessId: def.bpmnProcessId,
        });
      }
    }
    // An event-based gateway that already fired has no subscriptions to open again.
    if (migrated.type === 'EVENT_BASED_GATEWAY' && migrated.runtime.triggeredEventId) return;
    for (const event of Migration.catchEventsOf(this.target, targetId)) {
      if (kept.has(event.id) || event.eventDefinition?.kind === 'error' || event.eventDefinition?.kind === 'escalation') continue;
      if (!event.eventDefinition || !SUPPORTED_CATCH_EVENTS.has(event.eventDefinition.kind)) continue;
      try {
        this.requireNoSubscriptionForMessage(migrated, event);
        openCatchSubscription(rt, rt.mustEi(migrated.key), event, event.interrupting !== false);
      } catch (err) {
        // Zeebe rejects the migration when a new subscription cannot be opened.
        if (err instanceof EvaluationError) this.invalidState(`${this.prefix()} ${err.message}`);
        throw err;
      }
    }
  }
}

/** Zeebe's BpmnEventType of a catch event. */
function eventType(node: FlowNode | undefined): string {
  const kind = node?.type === 'RECEIVE_TASK' ? 'message' : (node?.eventDefinition?.kind ?? 'none');
  return kind === 'compensate' ? 'COMPENSATION' : kind.toUpperCase();
}

export function migrateProcessInstance(rt: Runtime, req: MigrateProcessInstanceRequest): void {
  const root = rt.ei(req.processInstanceKey);
  if (!root || root.type !== 'PROCESS' || root.state === 'COMPLETED' || root.state === 'TERMINATED') {
    throw new NotFoundError(`Expected to migrate process instance but no process instance found with key '${req.processInstanceKey}'`);
  }
  const counts = new Map<string, number>();
  for (const m of req.mappingInstructions ?? []) counts.set(m.sourceElementId, (counts.get(m.sourceElementId) ?? 0) + 1);
  const duplicates = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
  if (duplicates.length > 0) {
    const message = `Expected to migrate process instance '${root.key}' but the mapping instructions contain duplicate source element ids '[${duplicates.join(', ')}]'.`;
    throw new InvalidArgumentError(message, [{ field: 'mappingInstructions', message }]);
  }
  const definition = rt.store.get('process-definition', req.targetProcessDefinitionKey);
  if (!definition || definition.deleted || definition.tenantId !== root.tenantId || !rt.models.has(definition.key)) {
    throw new NotFoundError(
      `Expected to migrate process instance to process definition but no process definition found with key '${req.targetProcessDefinitionKey}'`,
    );
  }
  const migration = new Migration(rt, root, definition, req);
  migration.apply(migration.validate());
}

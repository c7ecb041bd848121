/**
 * Process instance modification, as Zeebe 8.8's ProcessInstanceModificationModifyProcessor does
 * it: the whole command is validated first (a rejection names every offending instruction and
 * changes nothing), then the activate instructions run, then the terminate instructions. Missing
 * flow scopes are created without their start event; a flow scope left without active children by
 * a termination is terminated too, up to the process instance. The rejection texts are Zeebe's.
 */
import type { ModificationActivateInstruction, ModifyProcessInstanceRequest } from '../api';
import { EvaluationError, InvalidArgumentError, NotFoundError } from '../errors';
import { INNER_INSTANCE_POSTFIX, innerInstanceNode } from '../model/ad-hoc';
import type { FlowNode, ProcessModel } from '../model/types';
import type { ElementInstanceRecord } from '../state/records';
import { activateElement, terminateElement } from './lifecycle';
import type { Runtime } from './runtime';
import { openEventSubProcessSubscriptions } from './subscriptions';
import { setLocals } from './variables';

/** Zeebe's BpmnElementType enum, less the types an activate instruction may not target (its order is the message's). */
const SUPPORTED_TYPES =
  '[PROCESS, SUB_PROCESS, EVENT_SUB_PROCESS, AD_HOC_SUB_PROCESS, AD_HOC_SUB_PROCESS_INNER_INSTANCE, INTERMEDIATE_CATCH_EVENT, ' +
  'INTERMEDIATE_THROW_EVENT, END_EVENT, SERVICE_TASK, RECEIVE_TASK, USER_TASK, MANUAL_TASK, TASK, EXCLUSIVE_GATEWAY, ' +
  'PARALLEL_GATEWAY, EVENT_BASED_GATEWAY, INCLUSIVE_GATEWAY, MULTI_INSTANCE_BODY, CALL_ACTIVITY, BUSINESS_RULE_TASK, ' +
  'SCRIPT_TASK, SEND_TASK]';
const UNSUPPORTED_TYPES = new Set(['START_EVENT', 'BOUNDARY_EVENT']);

/** One level of instances on the way from the process instance to an activated element. */
interface Level {
  elementId: string;
  /** The multi-instance body of a multi-instance sub-process. */
  body: boolean;
  /** The level above is a multi-instance body: its instances are inner instances. */
  inner: boolean;
  node?: FlowNode;
}

class Modification {
  private readonly model: ProcessModel;
  private readonly processId: string;

  constructor(
    private readonly rt: Runtime,
    private readonly root: ElementInstanceRecord,
    private readonly req: ModifyProcessInstanceRequest,
  ) {
    this.model = rt.model(root.processDefinitionKey);
    this.processId = root.bpmnProcessId;
  }

  private reject(message: string, field: string): never {
    throw new InvalidArgumentError(message, [{ field, message }]);
  }

  private prefix(): string {
    return `Expected to modify instance of process '${this.processId}' but it contains one or more`;
  }

  /** Ids of the flow scopes of a node, innermost first, ending with the process id. */
  private scopeIds(node: FlowNode): string[] {
    const ids: string[] = [];
    for (let id: string | undefined = node.scopeId; id !== undefined; id = this.model.nodes.get(id)?.scopeId) ids.push(id);
    return ids;
  }

  /** An element instance of this process instance that has not begun to end (one with an incident while completing may). */
  private live(key: string): ElementInstanceRecord | undefined {
    const ei = this.rt.ei(key);
    return ei &&
      ei.processInstanceKey === this.root.key &&
      ei.state !== 'TERMINATING' &&
      ei.state !== 'TERMINATED' &&
      ei.state !== 'COMPLETED'
      ? ei
      : undefined;
  }

  private get activations(): ModificationActivateInstruction[] {
    return this.req.activateInstructions ?? [];
  }

  private get terminations(): string[] {
    return (this.req.terminateInstructions ?? []).map((t) => t.elementInstanceKey);
  }

  validate(): void {
    const unknown = unique(this.activations.map((a) => a.elementId).filter((id) => !this.model.nodes.has(id)));
    if (unknown.length > 0) {
      this.reject(`${this.prefix()} activate instructions with an element that could not be found: '${unknown.join("', '")}'`, unknown[0]);
    }
    const nodes = unique(this.activations.map((a) => a.elementId)).map((id) => this.model.nodes.get(id)!);
    const afterEventGateway = nodes.filter((n) =>
      n.incoming.some((f) => this.model.nodes.get(this.model.flows.get(f)?.sourceRef ?? '')?.type === 'EVENT_BASED_GATEWAY'),
    );
    if (afterEventGateway.length > 0) {
      const ids = afterEventGateway.map((n) => n.id).join("', '");
      this.reject(
        `${this.prefix()} activate instructions for elements that are unsupported: '${ids}'. The activation of events belonging to an event-based gateway is not supported.`,
        afterEventGateway[0].id,
      );
    }
    const unsupported = nodes.filter((n) => UNSUPPORTED_TYPES.has(n.type));
    if (unsupported.length > 0) {
      const ids = unsupported.map((n) => n.id).join("', '");
      const types = unique(unsupported.map((n) => n.type)).join("', '");
      this.reject(
        `${this.prefix()} activate instructions for elements that are unsupported: '${ids}'. The activation of elements with type '${types}' is not supported. Supported element types are: ${SUPPORTED_TYPES}.`,
        unsupported[0].id,
      );
    }
    const missing = unique(this.terminations.filter((key) => !this.live(key)));
    if (missing.length > 0) {
      this.reject(
        `${this.prefix()} terminate instructions with an element instance that could not be found: '${missing.join("', '")}'`,
        missing[0],
      );
    }
    this.validateVariableScopes();
    this.validateAncestors();
    this.validateNoActivationInTerminatedScope();
  }

  private validateVariableScopes(): void {
    const scopeIds = this.activations.flatMap((a) => (a.variableInstructions ?? []).map((v) => v.scopeId ?? '')).filter((id) => id);
    const unknown = unique(scopeIds.filter((id) => id !== this.processId && !this.model.nodes.has(id)));
    if (unknown.length > 0) {
      this.reject(
        `${this.prefix()} variable instructions with a scope element id that could not be found: '${unknown.join("', '")}'`,
        unknown[0],
      );
    }
    for (const a of this.activations) {
      const allowed = [a.elementId, ...this.scopeIds(this.model.nodes.get(a.elementId)!)];
      for (const v of a.variableInstructions ?? []) {
        if (v.scopeId && !allowed.includes(v.scopeId)) {
          this.reject(
            `${this.prefix()} variable instructions with a scope element that doesn't belong to the activating element's flow scope. These variables should be set before or after the modification.`,
            v.scopeId,
          );
        }
      }
    }
  }

  private validateAncestors(): void {
    const withAncestor = this.activations.filter((a) => a.ancestorElementInstanceKey !== undefined);
    const keys = unique(withAncestor.map((a) => a.ancestorElementInstanceKey!));
    const inactive = keys.filter((k) => this.rt.ei(k)?.state !== 'ACTIVE');
    if (inactive.length > 0) {
      this.reject(
        `${this.prefix()} activate instructions with an ancestor scope key that does not exist, or is not in an active state: '${inactive.join("', '")}'`,
        inactive[0],
      );
    }
    const foreign = keys.filter((k) => this.rt.ei(k)!.processInstanceKey !== this.root.key);
    if (foreign.length > 0) {
      this.reject(
        `Expected to modify instance of process '${this.processId}' but it contains one or more activate instructions with an ancestor scope key that does not belong to the modified process instance: '${foreign.join("', '")}'`,
        foreign[0],
      );
    }
    const wrong = withAncestor
      .map((a) => ({ a, ancestorId: this.rt.ei(a.ancestorElementInstanceKey)!.elementId }))
      .filter(({ a, ancestorId }) => !this.scopeIds(this.model.nodes.get(a.elementId)!).includes(ancestorId))
      .map(
        ({ a, ancestorId }) =>
          `\n- instance '${a.ancestorElementInstanceKey}' of element '${ancestorId}' is not an ancestor of element '${a.elementId}'`,
      );
    if (wrong.length > 0) {
      this.reject(
        `${this.prefix()} activate instructions with an ancestor scope key that is not an ancestor of the element to activate:${wrong.join('')}`,
        'ancestorElementInstanceKey',
      );
    }
  }

  private validateNoActivationInTerminatedScope(): void {
    const conflicts: string[] = [];
    for (const key of unique(this.terminations)) {
      const terminated = this.rt.ei(key)!;
      for (const a of this.activations) {
        const conflict =
          a.ancestorElementInstanceKey !== undefined
            ? a.ancestorElementInstanceKey === key
            : this.scopeIds(this.model.nodes.get(a.elementId)!).includes(terminated.elementId);
        if (conflict) conflicts.push(`element '${a.elementId}' requires flow scope instance '${key}' which is being terminated`);
      }
    }
    if (conflicts.length > 0) {
      this.reject(
        `${this.prefix()} activate instructions for elements whose required flow scope instance is also being terminated: ${conflicts.join(', ')}. Please provide a valid ancestor scope key for the activation or avoid terminating the required flow scope.`,
        'terminateInstructions',
      );
    }
  }

  apply(): void {
    for (const a of this.activations) this.activate(a);
    for (const key of this.terminations) {
      const ei = this.live(key);
      // Already gone with a flow scope an earlier instruction terminated.
      if (!ei) continue;
      terminateElement(this.rt, ei.key);
      this.terminateEmptyScopes(ei.flowScopeKey);
    }
  }

  /** The levels of instances between the process instance and the element, outermost first. */
  private levels(node: FlowNode): Level[] {
    const levels: Level[] = [];
    for (const id of this.scopeIds(node).reverse().slice(1)) {
      const scope = this.model.nodes.get(id)!;
      this.addAdHocInnerInstance(levels, scope);
      if (scope.multiInstance) levels.push({ elementId: id, body: true, inner: false, node: scope });
      levels.push({ elementId: id, body: false, inner: !!scope.multiInstance, node: scope });
    }
    this.addAdHocInnerInstance(levels, node);
    return levels;
  }

  /** Zeebe 8.8 runs the elements of an ad-hoc sub-process (not its event sub-processes) in an inner instance. */
  private addAdHocInnerInstance(levels: Level[], child: FlowNode): void {
    const parent = this.model.nodes.get(child.scopeId);
    if (parent?.type !== 'AD_HOC_SUB_PROCESS' || child.type === 'EVENT_SUB_PROCESS') return;
    const id = `${parent.id}${INNER_INSTANCE_POSTFIX}`;
    levels.push({ elementId: id, body: false, inner: false, node: innerInstanceNode(this.model, id) });
  }

  private activate(a: ModificationActivateInstruction): void {
    const node = this.model.nodes.get(a.elementId)!;
    const ancestor = a.ancestorElementInstanceKey;
    this.setVariables(a, this.processId, this.root.key);
    let scope = this.root;
    for (const level of this.levels(node)) {
      const reused = this.reusable(level, scope.key, ancestor);
      if (reused) {
        scope = reused;
        this.setVariables(a, level.elementId, scope.key);
        continue;
      }
      if (level.body || level.inner) {
        this.reject(
          `Expected to modify instance of process '${this.processId}' but it contains one or more activate instructions that would result in the activation of multi-instance element '${level.elementId}', which is currently unsupported.`,
          level.elementId,
        );
      }
      scope = this.openFlowScope(scope, level.node!, a);
    }
    const ei = activateElement(this.rt, scope, node.id);
    this.setVariables(a, node.id, ei.key);
  }

  /** Zeebe's choice among the existing instances of a flow scope (ElementActivationBehavior). */
  private reusable(level: Level, flowScopeKey: string, ancestor: string | undefined): ElementInstanceRecord | undefined {
    const found = this.rt
      .childrenOf(flowScopeKey)
      .filter(
        (c) =>
          c.elementId === level.elementId &&
          (c.type === 'MULTI_INSTANCE_BODY') === level.body &&
          (c.state === 'ACTIVATING' || c.state === 'ACTIVE'),
      );
    if (found.length === 0) return undefined;
    if (found.length === 1) return ancestor !== undefined && this.isAncestorOf(ancestor, found[0]) ? undefined : found[0];
    const multiple = (): never =>
      this.reject(
        `Expected to modify instance of process '${this.processId}' but it contains one or more activate instructions for an element that has a flow scope with more than one active instance: '${level.elementId}'. Can't decide in which instance of the flow scope the element should be activated. Please specify an ancestor element instance key for this activate instruction.`,
        level.elementId,
      );
    if (ancestor === undefined) return multiple();
    const selected = found.find((c) => c.key === ancestor);
    if (selected) return selected;
    if (found.some((c) => this.isAncestorOf(ancestor, c))) return undefined;
    const ancestorInstance = this.rt.mustEi(ancestor);
    return found.find((c) => this.isAncestorOf(c.key, ancestorInstance)) ?? multiple();
  }

  private isAncestorOf(ancestorKey: string, ei: ElementInstanceRecord): boolean {
    for (let key = ei.flowScopeKey; key !== undefined; key = this.rt.ei(key)?.flowScopeKey) if (key === ancestorKey) return true;
    return false;
  }

  /**
   * A missing flow scope: created ACTIVE at once, as Zeebe writes it (no input mappings, no start
   * event), with its variables and then its event subscriptions (boundary events, event sub-processes).
   */
  private openFlowScope(parent: ElementInstanceRecord, node: FlowNode, a: ModificationActivateInstruction): ElementInstanceRecord {
    const created = activateElement(this.rt, parent, node.id);
    this.setVariables(a, node.id, created.key);
    // The queued activation step finds the instance ACTIVE and leaves it alone.
    this.rt.store.put('element-instance', { ...this.rt.mustEi(created.key), state: 'ACTIVE' });
    try {
      const boundaries = this.rt.elements.BOUNDARY_EVENT;
      if (node.boundaryEvents?.length) boundaries.attach(this.rt, this.rt.mustEi(created.key), node);
      openEventSubProcessSubscriptions(this.rt, this.rt.mustEi(created.key), node.eventSubProcesses ?? []);
      if (node.boundaryEvents?.length) boundaries.attached(this.rt, created.key);
    } catch (err) {
      // Zeebe rejects the command when a subscription cannot be opened (EventSubscriptionException).
      if (err instanceof EvaluationError) this.reject(err.message, node.id);
      throw err;
    }
    return this.rt.mustEi(created.key);
  }

  /** The instruction's variables for the element `elementId` (an empty scope id means the process). */
  private setVariables(a: ModificationActivateInstruction, elementId: string, scopeKey: string): void {
    for (const v of a.variableInstructions ?? []) {
      const target = v.scopeId ? v.scopeId : this.processId;
      if (target === elementId) setLocals(this.rt, scopeKey, v.variables);
    }
  }

  /** Flow scopes left with nothing to do are terminated, outwards; a called process may not end this way. */
  private terminateEmptyScopes(key: string | undefined): void {
    for (let scope = this.rt.ei(key); scope && this.isIdle(scope);) {
      if (scope.type === 'PROCESS' && this.rt.store.get('process-instance', scope.key)?.parentProcessInstanceKey) {
        this.reject(
          `Expected to modify instance of process '${this.processId}' but the given instructions would terminate the instance. The instance was created by a call activity in the parent process. To terminate this instance please modify the parent process instead.`,
          'terminateInstructions',
        );
      }
      const parentKey = scope.flowScopeKey;
      terminateElement(this.rt, scope.key);
      scope = this.rt.ei(parentKey);
    }
  }

  private isIdle(scope: ElementInstanceRecord): boolean {
    if ((scope.runtime.activeChildren ?? 0) > 0) return false;
    return !Object.values(scope.runtime.joinTokens ?? {}).some((g) => Object.values(g).some((n) => n > 0));
  }
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

export function modifyProcessInstance(rt: Runtime, req: ModifyProcessInstanceRequest): void {
  const root = rt.ei(req.processInstanceKey);
  if (!root || root.type !== 'PROCESS' || (root.state !== 'ACTIVE' && root.state !== 'ACTIVATING')) {
    throw new NotFoundError(`Expected to modify process instance but no process instance found with key '${req.processInstanceKey}'`);
  }
  const modification = new Modification(rt, root, req);
  modification.validate();
  modification.apply();
}

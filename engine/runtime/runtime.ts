import type { EngineClock } from '../clock';
import { innerInstanceNode } from '../model/ad-hoc';
import type { BpmnElementType, FlowNode, ProcessModel } from '../model/types';
import { Indexes } from '../state/indexes';
import type { ElementInstanceRecord, ElementRuntime, ProcessDefinitionRecord } from '../state/records';
import type { Store } from '../state/store';
import type { ElementBehaviour, ElementTable } from './elements/behaviour';
import { ELEMENTS } from './elements';

/** A unit of work of the executor; processed in order until none is left. */
export type Step =
  | { op: 'activate'; key: string }
  | { op: 'complete'; key: string }
  | { op: 'take-flow'; scopeKey: string; flowId: string }
  | { op: 'check-scope'; key: string }
  /** An execution listener job of the element completed: run the next listener or go on. */
  | { op: 'execution-listener'; key: string };

/** Effects that leave the engine; they run only after the changes behind them are committed. */
export interface Effects {
  jobsAvailable: Set<string>;
  /** Finished instances somebody awaits: their variables when completed, null when terminated. */
  finishedInstances: Map<string, Record<string, unknown> | null>;
  timersChanged: boolean;
  /** User task transitions that task listeners settled: null when it took effect, else the rejection. */
  userTaskOutcomes: Map<string, string | null>;
}

/**
 * Shared state of the executor: the store, its indexes, parsed models, the step queue and the
 * table of element behaviours. Behaviour lives in the sibling modules; they all take a Runtime.
 */
export class Runtime {
  readonly idx: Indexes;
  /** Parsed processes by process definition key. */
  readonly models = new Map<string, ProcessModel>();
  /** Parsed DMN models by decision requirements key. */
  readonly dmnModels = new Map<string, unknown>();
  private readonly queue: Step[] = [];
  effects: Effects = { jobsAvailable: new Set(), finishedInstances: new Map(), timersChanged: false, userTaskOutcomes: new Map() };
  /** Process instances a CreateProcessInstanceWithResult waits for. */
  readonly awaitingResult = new Set<string>();

  constructor(
    readonly store: Store,
    readonly clock: EngineClock,
    /** Injected here so lifecycle looks behaviours up without importing the element modules. */
    readonly elements: ElementTable = ELEMENTS,
  ) {
    this.idx = new Indexes(store);
  }

  behaviour(type: BpmnElementType): ElementBehaviour {
    const behaviour = (this.elements as Partial<Record<BpmnElementType, ElementBehaviour>>)[type];
    if (!behaviour) throw new Error(`internal: no behaviour for element type ${type}`);
    return behaviour;
  }

  enqueue(step: Step): void {
    this.queue.push(step);
  }

  /** Runs queued steps; `handler` dispatches each (kept outside to avoid an import cycle). */
  drain(handler: (step: Step) => void): void {
    let step: Step | undefined;
    while ((step = this.queue.shift())) handler(step);
  }

  clearQueue(): void {
    this.queue.length = 0;
  }

  takeEffects(): Effects {
    const e = this.effects;
    this.effects = { jobsAvailable: new Set(), finishedInstances: new Map(), timersChanged: false, userTaskOutcomes: new Map() };
    return e;
  }

  now(): number {
    return this.clock.now();
  }

  nowIso(): string {
    return this.clock.nowIso();
  }

  model(processDefinitionKey: string): ProcessModel {
    const m = this.models.get(processDefinitionKey);
    if (!m) throw new Error(`internal: process definition ${processDefinitionKey} is not loaded`);
    return m;
  }

  node(ei: ElementInstanceRecord): FlowNode {
    const model = this.model(ei.processDefinitionKey);
    const n = model.nodes.get(ei.elementId) ?? innerInstanceNode(model, ei.elementId);
    if (!n) throw new Error(`internal: element ${ei.elementId} not in ${ei.bpmnProcessId}`);
    return n;
  }

  ei(key: string | undefined): ElementInstanceRecord | undefined {
    return key === undefined ? undefined : this.store.get('element-instance', key);
  }

  mustEi(key: string): ElementInstanceRecord {
    const ei = this.ei(key);
    if (!ei) throw new Error(`internal: no element instance ${key}`);
    return ei;
  }

  setRuntime(key: string, patch: Partial<ElementRuntime>): ElementInstanceRecord {
    const ei = this.mustEi(key);
    return this.store.put('element-instance', { ...ei, runtime: { ...ei.runtime, ...patch } });
  }

  /** The latest non-deleted version of a process. */
  latestDefinition(bpmnProcessId: string, tenantId: string): ProcessDefinitionRecord | undefined {
    let latest: ProcessDefinitionRecord | undefined;
    for (const key of this.idx.definitionsByProcessId.get(`${tenantId}|${bpmnProcessId}`)) {
      const d = this.store.get('process-definition', key)!;
      if (!latest || d.version > latest.version) latest = d;
    }
    return latest;
  }

  childrenOf(scopeKey: string): ElementInstanceRecord[] {
    return [...this.idx.children.get(scopeKey)].map((k) => this.mustEi(k));
  }
}

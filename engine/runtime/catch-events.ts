/**
 * Where a thrown error or escalation is caught, as Zeebe searches: from the thrower outwards, at
 * each flow scope first its event sub-process start events, then the boundary events of the
 * activity, up through call activities into the parent process.
 */
import type { FlowNode, ProcessModel } from '../model/types';
import type { ElementInstanceRecord } from '../state/records';
import { isInnerInstance } from './lifecycle';
import type { Runtime } from './runtime';

export interface FoundCatch {
  /** The element instance holding the catch event: the scope of an event sub-process, the host of a boundary event. */
  owner: ElementInstanceRecord;
  node: FlowNode;
}

/** `pick` chooses among the catch events of one place, or none. */
export function findCatchEvent(
  rt: Runtime,
  thrower: ElementInstanceRecord,
  pick: (candidates: FlowNode[]) => FlowNode | undefined,
): FoundCatch | undefined {
  let current: ElementInstanceRecord | undefined = thrower;
  while (current) {
    const model = rt.model(current.processDefinitionKey);
    if (rt.behaviour(current.type).isFlowScope && current.key !== thrower.key) {
      const espIds = current.type === 'PROCESS' ? model.eventSubProcesses : (rt.node(current).eventSubProcesses ?? []);
      const start = pick(espIds.map((id) => startOf(model, id)).filter((n): n is FlowNode => !!n));
      if (start) return { owner: current, node: start };
    }
    if (current.type !== 'PROCESS') {
      const node = rt.node(current);
      const boundaries = isInnerInstance(rt, current) ? [] : (node.boundaryEvents ?? []).map((id) => model.nodes.get(id)!);
      const boundary = pick(boundaries);
      if (boundary) return { owner: current, node: boundary };
    }
    current = parentOf(rt, current);
  }
  return undefined;
}

function parentOf(rt: Runtime, ei: ElementInstanceRecord): ElementInstanceRecord | undefined {
  if (ei.flowScopeKey) return rt.ei(ei.flowScopeKey);
  const pi = rt.store.get('process-instance', ei.processInstanceKey);
  return pi?.parentElementInstanceKey ? rt.ei(pi.parentElementInstanceKey) : undefined;
}

function startOf(model: ProcessModel, espId: string): FlowNode | undefined {
  const startId = model.nodes.get(espId)!.startEventId;
  return startId === undefined ? undefined : model.nodes.get(startId);
}

/** The catch event for a code: an exact code first, then a catch-all (no code). */
export function bestMatch(candidates: FlowNode[], kind: 'error' | 'escalation', code: string): FlowNode | undefined {
  const codeOf = (n: FlowNode): string | undefined => {
    const def = n.eventDefinition;
    if (def?.kind === 'error') return def.errorCode?.raw;
    if (def?.kind === 'escalation') return def.escalationCode?.raw;
    return undefined;
  };
  const matching = candidates.filter((n) => n.eventDefinition?.kind === kind);
  return matching.find((n) => codeOf(n) === code) ?? matching.find((n) => codeOf(n) === undefined);
}

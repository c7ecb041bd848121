/**
 * Signals are broadcast: every subscription with the name is triggered, nothing is buffered.
 * Signal start events of the latest process versions start new instances.
 */
import type { FlowNode } from '../model/types';
import type { ElementInstanceRecord, ProcessDefinitionRecord } from '../state/records';
import { DEFAULT_TENANT } from '../state/records';
import { evalString } from './expressions';
import { createInstanceAtStartEvent } from './instances';
import type { Runtime } from './runtime';
import { triggerEvent } from './triggers';

export function openSignalSubscription(rt: Runtime, owner: ElementInstanceRecord, target: FlowNode): void {
  const def = target.eventDefinition;
  if (def?.kind !== 'signal') throw new Error(`internal: ${target.id} has no signal`);
  rt.store.put('signal-subscription', {
    key: rt.store.nextKey(),
    signalName: evalString(rt, owner.key, def.signalName, 'signal name'),
    targetElementId: target.id,
    elementInstanceKey: owner.key,
    processInstanceKey: owner.processInstanceKey,
    processDefinitionKey: owner.processDefinitionKey,
    bpmnProcessId: owner.bpmnProcessId,
    tenantId: owner.tenantId,
  });
}

export function openSignalStartSubscriptions(rt: Runtime, def: ProcessDefinitionRecord): void {
  const model = rt.model(def.key);
  for (const id of model.eventStartEventIds) {
    const ed = model.nodes.get(id)!.eventDefinition;
    if (ed?.kind !== 'signal') continue;
    rt.store.put('signal-subscription', {
      key: rt.store.nextKey(),
      signalName: evalString(rt, undefined, ed.signalName, 'signal name'),
      targetElementId: id,
      processDefinitionKey: def.key,
      bpmnProcessId: def.bpmnProcessId,
      tenantId: def.tenantId,
    });
  }
}

export function removeSignalStartSubscriptions(rt: Runtime, processDefinitionKey: string): void {
  for (const key of [...rt.idx.signalSubsByDefinition.get(processDefinitionKey)]) rt.store.remove('signal-subscription', key);
}

export function broadcastSignal(
  rt: Runtime,
  signalName: string,
  variables: Record<string, unknown>,
  tenantId = DEFAULT_TENANT,
): { key: string; tenantId: string } {
  const key = rt.store.nextKey();
  const subs = [...rt.idx.signalSubsByName.get(`${tenantId}|${signalName}`)].map((k) => rt.store.get('signal-subscription', k)!);
  for (const sub of subs) {
    if (!rt.store.get('signal-subscription', sub.key)) continue;
    if (!sub.elementInstanceKey) {
      createInstanceAtStartEvent(rt, sub.processDefinitionKey, sub.targetElementId, variables);
      continue;
    }
    const owner = rt.ei(sub.elementInstanceKey);
    if (owner) triggerEvent(rt, owner, sub.targetElementId, variables);
  }
  return { key, tenantId };
}

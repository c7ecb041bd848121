/**
 * Message correlation with Zeebe's rules: a message goes to every waiting subscription with its
 * name and correlation key (once per process instance), starts instances at message start
 * events (one active instance per correlation key), and, with a time to live, waits in a buffer
 * for subscriptions that open later. It correlates at most once per process instance, and at
 * most once per process for start events.
 */
import { AlreadyExistsError, EvaluationError, NotFoundError } from '../errors';
import type { PublishMessageRequest } from '../api';
import type { FlowNode } from '../model/types';
import type { ElementInstanceRecord, MessageRecord, MessageSubscriptionRecord } from '../state/records';
import { DEFAULT_TENANT } from '../state/records';
import { evalExpression, evalString, typeName } from './expressions';
import { createInstanceAtStartEvent } from './instances';
import type { Runtime } from './runtime';
import { triggerEvent } from './triggers';

export function openMessageSubscription(rt: Runtime, owner: ElementInstanceRecord, target: FlowNode, interrupting: boolean): void {
  const def = target.eventDefinition;
  if (def?.kind !== 'message') throw new Error(`internal: ${target.id} has no message`);
  const messageName = evalString(rt, owner.key, def.messageName, 'message name');
  const correlationKey = def.correlationKey
    ? correlationKeyOf(evalExpression(rt, owner.key, def.correlationKey), def.correlationKey.raw)
    : '';
  const sub: MessageSubscriptionRecord = {
    key: rt.store.nextKey(),
    messageName,
    correlationKey,
    targetElementId: target.id,
    elementInstanceKey: owner.key,
    processInstanceKey: owner.processInstanceKey,
    bpmnProcessId: owner.bpmnProcessId,
    interrupting,
    tenantId: owner.tenantId,
  };
  rt.store.put('message-subscription', sub);
  // A boundary subscription opens while its host is still activating: its buffered messages are
  // correlated once the host is active (correlateBufferedOf), as Zeebe does.
  if (owner.state === 'ACTIVE') correlateBuffered(rt, sub);
}

/** Buffered messages for the subscriptions an element opened while it was activating. */
export function correlateBufferedOf(rt: Runtime, ownerKey: string): void {
  for (const key of [...rt.idx.messageSubsByElement.get(ownerKey)]) {
    const sub = rt.store.get('message-subscription', key);
    const owner = rt.ei(ownerKey);
    if (!sub || !owner || owner.state !== 'ACTIVE') return;
    correlateBuffered(rt, sub);
  }
}

function correlationKeyOf(value: unknown, raw: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw new EvaluationError(
    `Failed to extract the correlation key for '${raw}': The value must be either a string or a number, but was '${typeName(value)}'.`,
    raw,
  );
}

/** A buffered message waiting for the subscription that just opened. */
function correlateBuffered(rt: Runtime, sub: MessageSubscriptionRecord): void {
  const now = rt.now();
  for (const key of rt.idx.messagesByName.get(`${sub.tenantId}|${sub.messageName}|${sub.correlationKey}`)) {
    const msg = rt.store.get('message', key)!;
    if (msg.expiresAt <= now) continue;
    if (msg.correlatedProcesses.includes(`pi:${sub.processInstanceKey}`)) continue;
    const owner = rt.ei(sub.elementInstanceKey);
    if (!owner) return;
    if (triggerEvent(rt, owner, sub.targetElementId, msg.variables)) {
      rt.store.put('message', { ...msg, correlatedProcesses: [...msg.correlatedProcesses, `pi:${sub.processInstanceKey}`] });
      if (sub.interrupting) rt.store.remove('message-subscription', sub.key);
      return;
    }
  }
}

export function publishMessage(rt: Runtime, req: PublishMessageRequest): { key: string; tenantId: string } {
  const tenantId = req.tenantId || DEFAULT_TENANT;
  const now = rt.now();
  if (req.messageId) {
    for (const key of rt.idx.messagesById.get(`${tenantId}|${req.name}|${req.messageId}`)) {
      const existing = rt.store.get('message', key)!;
      if (existing.expiresAt > now) {
        throw new AlreadyExistsError(
          `Command 'PUBLISH' rejected with code 'ALREADY_EXISTS': Expected to publish a new message with id '${req.messageId}', but a message with that id was already published`,
        );
      }
    }
  }
  const msg: MessageRecord = {
    key: rt.store.nextKey(),
    name: req.name,
    correlationKey: req.correlationKey ?? '',
    messageId: req.messageId || undefined,
    variables: req.variables ?? {},
    expiresAt: now + Math.max(0, req.timeToLiveMs ?? 0),
    tenantId,
    correlatedProcesses: [],
  };
  const correlated = correlate(rt, msg).map((r) => r.id);
  if ((req.timeToLiveMs ?? 0) > 0) rt.store.put('message', { ...msg, correlatedProcesses: correlated });
  return { key: msg.key, tenantId };
}

/**
 * POST /v2/messages/correlation: the message reaches the waiting subscriptions and message start
 * events now, or the call fails with NOT_FOUND; it is never buffered. Answers the first process
 * instance it reached, as Camunda 8.8 does.
 */
export function correlateMessage(rt: Runtime, req: PublishMessageRequest): { key: string; tenantId: string; processInstanceKey: string } {
  const tenantId = req.tenantId || DEFAULT_TENANT;
  const correlationKey = req.correlationKey ?? '';
  const msg: MessageRecord = {
    key: rt.store.nextKey(),
    name: req.name,
    correlationKey,
    variables: req.variables ?? {},
    expiresAt: rt.now(),
    tenantId,
    correlatedProcesses: [],
  };
  const [first] = correlate(rt, msg);
  if (!first) {
    throw new NotFoundError(
      `Command 'CORRELATE' rejected with code 'NOT_FOUND': Expected to find subscription for message with name '${req.name}' and correlation key '${correlationKey}', but none was found.`,
    );
  }
  return { key: msg.key, tenantId, processInstanceKey: first.processInstanceKey };
}

/** Correlates a fresh message to open subscriptions and message start events; returns what it reached. */
function correlate(rt: Runtime, msg: MessageRecord): { id: string; processInstanceKey: string }[] {
  const reached: { id: string; processInstanceKey: string }[] = [];
  const subs = [...rt.idx.messageSubsByName.get(`${msg.tenantId}|${msg.name}|${msg.correlationKey}`)].map((k) =>
    rt.store.get('message-subscription', k)!,
  );
  for (const sub of subs) {
    if (reached.some((r) => r.id === `pi:${sub.processInstanceKey}`)) continue;
    const owner = rt.ei(sub.elementInstanceKey);
    if (!owner || !rt.store.get('message-subscription', sub.key)) continue;
    if (triggerEvent(rt, owner, sub.targetElementId, msg.variables)) {
      reached.push({ id: `pi:${sub.processInstanceKey}`, processInstanceKey: sub.processInstanceKey });
      if (sub.interrupting) rt.store.remove('message-subscription', sub.key);
    }
  }
  for (const { definitionKey, bpmnProcessId, startEventId } of messageStartEvents(rt, msg)) {
    if (msg.correlationKey && rt.idx.instancesByStartCorrelation.get(`${msg.tenantId}|${bpmnProcessId}|${msg.correlationKey}`).size > 0)
      continue;
    const pi = createInstanceAtStartEvent(rt, definitionKey, startEventId, msg.variables, msg.correlationKey || undefined);
    reached.push({ id: `process:${bpmnProcessId}`, processInstanceKey: pi.key });
  }
  return reached;
}

/** Message start events with this name in the latest version of every process. */
function messageStartEvents(rt: Runtime, msg: MessageRecord): { definitionKey: string; bpmnProcessId: string; startEventId: string }[] {
  const out: { definitionKey: string; bpmnProcessId: string; startEventId: string }[] = [];
  for (const indexKey of rt.idx.definitionsByProcessId.keys()) {
    const [tenantId, bpmnProcessId] = indexKey.split('|');
    if (tenantId !== msg.tenantId) continue;
    const def = rt.latestDefinition(bpmnProcessId, tenantId);
    if (!def) continue;
    const model = rt.model(def.key);
    for (const id of model.eventStartEventIds) {
      const ed = model.nodes.get(id)!.eventDefinition;
      if (ed?.kind === 'message' && ed.messageName.feel === null && ed.messageName.raw === msg.name) {
        out.push({ definitionKey: def.key, bpmnProcessId, startEventId: id });
      }
    }
  }
  return out;
}

/** Buffered messages past their time to live are removed. */
export function expireMessages(rt: Runtime): void {
  const now = rt.now();
  for (const msg of [...rt.store.values('message')]) if (msg.expiresAt <= now) rt.store.remove('message', msg.key);
}

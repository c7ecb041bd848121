import { createInstanceAtStartEvent } from './instances';
import type { Runtime } from './runtime';
import { consumeTimer } from './timers';
import { triggerEvent } from './triggers';

export function fireTimer(rt: Runtime, key: string): void {
  const timer = rt.store.get('timer', key);
  if (!timer) return;
  consumeTimer(rt, timer);
  if (!timer.elementInstanceKey) {
    createInstanceAtStartEvent(rt, timer.processDefinitionKey, timer.targetElementId, {});
    return;
  }
  const owner = rt.ei(timer.elementInstanceKey);
  if (owner) triggerEvent(rt, owner, timer.targetElementId, {});
}

import { nextCycleDueDate, resolveTimerExpression } from '../feel';
import type { Expression, FlowNode } from '../model/types';
import type { ElementInstanceRecord, ProcessDefinitionRecord, TimerRecord } from '../state/records';
import { visibleVariables } from './variables';
import type { Runtime } from './runtime';

type TimerType = 'date' | 'cycle' | 'duration';

/** Schedules the timer of `target` for its owner; the expression sees the owner's variables. */
export function scheduleTimer(rt: Runtime, owner: ElementInstanceRecord, target: FlowNode, type: TimerType, expression: Expression): void {
  const resolved = resolveTimerExpression(type, expression, visibleVariables(rt, owner.key), rt.now());
  rt.store.put('timer', {
    key: rt.store.nextKey(),
    dueDate: resolved.dueDate,
    repetitions: resolved.repetitions,
    cycle: resolved.cycle,
    targetElementId: target.id,
    elementInstanceKey: owner.key,
    processInstanceKey: owner.processInstanceKey,
    processDefinitionKey: owner.processDefinitionKey,
    tenantId: owner.tenantId,
  });
  rt.effects.timersChanged = true;
}

/** Timer start events of a newly deployed latest version; static expressions only, as in Zeebe. */
export function scheduleStartTimers(rt: Runtime, def: ProcessDefinitionRecord): void {
  const model = rt.model(def.key);
  for (const id of model.eventStartEventIds) {
    const node = model.nodes.get(id)!;
    if (node.eventDefinition?.kind !== 'timer') continue;
    const resolved = resolveTimerExpression(node.eventDefinition.timerType, node.eventDefinition.expression, {}, rt.now());
    rt.store.put('timer', {
      key: rt.store.nextKey(),
      dueDate: resolved.dueDate,
      repetitions: resolved.repetitions,
      cycle: resolved.cycle,
      targetElementId: id,
      processDefinitionKey: def.key,
      tenantId: def.tenantId,
    });
    rt.effects.timersChanged = true;
  }
}

export function removeStartTimers(rt: Runtime, processDefinitionKey: string): void {
  for (const key of [...rt.idx.timersByDefinition.get(processDefinitionKey)]) rt.store.remove('timer', key);
}

/** After a timer fired: schedule the next cycle, or remove it. Returns the record that fired. */
export function consumeTimer(rt: Runtime, timer: TimerRecord): void {
  const again = timer.cycle && (timer.repetitions === -1 || timer.repetitions > 1);
  if (again) {
    rt.store.put('timer', {
      ...timer,
      key: rt.store.nextKey(),
      dueDate: nextCycleDueDate(timer.cycle!, timer.dueDate, rt.now()),
      repetitions: timer.repetitions === -1 ? -1 : timer.repetitions - 1,
    });
    rt.effects.timersChanged = true;
  }
  rt.store.remove('timer', timer.key);
}

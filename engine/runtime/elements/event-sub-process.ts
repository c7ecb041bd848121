/**
 * Event sub-process: activated by the event of its start event (the subscription belongs to the
 * enclosing scope); the start event is activated as happened and takes the event's variables.
 */
import { activateElement } from '../lifecycle';
import type { ElementBehaviour } from './behaviour';

export const eventSubProcess: ElementBehaviour = {
  activate(rt, ei) {
    const node = rt.node(ei);
    if (!node.startEventId) throw new Error(`internal: event sub-process ${node.id} has no start event`);
    activateElement(rt, ei, node.startEventId, { triggered: true, triggerVariables: ei.runtime.triggerVariables });
  },
  runsWhenTriggered: true,
  forwardsTriggerVariables: true,
  isFlowScope: true,
};

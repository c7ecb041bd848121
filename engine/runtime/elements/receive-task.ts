/** Receive task: waits for its message. */
import { openCatchSubscription } from '../subscriptions';
import type { ElementBehaviour } from './behaviour';

export const receiveTask: ElementBehaviour = {
  activate: (rt, ei) => openCatchSubscription(rt, ei, rt.node(ei)),
};

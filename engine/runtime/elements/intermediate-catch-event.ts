/** Intermediate catch event: waits for its message, timer or signal; a link catch event passes at once. */
import { completeElement } from '../lifecycle';
import { openCatchSubscription } from '../subscriptions';
import type { ElementBehaviour } from './behaviour';

export const intermediateCatchEvent: ElementBehaviour = {
  activate(rt, ei) {
    const node = rt.node(ei);
    if (node.eventDefinition?.kind === 'link') return completeElement(rt, ei.key);
    openCatchSubscription(rt, ei, node);
  },
};

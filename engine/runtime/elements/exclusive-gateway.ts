/** Exclusive gateway: the first flow whose condition holds, else the default flow (see ../gateways.ts). */
import { chooseFlows } from '../gateways';
import { completeElement, takeOutgoing } from '../lifecycle';
import type { ElementBehaviour } from './behaviour';

/** A gateway that chooses its outgoing flows by their conditions on activation and takes them when it completes. */
export function conditionalFork(firstOnly: boolean): ElementBehaviour {
  return {
    activate(rt, ei) {
      const flows = chooseFlows(rt, ei, rt.node(ei), firstOnly);
      if (flows === null) return;
      rt.setRuntime(ei.key, { chosenFlows: flows });
      completeElement(rt, ei.key);
    },
    leave: (rt, ei) => takeOutgoing(rt, ei, ei.runtime.chosenFlows ?? []),
  };
}

export const exclusiveGateway: ElementBehaviour = conditionalFork(true);

/** Multi-instance body: wraps the inner instances of a multi-instance activity (see ../multi-instance.ts). */
import { activateMultiInstanceBody, collectOutputElement, innerInstanceCompleted } from '../multi-instance';
import type { ElementBehaviour } from './behaviour';

export const multiInstanceBody: ElementBehaviour = {
  activate: (rt, body) => activateMultiInstanceBody(rt, body, rt.node(body)),
  runsWhenTriggered: true,
  leavesMappingsToInner: true,
  hostsInnerInstances: true,
  collectChild: collectOutputElement,
  childCompleted: innerInstanceCompleted,
};

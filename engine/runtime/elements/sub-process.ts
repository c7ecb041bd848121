/** Embedded sub-process: a flow scope that starts at its none start event. */
import type { ElementBehaviour } from './behaviour';
import { activateScopeStart } from './scope-start';

export const subProcess: ElementBehaviour = {
  activate: activateScopeStart,
  isFlowScope: true,
};

/**
 * Ad-hoc sub-process: a flow scope whose inner elements are activated on demand, each in an inner
 * instance of its own (see ../ad-hoc.ts).
 */
import { activateAdHoc, activateInnerElement, adHocMayComplete, innerFlowCompleting, propagateOutputCollection } from '../ad-hoc';
import { releaseJobs } from '../jobs';
import type { ElementBehaviour } from './behaviour';

export const adHocSubProcess: ElementBehaviour = {
  activate: activateAdHoc,
  isFlowScope: true,
  mayComplete: adHocMayComplete,
  collectChild: innerFlowCompleting,
  collectErrorType: 'EXTRACT_VALUE_ERROR',
  completing: propagateOutputCollection,
  // Job worker mode: its job goes with it.
  terminate: releaseJobs,
};

/** Inner instance: the scope of one activated element and the flow after it; done when that flow is. */
export const adHocInnerInstance: ElementBehaviour = {
  activate: activateInnerElement,
  isFlowScope: true,
};

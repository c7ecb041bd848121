/** Ad-hoc sub-process: a flow scope whose inner elements are activated on demand (see ../ad-hoc.ts). */
import { activateAdHoc, adHocMayComplete, innerElementCompleting, propagateOutputCollection } from '../ad-hoc';
import { releaseJobs } from '../jobs';
import type { ElementBehaviour } from './behaviour';

export const adHocSubProcess: ElementBehaviour = {
  activate: activateAdHoc,
  isFlowScope: true,
  mayComplete: adHocMayComplete,
  collectChild: innerElementCompleting,
  collectErrorType: 'EXTRACT_VALUE_ERROR',
  completing: propagateOutputCollection,
  // Job worker mode: its job goes with it.
  terminate: releaseJobs,
};

/** Call activity: starts a child process instance (see ../call-activity.ts) and ends it when terminated. */
import { startCalledProcess, terminateCalledProcess } from '../call-activity';
import type { ElementBehaviour } from './behaviour';

export const callActivity: ElementBehaviour = {
  activate: (rt, ei) => startCalledProcess(rt, ei, rt.node(ei)),
  terminate: terminateCalledProcess,
};

/** Undefined task and manual task: nothing to do, the token passes at once. */
import { completeElement } from '../lifecycle';
import type { ElementBehaviour } from './behaviour';

export const passThrough: ElementBehaviour = {
  activate: (rt, ei) => completeElement(rt, ei.key),
};

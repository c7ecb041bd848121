/** What escalation, signal and compensation throw events (intermediate and end) do on activation. */
import type { EventDefinition } from '../../model/types';
import type { ElementInstanceRecord } from '../../state/records';
import { throwCompensation } from '../compensation';
import { throwEscalation } from '../escalations';
import { evalString } from '../expressions';
import { completeElement } from '../lifecycle';
import type { Runtime } from '../runtime';
import { broadcastSignal } from '../signals';
import { localVariables } from '../variables';

/** Returns false when the definition throws nothing this way (the caller completes the element). */
export function throwEventDefinition(rt: Runtime, ei: ElementInstanceRecord, def: EventDefinition | undefined): boolean {
  if (def?.kind === 'escalation') {
    const code = def.escalationCode ? evalString(rt, ei.key, def.escalationCode, 'escalation code') : '';
    throwEscalation(rt, ei, code);
    return true;
  }
  if (def?.kind === 'signal') {
    const name = evalString(rt, ei.key, def.signalName, 'signal name');
    // The signal carries the throw event's local variables, i.e. those of its input mappings, as Zeebe's do.
    broadcastSignal(rt, name, localVariables(rt, ei.key), ei.tenantId);
    if (rt.ei(ei.key)?.state === 'ACTIVE') completeElement(rt, ei.key);
    return true;
  }
  if (def?.kind === 'compensate') {
    // Zeebe's waitForCompletion is always true: the event completes when the invoked handlers have.
    if (!throwCompensation(rt, ei, def.activityRef)) completeElement(rt, ei.key);
    return true;
  }
  return false;
}

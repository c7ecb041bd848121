import type { FlowNode } from '../model/types';
import type { ElementInstanceRecord } from '../state/records';
import { EvaluationError } from '../errors';
import { evalFeel, typeName } from './expressions';
import { raiseIncident } from './incidents';
import type { Runtime } from './runtime';

/**
 * Exclusive gateway: the first flow whose condition is true, else the default flow.
 * Inclusive gateway: every flow whose condition is true, else the default flow.
 * `firstOnly` makes the exclusive choice. No match and no default raises a CONDITION_ERROR incident, as in Zeebe. Returns null then.
 */
export function chooseFlows(rt: Runtime, ei: ElementInstanceRecord, node: FlowNode, firstOnly: boolean): string[] | null {
  const flows = node.outgoing.map((id) => rt.model(ei.processDefinitionKey).flows.get(id)!);
  if (flows.length === 1 && !flows[0].condition) return [flows[0].id];
  const chosen: string[] = [];
  for (const flow of flows) {
    if (flow.id === node.defaultFlow) continue;
    if (!flow.condition) {
      chosen.push(flow.id);
    } else {
      const result = evalFeel(rt, ei.key, flow.condition);
      if (typeof result !== 'boolean') {
        throw new EvaluationError(
          `Expected result of the expression '${flow.condition}' to be 'BOOLEAN', but was '${typeName(result)}'.`,
          flow.condition,
        );
      }
      if (result) chosen.push(flow.id);
    }
    if (chosen.length > 0 && firstOnly) return chosen;
  }
  if (chosen.length > 0) return chosen;
  if (node.defaultFlow) return [node.defaultFlow];
  raiseIncident(rt, ei, 'CONDITION_ERROR', `Expected at least one condition to evaluate to true, or to have a default flow`, 'activate');
  return null;
}

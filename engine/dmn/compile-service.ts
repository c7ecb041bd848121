/**
 * Decision services (DMN 1.3 §6.3.11): their output decisions and parameters, the input data
 * (by variable name and typeRef) followed by the input decisions (by result name).
 */
import type { ModdleElement } from 'dmn-moddle';
import type { DmnType } from './item-types';
import type { DecisionService, ServiceParameter } from './model';
import { localId, type Drg } from './parse-context';
import { child, list, str } from './read-xml';

function referencedIds(service: ModdleElement, prop: string, serviceId: string, drg: Drg): string[] {
  return list(service, prop)
    .map((ref) => str(ref, 'href'))
    .map((href) => (href === undefined ? undefined : localId(href, serviceId, drg)))
    .filter((id): id is string => id !== undefined);
}

/** The service's variable has the service's function type: its result has the function's output type. */
function resultType(type: DmnType | undefined): DmnType | undefined {
  return typeof type === 'object' && type.isFunction ? type.output : type;
}

/**
 * The decision services among the DRG elements, by id. dmn-scala (so Zeebe) ignores decision
 * services, so one with broken references does not reject the file: it is left out, and invoking
 * it finds no function.
 */
export function compileDecisionServices(elements: ModdleElement[], model: Drg): Map<string, DecisionService> {
  const byId = new Map(elements.map((e) => [str(e, 'id'), e]));
  const services = new Map<string, DecisionService>();
  for (const element of elements.filter((e) => e.$type === 'dmn:DecisionService')) {
    const id = str(element, 'id');
    if (!id) continue;
    const drg: Drg = { ...model, problems: [] };
    const variableOf = (el: ModdleElement | undefined): ModdleElement | undefined => child(el, 'variable');
    const inputData: ServiceParameter[] = referencedIds(element, 'inputData', id, drg).map((ref) => {
      const input = byId.get(ref);
      return { name: str(variableOf(input), 'name') ?? str(input, 'name') ?? ref, typeRef: drg.typeOf(str(variableOf(input), 'typeRef')) };
    });
    const inputDecisions: ServiceParameter[] = referencedIds(element, 'inputDecision', id, drg).map((ref) => {
      const decision = byId.get(ref);
      return { name: str(variableOf(decision), 'name') ?? ref, decisionId: ref, typeRef: drg.typeOf(str(variableOf(decision), 'typeRef')) };
    });
    for (const p of [...inputData, ...inputDecisions]) {
      if (p.decisionId !== undefined && byId.get(p.decisionId)?.$type !== 'dmn:Decision') {
        drg.problems.push({ field: id, message: `Input decision '${p.decisionId}' not found` });
      }
    }
    const outputDecisions = referencedIds(element, 'outputDecision', id, drg);
    for (const out of outputDecisions) {
      if (byId.get(out)?.$type !== 'dmn:Decision') drg.problems.push({ field: id, message: `Output decision '${out}' not found` });
    }
    if (drg.problems.length > 0) continue;
    services.set(id, {
      id,
      name: str(variableOf(element), 'name') ?? str(element, 'name') ?? id,
      parameters: [...inputData, ...inputDecisions],
      outputDecisions,
      resultType: resultType(drg.typeOf(str(variableOf(element), 'typeRef'))),
    });
  }
  return services;
}

/**
 * Decision services (DMN 1.3 §6.3.11, §10.4): invoked as FEEL functions by the decisions and
 * knowledge models requiring them, or evaluated on their own. The service sees only its
 * parameters: input data as variables, input decisions as given results; its output decisions
 * (and what they require) are evaluated as in a decision evaluation.
 */
import { FeelFunction } from 'feelin';
import { EvaluationError } from '../errors';
import type { DecisionService, DmnModel } from './model';
import { applyType } from './type-check';

/** Evaluates decisions of the model with given variables and given results of some decisions. */
export type DecisionRunner = (
  model: DmnModel,
  variables: Record<string, unknown>,
  given: Map<string, unknown>,
  decisionIds: string[],
) => { results: Map<string, unknown> } | { failure: string };

/** The service's result for `args` (parameter name → value): one output's value, else a context by name. */
export function evaluateService(model: DmnModel, service: DecisionService, args: Record<string, unknown>, run: DecisionRunner): unknown {
  const variables: Record<string, unknown> = {};
  const given = new Map<string, unknown>();
  for (const p of service.parameters) {
    const arg = args[p.name] ?? null;
    const value = applyType(arg, p.typeRef);
    // a parameter of another type is not invoked with (TCK 0085 007)
    if (value === null && arg !== null) {
      throw new EvaluationError(
        `decision service '${service.name}': parameter '${p.name}' is not of type '${typeof p.typeRef === 'string' ? p.typeRef : p.typeRef?.name}'`,
      );
    }
    if (p.decisionId !== undefined) given.set(p.decisionId, value);
    else variables[p.name] = value;
  }
  const outcome = run(model, variables, given, service.outputDecisions);
  if ('failure' in outcome) throw new EvaluationError(outcome.failure);
  const outputs = service.outputDecisions.map((id) => [model.decisions.get(id)!.resultName, outcome.results.get(id) ?? null] as const);
  const value = outputs.length === 1 ? outputs[0][1] : Object.fromEntries(outputs);
  return applyType(value, service.resultType);
}

/** The service as a FEEL function of its parameters, in their order (input data, then input decisions). */
export function serviceFunction(model: DmnModel, service: DecisionService, run: DecisionRunner): FeelFunction {
  const names = service.parameters.map((p) => p.name);
  return new FeelFunction((...values: unknown[]) => {
    if (values.length !== names.length) {
      throw new EvaluationError(`decision service '${service.name}' expects ${names.length} parameters, got ${values.length}`);
    }
    return evaluateService(model, service, Object.fromEntries(names.map((n, i) => [n, values[i] ?? null])), run);
  }, names);
}

/**
 * Evaluates a decision with its required decisions (depth first, each once). Like Zeebe, a
 * failure does not throw: the result names the failed decision and the reason, and lists the
 * decisions evaluated up to and including the failed one.
 */
import type { FeelFunction } from 'feelin';
import { EvaluationError } from '../errors';
import { evaluateFeelRaw, toJsonText } from '../feel';
import { evaluateBoxed, knowledgeFunctions } from './evaluate-boxed';
import { evaluateService, serviceFunction, type DecisionRunner } from './evaluate-service';
import { evaluateTable } from './evaluate-table';
import { bindImported, importedElement, importedVariables } from './imports';
import type { Decision, DmnModel } from './model';
import { applyType } from './type-check';
import type { DecisionEvaluation, EvaluatedDecision } from './types';

interface Run {
  model: DmnModel;
  variables: Record<string, unknown>;
  results: Map<string, unknown>;
  evaluated: EvaluatedDecision[];
  knowledge: Map<string, FeelFunction>;
  failure?: { decisionId: string; message: string };
}

function record(
  run: Run,
  decision: Decision,
  output: unknown,
  partial?: Pick<EvaluatedDecision, 'evaluatedInputs' | 'matchedRules'>,
): void {
  run.evaluated.push({
    decisionId: decision.id,
    decisionName: decision.name,
    decisionType: decision.logic.kind,
    decisionOutput: toJsonText(output),
    evaluatedInputs: partial?.evaluatedInputs ?? [],
    matchedRules: partial?.matchedRules ?? [],
  });
}

/** Evaluates the decision (after its requirements) into run.results; false once anything failed. */
function evaluate(run: Run, decision: Decision): boolean {
  if (run.results.has(decision.id)) return true;
  const service = (model: DmnModel, id: string): FeelFunction => serviceFunction(model, model.decisionServices.get(id)!, runDecisions);
  const context: Record<string, unknown> = {
    ...run.variables,
    ...knowledgeFunctions(run.model, decision.requiredKnowledge, run.knowledge, service),
  };
  for (const id of decision.requiredDecisions) {
    const imported = importedElement(run.model, id);
    if (imported) {
      // evaluated in its own model, with the variables the import sees; known as `<import>.<name>`
      const { model, name } = imported.imported;
      const sub = start(model, importedVariables(run.variables, name));
      const required = model.decisions.get(imported.id)!;
      const ok = evaluate(sub, required);
      run.evaluated.push(...sub.evaluated);
      if (!ok) {
        run.failure = sub.failure;
        return false;
      }
      bindImported(context, name, required.resultName, sub.results.get(imported.id));
      continue;
    }
    const required = run.model.decisions.get(id)!;
    if (!evaluate(run, required)) return false;
    context[required.resultName] = run.results.get(id);
  }
  if (decision.logic.kind !== 'DECISION_TABLE') {
    try {
      const logic = decision.logic;
      if (logic.kind === 'MISSING') throw new EvaluationError('the decision has no decision logic');
      const value =
        logic.kind === 'LITERAL_EXPRESSION' ? evaluateFeelRaw(logic.expression, context).value : evaluateBoxed(logic.expression, context);
      const typed = applyType(value, decision.resultType);
      run.results.set(decision.id, typed);
      record(run, decision, typed);
      return true;
    } catch (e) {
      if (!(e instanceof EvaluationError)) throw e;
      record(run, decision, null);
      run.failure = { decisionId: decision.id, message: e.message };
      return false;
    }
  }
  const outcome = evaluateTable(decision.logic, context);
  if (outcome.failure === undefined) {
    try {
      outcome.value = applyType(outcome.value, decision.resultType);
    } catch (e) {
      if (!(e instanceof EvaluationError)) throw e;
      outcome.failure = e.message;
    }
  }
  record(run, decision, outcome.failure === undefined ? outcome.value : null, outcome);
  if (outcome.failure !== undefined) {
    run.failure = { decisionId: decision.id, message: outcome.failure };
    return false;
  }
  run.results.set(decision.id, outcome.value);
  return true;
}

function start(model: DmnModel, variables: Record<string, unknown>, given = new Map<string, unknown>()): Run {
  return { model, variables, results: new Map(given), evaluated: [], knowledge: new Map() };
}

/** Evaluates decisions with some results given (a decision service's input decisions). */
const runDecisions: DecisionRunner = (model, variables, given, decisionIds) => {
  const run = start(model, variables, given);
  for (const id of decisionIds) {
    if (!evaluate(run, model.decisions.get(id)!)) return { failure: run.failure!.message };
  }
  return { results: run.results };
};

/** The id of the decision service named `name`. */
export function decisionServiceIdByName(model: DmnModel, name: string): string | undefined {
  for (const s of model.decisionServices.values()) if (s.name === name) return s.id;
  return undefined;
}

/** A decision service's FEEL value for its parameters taken from `variables` by name, or why it failed. */
export function evaluateDecisionServiceValue(
  model: DmnModel,
  serviceId: string,
  variables: Record<string, unknown>,
): { value: unknown } | { failureMessage: string } {
  const service = model.decisionServices.get(serviceId);
  if (!service) return { failureMessage: `no decision service found with id '${serviceId}'` };
  try {
    return { value: evaluateService(model, service, variables, runDecisions) };
  } catch (e) {
    if (!(e instanceof EvaluationError)) throw e;
    return { failureMessage: e.message };
  }
}

/** The id of the decision named `name` (the TCK and dmn-scala's evalByName address decisions by name). */
export function decisionIdByName(model: DmnModel, name: string): string | undefined {
  for (const d of model.decisions.values()) if (d.name === name) return d.id;
  return undefined;
}

/** The decision's FEEL value (dates, durations, functions as FEEL values), or why it failed. */
export function evaluateDecisionValue(
  model: DmnModel,
  decisionId: string,
  variables: Record<string, unknown>,
): { value: unknown } | { failedDecisionId: string; failureMessage: string } {
  const decision = model.decisions.get(decisionId);
  if (!decision) return { failedDecisionId: decisionId, failureMessage: `no decision found with id '${decisionId}'` };
  const run = start(model, variables);
  if (!evaluate(run, decision)) return { failedDecisionId: run.failure!.decisionId, failureMessage: run.failure!.message };
  return { value: run.results.get(decisionId) };
}

/**
 * Evaluates `decisionId` against the variables. On failure, failedDecisionId and failureMessage
 * are set; failureMessage is the reason only (Zeebe prefixes it with
 * "Expected to evaluate decision '<id>', but ").
 */
export function evaluateDecision(model: DmnModel, decisionId: string, variables: Record<string, unknown>): DecisionEvaluation {
  const decision = model.decisions.get(decisionId);
  if (!decision) {
    return {
      decisionOutput: 'null',
      evaluatedDecisions: [],
      failedDecisionId: decisionId,
      failureMessage: `no decision found with id '${decisionId}'`,
    };
  }
  const run = start(model, variables);
  if (!evaluate(run, decision)) {
    return {
      decisionOutput: 'null',
      evaluatedDecisions: run.evaluated,
      failedDecisionId: run.failure!.decisionId,
      failureMessage: run.failure!.message,
    };
  }
  return { decisionOutput: toJsonText(run.results.get(decisionId)), evaluatedDecisions: run.evaluated };
}

/** As evaluateDecision, but throws an EvaluationError worded like Zeebe's incident on failure. */
export function evaluateDecisionOrThrow(model: DmnModel, decisionId: string, variables: Record<string, unknown>): DecisionEvaluation {
  const result = evaluateDecision(model, decisionId, variables);
  if (result.failureMessage !== undefined) {
    throw new EvaluationError(`Expected to evaluate decision '${decisionId}', but ${result.failureMessage}`);
  }
  return result;
}

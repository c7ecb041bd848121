/**
 * Evaluates boxed expressions and business knowledge models. Failures throw EvaluationError;
 * evaluate.ts turns them into the decision's failure, as for decision tables.
 */
import { FeelFunction, isFunction } from 'feelin';
import { EvaluationError } from '../errors';
import { evaluateFeelRaw, toJsonText } from '../feel';
import { evaluateTable } from './evaluate-table';
import type { BoxedExpression, DmnModel } from './model';
import { bindImported, importedElement } from './imports';
import type { DmnType } from './item-types';
import { applyType } from './type-check';

type Scope = Record<string, unknown>;

function feelFunction(parameters: string[], types: (DmnType | undefined)[], body: BoxedExpression, closure: Scope): FeelFunction {
  return new FeelFunction((...args: unknown[]) => {
    const scope: Scope = { ...closure };
    for (const [i, p] of parameters.entries()) {
      scope[p] = applyType(args[i], types[i]);
      // an argument that does not conform to its item definition makes the invocation null (DMN 1.3 §10.3.2.9.4)
      if (scope[p] === null && args[i] !== null && args[i] !== undefined) return null;
    }
    return evaluateBoxed(body, scope);
  }, parameters);
}

function invoke(callee: string, fn: unknown, args: Scope): unknown {
  if (!isFunction(fn)) throw new EvaluationError(`no function found with name '${callee}'`);
  const result: unknown = fn.invoke(args);
  if (result !== null && typeof result === 'object' && result.constructor.name === 'InvocationFailure') {
    throw new EvaluationError(`failed to invoke function '${callee}' with parameters ${toJsonText(args)}`);
  }
  return result;
}

/** A single value where a list is expected is the list of that value, as in FEEL. */
function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === null || value === undefined ? [] : [value];
}

/** true, false or null: what a condition may give. */
function isTruth(value: unknown): boolean {
  return value === true || value === false || value === null || value === undefined;
}

function isContext(value: unknown): value is Scope {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

export function evaluateBoxed(expression: BoxedExpression, scope: Scope): unknown {
  switch (expression.kind) {
    case 'LITERAL':
      return expression.source === '' ? null : evaluateFeelRaw(expression.source, scope).value;
    case 'TABLE': {
      const outcome = evaluateTable(expression.table, scope);
      if (outcome.failure !== undefined) throw new EvaluationError(outcome.failure);
      return outcome.value;
    }
    case 'CONTEXT': {
      const local: Scope = { ...scope };
      const result: Scope = {};
      for (const entry of expression.entries) {
        const value = evaluateBoxed(entry.value, local);
        if (entry.name === undefined) return value; // the final result entry
        result[entry.name] = value;
        local[entry.name] = value;
      }
      return result;
    }
    case 'LIST':
      return expression.items.map((item) => evaluateBoxed(item, scope));
    case 'RELATION':
      return expression.rows.map((row) =>
        Object.fromEntries(expression.columns.map((column, i) => [column, row[i] ? evaluateBoxed(row[i], scope) : null])),
      );
    case 'FUNCTION':
      return feelFunction(expression.parameters, expression.types, expression.body, scope);
    case 'INVOCATION': {
      const fn = evaluateFeelRaw(expression.callee, scope).value;
      const args = Object.fromEntries(expression.bindings.map((b) => [b.name, b.value ? evaluateBoxed(b.value, scope) : null]));
      return invoke(expression.callee, fn, args);
    }
    // A condition, match or test that gives neither a boolean nor null makes the result null (TCK 1150-1154).
    case 'CONDITIONAL': {
      const condition = evaluateBoxed(expression.condition, scope);
      if (!isTruth(condition)) return null;
      return evaluateBoxed(condition === true ? expression.then : expression.else, scope);
    }
    case 'FILTER': {
      // The match sees the item as `item` and, when the item is a context, its entries by name.
      const items = asList(evaluateBoxed(expression.list, scope));
      const matches = items.map((item) => evaluateBoxed(expression.match, { ...scope, ...(isContext(item) ? item : {}), item }));
      return matches.every(isTruth) ? items.filter((_, i) => matches[i] === true) : null;
    }
    case 'FOR':
    case 'SOME':
    case 'EVERY': {
      const results = asList(evaluateBoxed(expression.list, scope)).map((item) =>
        evaluateBoxed(expression.body, { ...scope, [expression.variable]: item }),
      );
      if (expression.kind === 'FOR') return results;
      if (!results.every(isTruth)) return null;
      return expression.kind === 'SOME' ? results.some((r) => r === true) : results.every((r) => r === true);
    }
    case 'UNSUPPORTED':
      throw new EvaluationError(expression.message);
  }
}

/**
 * The business knowledge models and decision services `ids` as FEEL functions by name, each
 * knowledge model seeing what it requires (and itself, for recursion). `cache` keeps one function
 * per model and evaluation; `service` makes a decision service's function.
 */
export function knowledgeFunctions(
  model: DmnModel,
  ids: readonly string[],
  cache: Map<string, FeelFunction>,
  service: (model: DmnModel, id: string) => FeelFunction | undefined,
): Scope {
  const scope: Scope = {};
  for (const id of ids) {
    const imported = importedElement(model, id);
    if (imported) {
      // its own model's functions, known by the import name: `myimport.Say Hello(…)`
      const own = knowledgeFunctions(imported.imported.model, [imported.id], new Map(), service);
      for (const [name, fn] of Object.entries(own)) bindImported(scope, imported.imported.name, name, fn);
      continue;
    }
    const bkm = model.knowledgeModels.get(id);
    const decisionService = bkm ? undefined : model.decisionServices.get(id);
    if (decisionService) scope[decisionService.name] = service(model, id);
    if (!bkm) continue;
    let fn = cache.get(id);
    if (!fn) {
      const closure: Scope = {};
      fn = feelFunction(bkm.parameters, bkm.types, bkm.body, closure);
      cache.set(id, fn);
      Object.assign(closure, knowledgeFunctions(model, bkm.requiredKnowledge, cache, service), { [bkm.name]: fn });
    }
    scope[bkm.name] = fn;
  }
  return scope;
}

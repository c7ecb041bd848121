/**
 * Boxed expressions (DMN 1.3 chapter 10) into the executable model: contexts, lists, relations,
 * function definitions, invocations, and decision tables and literal expressions nested in them.
 */
import type { ModdleElement } from 'dmn-moddle';
import { compileDecisionTable, expressionText, type Scope } from './compile-logic';
import type { BoxedExpression, BoxedLogic } from './model';
import { child, list, str } from './read-xml';

const NULL: BoxedExpression = { kind: 'LITERAL', source: '' };

function name(el: ModdleElement | undefined): string {
  return str(child(el, 'variable') ?? child(el, 'parameter') ?? el, 'name') ?? '';
}

function compileFunction(scope: Scope, el: ModdleElement): BoxedExpression {
  const kind = str(el, 'kind') ?? 'FEEL';
  const parameters = list(el, 'formalParameter').map((p) => str(p, 'name') ?? '');
  const types = list(el, 'formalParameter').map((p) => scope.typeOf(str(p, 'typeRef')));
  // Java and PMML functions fail when invoked, not at deployment: the rest of the model stays usable.
  const body =
    kind === 'FEEL'
      ? (compileBoxed(scope, child(el, 'body')) ?? NULL)
      : ({ kind: 'UNSUPPORTED', message: `functions of kind '${kind}' are not supported` } as const);
  return { kind: 'FUNCTION', parameters, types, body };
}

/** The expression inside a DMN 1.4 child element such as `<if>` or `<in>`. */
function inner(scope: Scope, el: ModdleElement, property: string): BoxedExpression {
  return compileBoxed(scope, child(child(el, property), 'value')) ?? NULL;
}

/** The executable form of a boxed expression; an absent expression is null. */
export function compileBoxed(scope: Scope, el: ModdleElement | undefined): BoxedExpression | undefined {
  if (!el) return NULL;
  switch (el.$type) {
    case 'dmn:LiteralExpression':
      return { kind: 'LITERAL', source: expressionText(scope, el, false) };
    case 'dmn:DecisionTable':
      return { kind: 'TABLE', table: compileDecisionTable(scope, el) };
    case 'dmn:Context':
      return {
        kind: 'CONTEXT',
        entries: list(el, 'contextEntry').map((entry) => {
          const variable = child(entry, 'variable');
          const value = compileBoxed(scope, child(entry, 'value')) ?? NULL;
          return variable ? { name: str(variable, 'name') ?? '', value } : { value };
        }),
      };
    case 'dmn:List':
      return { kind: 'LIST', items: list(el, 'elements').map((item) => compileBoxed(scope, item) ?? NULL) };
    case 'dmn:Relation':
      return {
        kind: 'RELATION',
        columns: list(el, 'column').map((c) => str(c, 'name') ?? ''),
        rows: list(el, 'row').map((row) => list(row, 'elements').map((cell) => compileBoxed(scope, cell) ?? NULL)),
      };
    case 'dmn:FunctionDefinition':
      return compileFunction(scope, el);
    case 'dmn:Invocation':
      return {
        kind: 'INVOCATION',
        callee: expressionText(scope, child(el, 'calledFunction'), true),
        bindings: list(el, 'binding').map((b) => ({
          name: name(b),
          value: child(b, 'bindingFormula') ? (compileBoxed(scope, child(b, 'bindingFormula')) ?? NULL) : null,
        })),
      };
    case 'dmn:Conditional':
      return { kind: 'CONDITIONAL', condition: inner(scope, el, 'if'), then: inner(scope, el, 'then'), else: inner(scope, el, 'else') };
    case 'dmn:Filter':
      return { kind: 'FILTER', list: inner(scope, el, 'in'), match: inner(scope, el, 'match') };
    case 'dmn:For':
    case 'dmn:Some':
    case 'dmn:Every':
      return {
        kind: el.$type === 'dmn:For' ? 'FOR' : el.$type === 'dmn:Some' ? 'SOME' : 'EVERY',
        variable: str(el, 'iteratorVariable') ?? 'item',
        list: inner(scope, el, 'in'),
        body: inner(scope, el, el.$type === 'dmn:For' ? 'return' : 'satisfies'),
      };
    default:
      scope.problems.push({
        field: str(el, 'id') ?? scope.decisionId,
        message: `unsupported expression '${el.$type.replace(/^dmn:/, '')}'`,
      });
      return undefined;
  }
}

const LOGIC_KINDS: Record<string, BoxedLogic['kind']> = {
  'dmn:Context': 'CONTEXT',
  'dmn:List': 'LIST',
  'dmn:Relation': 'RELATION',
  'dmn:Invocation': 'INVOCATION',
  'dmn:FunctionDefinition': 'FUNCTION_DEFINITION',
  'dmn:Conditional': 'CONDITIONAL',
  'dmn:Filter': 'FILTER',
  'dmn:For': 'ITERATOR',
  'dmn:Some': 'ITERATOR',
  'dmn:Every': 'ITERATOR',
};

/** A decision's logic when it is a boxed expression other than a table or a literal expression. */
export function compileBoxedLogic(scope: Scope, el: ModdleElement): BoxedLogic | undefined {
  const kind = LOGIC_KINDS[el.$type];
  if (!kind) return undefined;
  const expression = compileBoxed(scope, el);
  return expression && { kind, expression };
}

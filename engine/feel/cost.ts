/**
 * Which evaluations need the time budget (budget.ts). Its watchdog (node:vm's timeout) starts a
 * thread per evaluation, which costs more than a DMN cell such as `not("mobile")` or
 * `count(plan.bureaus) > 0` itself. Work that is not bounded by the expression and the values it
 * touches comes only from iteration (for/some/every, filters with a condition), function
 * definitions, calls of functions the expression or its variables define (recursion), regular
 * expressions (backtracking) and sorting with a FEEL function. So an expression runs without the
 * watchdog when its parse tree has none of these: only literals, names, paths, comparisons,
 * arithmetic, if/then/else, lists, contexts, ranges, index filters and calls of built-ins that
 * are linear (or n log n) in their arguments.
 *
 * The classification depends on the text only: the parse runs with the names the parser may
 * join into one (Camunda's multi-word built-ins); the variables names.ts hands feelin are plain
 * identifiers, aliases and `?`, which do not change the tree. Whether a called name is really the
 * built-in depends on the context and is checked per evaluation.
 */
import { parseExpression, parseUnaryTests } from 'feelin';
import { extensionFunctions } from './extensions';
import { parseContext } from './names';
import { arithmeticFunctions, children, type Node } from './rewrite';
import { segments } from './source';
import type { FeelDialect } from './syntax';

/** The text test of old, kept as the first step: what it passes needs no parse at all. */
const MAY_ITERATE_OR_CALL = /[([]|\b(?:for|some|every)\b/;
const LOOP_KEYWORDS = /\b(?:for|some|every|function)\b/;
const LONGEST_CLASSIFIED = 500;

/** Node types whose evaluation is bounded by the expression and its values. */
const BOUNDED_NODES = new Set(
  `Expression Expressions UnaryTests PositiveUnaryTests PositiveUnaryTest SimplePositiveUnaryTest Wildcard not
  LineComment BlockComment Name Identifier BacktickIdentifier VariableName PathExpression PathName QualifiedName . ? , ( ) [ ] { }
  NumericLiteral StringLiteral BooleanLiteral null DateTimeLiteral DateTimeConstructor AtLiteral date time duration
  ArithmeticExpression ArithOp Comparison CompareOp between in Disjunction or Conjunction and
  IfExpression if then else ParenthesizedExpression List Interval .. Context ContextEntry Key
  InstanceOfExpression instance of Type SpecialType days years months ListType list ContextType context
  ContextEntryTypes ContextEntryType > < FilterExpression FunctionInvocation PositionalParameters NamedParameters
  NamedParameter ParameterName`.split(/\s+/),
);

/**
 * Built-ins whose cost is linear (or n log n) in their arguments: no regular expression on user
 * patterns (replace, matches, split, extract), no FEEL function argument (sort, list replace),
 * nothing quadratic (union, distinct values, and number and trim, whose own regular expressions
 * backtrack quadratically on a long run of digits or blanks).
 */
const BOUNDED_FUNCTIONS = new Set([
  ...Object.keys(arithmeticFunctions),
  ...`string|date|time|date and time|duration|years and months duration|now|today|not|substring|string length|
  upper case|lower case|substring before|substring after|contains|starts with|ends with|string join|is blank|
  to base64|uuid|random number|list contains|count|min|max|sum|mean|all|any|sublist|append|concatenate|insert before|
  remove|reverse|index of|flatten|product|median|stddev|mode|decimal|floor|ceiling|abs|round up|round down|
  round half up|round half down|modulo|sqrt|log|exp|odd|even|is|before|after|meets|met by|overlaps|overlaps before|
  overlaps after|finishes|finished by|includes|during|starts|started by|coincides|day of year|day of week|
  month of year|week of year|last day of month|get value|get entries|context|context merge|context put|put|put all|
  is defined|get or else|assert|is empty|duplicate values|partition|cycle`
    .split('|')
    .map((name) => name.trim()),
]);

/** Our own function objects: a context entry holding one of them is still the built-in. */
const OWN_FUNCTIONS: ReadonlySet<unknown> = new Set([...Object.values(extensionFunctions), ...Object.values(arithmeticFunctions)]);

export interface Classification {
  /** Needs the watchdog whatever the context. */
  long: boolean;
  /** Names called as built-ins; a context entry of that name (not ours) makes the call a user function's. */
  callees: readonly string[];
}

const LONG: Classification = { long: true, callees: [] };
const SHORT: Classification = { long: false, callees: [] };

/** The name called, when the callee is a plain (not backtick) name. */
function calleeName(source: string, invocation: Node): string | undefined {
  const callee = invocation.firstChild;
  if (callee?.name !== 'VariableName' || children(callee).some((c) => c.name !== 'Identifier')) return undefined;
  return source.slice(callee.from, callee.to).replace(/\s+/g, ' ');
}

/** An index filter `xs[1]`: one number literal between the brackets. */
function isIndexFilter(filter: Node): boolean {
  const inner = children(filter).filter((c) => !['[', ']'].includes(c.name) && !c.name.endsWith('Comment'));
  return inner.length === 2 && inner[1].name === 'NumericLiteral';
}

export function classify(source: string, dialect: FeelDialect): Classification {
  if (source.length > LONGEST_CLASSIFIED) return LONG;
  if (!MAY_ITERATE_OR_CALL.test(source)) return SHORT;
  if (segments(source).some((seg) => seg.kind === 'code' && LOOP_KEYWORDS.test(source.slice(seg.from, seg.to)))) return LONG;
  let top: Node;
  try {
    top = (dialect === 'expression' ? parseExpression : parseUnaryTests)(source, parseContext, 'camunda').topNode as unknown as Node;
  } catch {
    return LONG;
  }
  const callees = new Set<string>();
  const bounded = (node: Node): boolean => {
    if (node.type.isError || !BOUNDED_NODES.has(node.name)) return false;
    if (node.name === 'FilterExpression' && !isIndexFilter(node)) return false;
    if (node.name === 'FunctionInvocation') {
      const name = calleeName(source, node);
      if (name === undefined || !BOUNDED_FUNCTIONS.has(name)) return false;
      callees.add(name);
    }
    return children(node).every(bounded);
  };
  return bounded(top) ? { long: false, callees: [...callees] } : LONG;
}

/** A bounded map that forgets the least recently used entry. */
export class LruCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}

export const classifications = new LruCache<Classification>(4096);

/** Whether evaluating `source` (as handed to feelin) with `context` needs the time budget. */
export function mayRunLong(source: string, dialect: FeelDialect, context: Record<string, unknown>): boolean {
  if (source.length <= LONGEST_CLASSIFIED && !MAY_ITERATE_OR_CALL.test(source)) return false;
  const key = `${dialect === 'expression' ? 'e' : 'u'}${source}`;
  let found = classifications.get(key);
  if (!found) {
    found = classify(source, dialect);
    classifications.set(key, found);
  }
  return found.long || found.callees.some((name) => Object.hasOwn(context, name) && !OWN_FUNCTIONS.has(context[name]));
}

/**
 * Bridges a difference between feelin and feel-scala in how variable names are resolved.
 *
 * feelin lets its parser recognise any context key as a name, so a variable `a-b` turns the
 * expression `a - b` into a lookup of `a-b`. feel-scala only knows plain identifiers; other names
 * need backticks. So top-level variables whose names are not plain identifiers are hidden from
 * the parser, and backtick references to them are rewritten to generated aliases.
 *
 * feelin also resolves a call `count(xs)` through the context first, so a variable `count` would
 * shadow the built-in; feel-scala keeps functions and variables apart. Calls of built-in names that
 * a variable shadows are rewritten to aliases bound to the built-in.
 */
import { evaluate } from 'feelin';
import { extensionFunctions, extensionNames } from './extensions';
import { segments } from './source';

const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u;
const KEYWORDS = new Set([
  'true',
  'false',
  'null',
  'and',
  'or',
  'for',
  'return',
  'if',
  'then',
  'else',
  'in',
  'some',
  'every',
  'satisfies',
  'instance',
  'of',
  'function',
  'external',
  'between',
  'not',
]);
const ALIAS_PREFIX = '__feel_';

export interface PreparedEvaluation {
  source: string;
  context: Record<string, unknown>;
}

function isPlainName(name: string): boolean {
  return IDENTIFIER.test(name) && !KEYWORDS.has(name) && !name.startsWith(ALIAS_PREFIX) && name !== '__proto__';
}

/** feelin 8.2's one-word built-ins a variable could shadow (date/time/duration are immune). */
const NATIVE_FUNCTIONS = new Set([
  'number',
  'string',
  'substring',
  'replace',
  'contains',
  'matches',
  'split',
  'count',
  'min',
  'max',
  'sum',
  'mean',
  'all',
  'any',
  'sublist',
  'append',
  'concatenate',
  'remove',
  'reverse',
  'union',
  'flatten',
  'product',
  'median',
  'stddev',
  'mode',
  'decimal',
  'floor',
  'ceiling',
  'abs',
  'modulo',
  'sqrt',
  'log',
  'exp',
  'odd',
  'even',
  'is',
  'before',
  'after',
  'meets',
  'overlaps',
  'finishes',
  'includes',
  'during',
  'starts',
  'coincides',
  'sort',
  'context',
]);
const nativeBuiltins = new Map<string, unknown>();

/** feelin's own built-in of that name, found by evaluating the bare name in an empty context. */
function nativeBuiltin(name: string): unknown {
  if (!NATIVE_FUNCTIONS.has(name)) return undefined;
  if (!nativeBuiltins.has(name)) {
    let found: unknown = undefined;
    try {
      const { value } = evaluate(name, {}, 'camunda');
      if (value !== null && (typeof value === 'function' || typeof value === 'object')) found = value;
    } catch {
      // not a name feelin knows
    }
    nativeBuiltins.set(name, found);
  }
  return nativeBuiltins.get(name);
}

function builtinFunction(name: string): unknown {
  return extensionFunctions[name] ?? nativeBuiltin(name);
}

const WORD = /[\p{L}_][\p{L}\p{N}_]*/gu;

/** Every identifier-like word of the source (also inside strings: a superset of the names used). */
function mentionedNames(source: string): Set<string> {
  return new Set(source.match(WORD) ?? []);
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function prepareEvaluation(source: string, variables: Record<string, unknown>): PreparedEvaluation {
  // Only the extension functions the source mentions: feelin copies the whole context per `for` iteration.
  const context: Record<string, unknown> = {};
  for (const name of extensionNames) if (source.includes(name)) context[name] = extensionFunctions[name];
  const shadowed: string[] = [];
  // Only the names the source mentions: the cost follows the expression, not the variables in scope.
  for (const key of mentionedNames(source)) {
    if (!Object.hasOwn(variables, key) || !isPlainName(key)) continue;
    context[key] = variables[key] ?? null;
    if (builtinFunction(key) !== undefined) shadowed.push(key);
  }
  const needsRewrite = source.includes('`') || shadowed.some((name) => source.includes(name));
  if (!needsRewrite) return { source, context };

  const calls = shadowed.length ? new RegExp(`(?<![\\p{L}\\p{N}_.])(${shadowed.map(escapeRegExp).join('|')})(?=\\s*\\()`, 'gu') : null;
  let aliases = 0;
  const aliasFor = (value: unknown): string => {
    const alias = `${ALIAS_PREFIX}${aliases++}`;
    context[alias] = value;
    return alias;
  };
  let out = '';
  for (const seg of segments(source)) {
    const text = source.slice(seg.from, seg.to);
    if (seg.kind === 'code' && calls) {
      out += text.replace(calls, (name) => `\`${aliasFor(builtinFunction(name))}\``);
    } else if (seg.kind === 'backtick' && !isPlainName(seg.name) && Object.hasOwn(variables, seg.name) && !/\.\s*$/.test(out)) {
      out += `\`${aliasFor(variables[seg.name] ?? null)}\``;
    } else {
      out += text;
    }
  }
  return { source: out, context };
}

/** What the parser must know to accept Camunda's multi-word function names at deployment. */
export const parseContext: Readonly<Record<string, unknown>> = Object.fromEntries(
  [...extensionNames].map((name) => [name, extensionFunctions[name]]),
);

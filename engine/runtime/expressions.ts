import { EvaluationError } from '../errors';
import { evaluateFeel } from '../feel';
import type { Expression, Mapping } from '../model/types';
import type { Runtime } from './runtime';
import { assignPath, visibleVariables } from './variables';

type Vars = Record<string, unknown>;

/** Evaluates FEEL against the variables visible from a scope; `extra` shadows them. */
export function evalFeel(rt: Runtime, scopeKey: string | undefined, source: string, extra: Vars = {}): unknown {
  const context = scopeKey ? { ...visibleVariables(rt, scopeKey), ...extra } : extra;
  return evaluateFeel(source, context);
}

export function evalExpression(rt: Runtime, scopeKey: string | undefined, expr: Expression, extra?: Vars): unknown {
  return expr.feel === null ? expr.raw : evalFeel(rt, scopeKey, expr.feel, extra);
}

export function evalString(rt: Runtime, scopeKey: string | undefined, expr: Expression, what: string): string {
  const value = evalExpression(rt, scopeKey, expr);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new EvaluationError(
    `Expected result of the expression '${expr.raw}' to be 'STRING', but was '${typeName(value)}' (${what})`,
    expr.raw,
  );
}

/** A comma-separated static list, or a FEEL list of strings (candidate groups and users). */
export function evalStringList(rt: Runtime, scopeKey: string, expr: Expression): string[] {
  if (expr.feel === null)
    return expr.raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const value = evalFeel(rt, scopeKey, expr.feel);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  if (typeof value === 'string')
    return value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  throw new EvaluationError(
    `Expected result of the expression '${expr.raw}' to be 'ARRAY' of strings, but was '${typeName(value)}'`,
    expr.raw,
  );
}

/** Applies mappings: each source is evaluated against `context`; targets may be paths. */
export function applyMappings(mappings: Mapping[], context: Vars, current: (name: string) => unknown): Vars {
  const out: Vars = {};
  for (const m of mappings) {
    const value = evaluateFeel(m.source, { ...context, ...out });
    assignPath(out, m.target, value, (name) => (name in context ? context[name] : current(name)));
  }
  return out;
}

export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (Array.isArray(value)) return 'ARRAY';
  switch (typeof value) {
    case 'string':
      return 'STRING';
    case 'number':
      return 'NUMBER';
    case 'boolean':
      return 'BOOLEAN';
    default:
      return 'OBJECT';
  }
}

/**
 * Zeebe's expression rule: a value starting with `=` is FEEL, anything else is a static value.
 * Every FEEL expression is syntax-checked at deployment, with Zeebe's wording for the problems.
 */
import type { Expression } from './types';
import type { Problems } from './rejection';

/** FEEL syntax check: an error message, or undefined when the source parses. */
export type CheckExpression = (source: string) => string | undefined;

const FEEL_PATTERN = /^\s*=\s*([\s\S]*)$/;

export function toExpression(raw: string): Expression {
  const match = FEEL_PATTERN.exec(raw);
  return { raw, feel: match ? match[1]! : null };
}

/** A static value as FEEL, for places where the model keeps FEEL source only (e.g. static input mappings). */
export function feelStringLiteral(text: string): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return `"${escaped}"`;
}

export interface ExpressionRules {
  /** Absent is an error ("Expected expression but not found."). */
  mandatory?: boolean;
  /** A static value is an error: the value must be FEEL. */
  nonStatic?: boolean;
}

export class ExpressionChecker {
  constructor(
    private readonly problems: Problems,
    private readonly checkFeel: CheckExpression,
  ) {}

  /** The parsed expression, or undefined when absent or invalid (the problem is recorded on `field`). */
  expression(field: string, raw: string | undefined, rules: ExpressionRules = {}): Expression | undefined {
    if (raw === undefined) {
      if (rules.mandatory) this.problems.add(field, 'Expected expression but not found.');
      return undefined;
    }
    const expression = toExpression(raw);
    if (expression.feel === null) {
      if (rules.nonStatic) {
        this.problems.add(
          field,
          `Expected expression but found static value '${raw}'. An expression must start with '=' (e.g. '=${raw}').`,
        );
        return undefined;
      }
      return expression;
    }
    return this.feelValid(field, expression.feel) ? expression : undefined;
  }

  /** FEEL source of a value that must be an expression (conditions, collections, correlation keys, ...). */
  feel(field: string, raw: string | undefined, rules: { mandatory?: boolean } = {}): string | undefined {
    return this.expression(field, raw, { ...rules, nonStatic: true })?.feel ?? undefined;
  }

  /** Syntax-checks FEEL source (without `=`), recording Zeebe's parse failure message. */
  feelValid(field: string, source: string): boolean {
    let failure: string | undefined;
    try {
      failure = this.checkFeel(source);
    } catch (err) {
      failure = err instanceof Error ? err.message : String(err);
    }
    if (failure === undefined) return true;
    this.problems.add(
      field,
      failure.startsWith('failed to parse expression') ? failure : `failed to parse expression '${source}': ${failure}`,
    );
    return false;
  }
}

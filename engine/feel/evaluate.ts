/**
 * FEEL evaluation with Zeebe's semantics on top of feelin: missing variables and type errors
 * give null plus warnings; only syntax errors, failed assertions and internal errors throw.
 */
import { evaluate, unaryTest, SyntaxError as FeelSyntaxError, type EvaluationResult } from 'feelin';
import { EvaluationError } from '../errors';
import { expressionTooLong, FeelBudgetExceeded, withFeelBudget } from './budget';
import { toJsonValue } from './convert';
import { mayRunLong } from './cost';
import { withArithmeticWarnings } from './arithmetic';
import { rewriteExtendedYears } from './extended-years';
import { withAssertions } from './extensions';
import { prepareEvaluation } from './names';
import { arithmeticFunctions, rewriteArithmetic } from './rewrite';
import { rewriteRangeTypes } from './types';
import { findSyntaxError, type FeelDialect } from './syntax';
import { formatFeelWarnings, toFeelWarnings, type FeelWarning } from './warnings';

export interface FeelResult<T = unknown> {
  value: T;
  warnings: FeelWarning[];
}

function run<T>(
  source: string,
  dialect: FeelDialect,
  variables: Record<string, unknown>,
  evaluateWith: (source: string, context: Record<string, unknown>) => EvaluationResult<T>,
): FeelResult<T> {
  const tooLong = expressionTooLong(source);
  if (tooLong) throw new EvaluationError(`failed to evaluate expression '${source.slice(0, 100)}…': ${tooLong}`, source);
  const extended = rewriteExtendedYears(source);
  const prepared = prepareEvaluation(extended.source, variables);
  const typed = rewriteRangeTypes(prepared.source);
  const context = { ...prepared.context, ...typed.context, ...extended.context, ...arithmeticFunctions };
  const rewritten = rewriteArithmetic(typed.source, dialect, context);
  const budgeted = mayRunLong(rewritten, dialect, context);
  let outcome: { result: EvaluationResult<T>; assertionFailure?: string };
  let arithmeticWarnings: FeelWarning[];
  try {
    ({ result: outcome, warnings: arithmeticWarnings } = withArithmeticWarnings(() =>
      withAssertions(() => withFeelBudget(budgeted, () => evaluateWith(rewritten, context))),
    ));
  } catch (e) {
    if (e instanceof FeelBudgetExceeded) {
      throw new EvaluationError(
        `failed to evaluate expression '${source.length > 200 ? `${source.slice(0, 200)}…` : source}': ${e.message}`,
        source,
      );
    }
    if (e instanceof FeelSyntaxError) {
      throw new EvaluationError(findSyntaxError(source, dialect) ?? `failed to parse '${source}': ${(e as Error).message}`, source);
    }
    throw new EvaluationError(`failed to evaluate expression '${source}': ${(e as Error).message}`, source);
  }
  const warnings = [...toFeelWarnings(outcome.result.warnings), ...arithmeticWarnings];
  if (outcome.assertionFailure !== undefined) {
    warnings.push({ type: 'ASSERT_FAILURE', message: outcome.assertionFailure });
    throw new EvaluationError(
      `Assertion failure on evaluate the expression '${source}': ${outcome.assertionFailure}${formatFeelWarnings(warnings)}`,
      source,
    );
  }
  return { value: outcome.result.value, warnings };
}

/** Evaluates to feelin's own values (FeelDateTime, FeelDuration, ...), e.g. for timers and DMN. */
export function evaluateFeelRaw(source: string, variables: Record<string, unknown>): FeelResult {
  return run(source, 'expression', variables, (src, ctx) => evaluate(src, ctx, 'camunda'));
}

/** Evaluates to a plain JSON value, with the warnings for incident messages. */
export function evaluateFeelDetailed(source: string, variables: Record<string, unknown>): FeelResult {
  const { value, warnings } = evaluateFeelRaw(source, variables);
  return { value: toJsonValue(value), warnings };
}

/** Evaluates a FEEL expression (without the leading `=`) to a plain JSON value. */
export function evaluateFeel(source: string, variables: Record<string, unknown>): unknown {
  return evaluateFeelDetailed(source, variables).value;
}

/** Whether `inputValue` satisfies DMN input entry `tests`; empty or `-` matches everything. */
export function evaluateUnaryTests(tests: string, inputValue: unknown, variables: Record<string, unknown>): boolean {
  return evaluateUnaryTestsRaw(tests, inputValue, variables).value === true;
}

/** As evaluateUnaryTests, keeping a null result (neither match nor mismatch) and the warnings. */
export function evaluateUnaryTestsRaw(tests: string, inputValue: unknown, variables: Record<string, unknown>): FeelResult<boolean | null> {
  // `-` is feelin's Wildcard, true without warnings: most cells of a decision table, not worth a parse
  const trimmed = tests.trim();
  if (trimmed === '' || trimmed === '-') return { value: true, warnings: [] };
  return run(tests, 'unary-tests', variables, (src, ctx) => unaryTest(src, { ...ctx, '?': inputValue ?? null }, 'camunda'));
}

/** Syntax check for deployment: an error message, or undefined when the expression parses. */
export function checkExpression(source: string): string | undefined {
  return findSyntaxError(source, 'expression');
}

/** Syntax check of DMN input entries; empty tests are valid (they match everything). */
export function checkUnaryTests(tests: string): string | undefined {
  return findSyntaxError(tests, 'unary-tests');
}

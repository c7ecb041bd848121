/**
 * Timers whose definition may be FEEL: evaluates the expression against the variables, checks the
 * result type as Zeebe does and resolves the timer, with Zeebe's incident wording on failure.
 */
import { EvaluationError } from '../errors';
import { evaluateFeelRaw } from './evaluate';
import { feelResultType, unexpectedTypeMessage, type FeelResultType } from './result-type';
import { resolveTimer, type ResolvedTimer, type TimerType } from './timers';
import { formatFeelWarnings } from './warnings';

const RESULT_TYPES: Record<TimerType, readonly FeelResultType[]> = {
  date: ['DATE_TIME', 'STRING'],
  duration: ['DURATION', 'PERIOD', 'STRING'],
  cycle: ['STRING'],
};

/** `expression` as in the process model: `feel` is null for a static definition. */
export function resolveTimerExpression(
  type: TimerType,
  expression: { raw: string; feel: string | null },
  variables: Record<string, unknown>,
  nowMs: number,
): ResolvedTimer {
  if (expression.feel === null) return resolveTimer(type, expression.raw, nowMs);
  const { value, warnings } = evaluateFeelRaw(expression.feel, variables);
  const actual = feelResultType(value);
  const allowed = RESULT_TYPES[type];
  if (!allowed.includes(actual)) {
    throw new EvaluationError(
      unexpectedTypeMessage(expression.feel, allowed.length === 1 ? allowed[0] : allowed, actual, warnings),
      expression.feel,
    );
  }
  try {
    return resolveTimer(type, value, nowMs);
  } catch (e) {
    throw new EvaluationError(`${(e as Error).message} (expression '${expression.feel}').${formatFeelWarnings(warnings)}`, expression.feel);
  }
}

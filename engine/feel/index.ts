/** FEEL for the engine: Camunda 8.8 semantics on top of feelin, plus timer arithmetic. */
export {
  evaluateFeel,
  evaluateFeelDetailed,
  evaluateFeelRaw,
  evaluateUnaryTests,
  evaluateUnaryTestsRaw,
  checkExpression,
  checkUnaryTests,
  type FeelResult,
} from './evaluate';
export { setFeelLimits, feelLimits, type FeelLimits } from './budget';
export { setFeelClock, setFeelTimeZone, feelNow, feelTimeZone } from './clock';
export { toJsonValue, toJsonText } from './convert';
export { sumNumbers } from './arithmetic';
export { feelResultType, unexpectedTypeMessage, type FeelResultType } from './result-type';
export { formatFeelWarnings, type FeelWarning } from './warnings';
export { resolveTimer, nextCycleDueDate, checkTimer, type TimerType, type ResolvedTimer } from './timers';
export { resolveTimerExpression } from './timer-expression';

/**
 * dmn-scala's TypeChecker: a decision's result and the arguments of a knowledge model or function
 * definition are checked against their typeRef when it names a built-in type in DMN 1.1 spelling
 * (with or without `feel:`); other type references, item definitions included, are not checked,
 * and null passes.
 */
import { FeelTime } from 'feelin';
import { EvaluationError } from '../errors';
import { feelResultType, toJsonText, type FeelResultType } from '../feel';

const CHECKED: Record<string, FeelResultType[] | 'TIME'> = {
  string: ['STRING'],
  number: ['NUMBER'],
  boolean: ['BOOLEAN'],
  time: 'TIME',
  date: ['DATE'],
  dateTime: ['DATE_TIME'],
  dayTimeDuration: ['DURATION'],
  yearMonthDuration: ['PERIOD'],
};

/** Throws dmn-scala's "expected '<type>' but found '<value>'" when the value is of another type. */
export function checkType(value: unknown, typeRef: string | undefined): void {
  if (!typeRef || value === null || value === undefined) return;
  const type = typeRef.replace(/^feel:/, '');
  const expected = Object.hasOwn(CHECKED, type) ? CHECKED[type] : undefined;
  if (!expected) return;
  const ok = expected === 'TIME' ? value instanceof FeelTime : expected.includes(feelResultType(value));
  if (!ok) throw new EvaluationError(`expected '${type}' but found '${toJsonText(value)}'`);
}

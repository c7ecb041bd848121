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

function conforms(value: unknown, expected: FeelResultType[] | 'TIME'): boolean {
  return expected === 'TIME' ? value instanceof FeelTime : expected.includes(feelResultType(value));
}

/**
 * DMN 1.3's conversion to a type (§10.3.2.9.4), for what Camunda has no rule of its own (decision
 * service parameters and results): a singleton list is its element where the element conforms, a
 * value of another built-in type is null; other type references leave the value as it is.
 */
export function coerceToType(value: unknown, typeRef: string | undefined): unknown {
  if (!typeRef || value === null || value === undefined) return value ?? null;
  const type = typeRef.replace(/^feel:/, '');
  const expected = Object.hasOwn(CHECKED, type) ? CHECKED[type] : undefined;
  if (!expected || conforms(value, expected)) return value;
  if (Array.isArray(value) && value.length === 1 && conforms(value[0], expected)) return value[0];
  return null;
}

/** Throws dmn-scala's "expected '<type>' but found '<value>'" when the value is of another type. */
export function checkType(value: unknown, typeRef: string | undefined): void {
  if (!typeRef || value === null || value === undefined) return;
  const type = typeRef.replace(/^feel:/, '');
  const expected = Object.hasOwn(CHECKED, type) ? CHECKED[type] : undefined;
  if (!expected) return;
  if (!conforms(value, expected)) throw new EvaluationError(`expected '${type}' but found '${toJsonText(value)}'`);
}

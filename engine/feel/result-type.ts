/** Zeebe's names for the type of an expression result, as used in its incident messages. */
import { FeelDate, FeelDateTime, FeelDuration } from 'feelin';
import { formatFeelWarnings, type FeelWarning } from './warnings';

export type FeelResultType =
  'NULL' | 'BOOLEAN' | 'NUMBER' | 'STRING' | 'ARRAY' | 'OBJECT' | 'DURATION' | 'PERIOD' | 'DATE' | 'DATE_TIME' | 'UNKNOWN';

/** Type of a raw FEEL value (from evaluateFeelRaw) or a plain JSON value. */
export function feelResultType(value: unknown): FeelResultType {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return 'BOOLEAN';
  if (typeof value === 'number') return 'NUMBER';
  if (typeof value === 'string') return 'STRING';
  if (Array.isArray(value)) return 'ARRAY';
  if (value instanceof FeelDuration) return value.yearsMonths ? 'PERIOD' : 'DURATION';
  if (value instanceof FeelDateTime) return 'DATE_TIME';
  if (value instanceof FeelDate) return 'DATE';
  if (Object.getPrototypeOf(value) === Object.prototype) return 'OBJECT';
  return 'UNKNOWN';
}

/** Zeebe's incident text for a result of the wrong type, warnings included. */
export function unexpectedTypeMessage(
  source: string,
  expected: FeelResultType | readonly FeelResultType[],
  actual: FeelResultType,
  warnings: readonly FeelWarning[] = [],
): string {
  const wanted = typeof expected === 'string' ? `to be '${expected}'` : `to be one of '[${expected.join(', ')}]'`;
  return `Expected result of the expression '${source}' ${wanted}, but was '${actual}'.${formatFeelWarnings(warnings)}`;
}

/**
 * Type references of decisions, knowledge model and function parameters, and decision services.
 * A built-in type in DMN 1.1 spelling (with or without `feel:`) is checked as dmn-scala's
 * TypeChecker does: a value of another type fails with "expected '<type>' but found '<value>'";
 * beyond dmn-scala, a singleton list whose item is of the type is that item (DMN 1.3 §10.3.2.9.4).
 * An item definition (which Camunda does not check) follows DMN 1.3: a value that does not
 * conform to it is null. Other type references are not checked, and null passes.
 */
import { FeelFunction, FeelTime } from 'feelin';
import { EvaluationError } from '../errors';
import { feelResultType, toJsonText, type FeelResultType } from '../feel';
import type { DmnType, ItemType } from './item-types';

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

function builtin(typeRef: string): FeelResultType[] | 'TIME' | undefined {
  const type = typeRef.replace(/^feel:/, '');
  return Object.hasOwn(CHECKED, type) ? CHECKED[type] : undefined;
}

function isBuiltin(value: unknown, expected: FeelResultType[] | 'TIME'): boolean {
  return expected === 'TIME' ? value instanceof FeelTime : expected.includes(feelResultType(value));
}

const isContext = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** Whether a non-null value conforms to the type (null conforms to every type). */
export function conforms(value: unknown, type: DmnType | undefined): boolean {
  if (value === null || value === undefined || type === undefined) return true;
  if (typeof type === 'string') {
    const expected = builtin(type);
    return !expected || isBuiltin(value, expected);
  }
  return conformsToItem(value, type);
}

function conformsToItem(value: unknown, type: ItemType): boolean {
  if (type.isFunction) return value instanceof FeelFunction || typeof value === 'function';
  if (type.collection) return Array.isArray(value) && value.every((item) => conforms(item, type.base));
  if (type.components) {
    return isContext(value) && type.components.every((c) => Object.hasOwn(value, c.name) && conforms(value[c.name], c.type));
  }
  return conforms(value, type.base);
}

/**
 * The value as the type has it: itself, the item of a singleton list, or null for an item
 * definition it does not conform to; throws for a built-in type it is not of.
 */
export function applyType(value: unknown, type: DmnType | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (conforms(value, type)) return value;
  if (Array.isArray(value) && value.length === 1 && conforms(value[0], type) && value[0] !== null) return value[0];
  if (typeof type === 'string') throw new EvaluationError(`expected '${type.replace(/^feel:/, '')}' but found '${toJsonText(value)}'`);
  return null;
}

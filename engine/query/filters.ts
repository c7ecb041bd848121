/**
 * Compiles Camunda filter properties (a plain value or `$eq`, `$in`, `$like` … objects) into
 * parameterised SQL over `engine_record`. Field SQL comes from the resource definitions, never
 * from the request; request values are always bound.
 */
import type { Knex } from 'knex';
import { InvalidArgumentError } from '../errors';

export type ValueType = 'text' | 'key' | 'int' | 'date' | 'bool';

export interface ColumnField {
  /** SQL expression of the value, e.g. `r.data->>'state'`. */
  sql: string;
  type: ValueType;
  /** The allowed values of an enum field. */
  values?: readonly string[];
  /** Operators beyond equality this field accepts; the default depends on the type. */
  ops?: readonly Operator[];
  /** Placeholder of a bound value, e.g. `?::bigint` for the bigint key column. */
  param?: string;
}

/**
 * A field with its own SQL, e.g. a subquery over variables. `schema` is its REST JSON schema;
 * `filter` is the whole filter object, for fields that combine with a sibling.
 */
export interface CustomField {
  schema: object;
  apply(qb: Knex.QueryBuilder, value: unknown, path: string, filter: Record<string, unknown>): void;
}

export type FilterField = ColumnField | CustomField;

export type Operator = '$eq' | '$neq' | '$exists' | '$gt' | '$gte' | '$lt' | '$lte' | '$in' | '$notIn' | '$like';

const DEFAULT_OPS: Record<ValueType, readonly Operator[]> = {
  text: ['$eq', '$neq', '$exists', '$in', '$notIn', '$like'],
  key: ['$eq', '$neq', '$exists', '$in', '$notIn'],
  int: ['$eq', '$neq', '$exists', '$gt', '$gte', '$lt', '$lte', '$in'],
  date: ['$eq', '$neq', '$exists', '$gt', '$gte', '$lt', '$lte', '$in'],
  bool: [],
};

export function operatorsOf(field: ColumnField): readonly Operator[] {
  return field.ops ?? DEFAULT_OPS[field.type];
}

export function isCustom(field: FilterField): field is CustomField {
  return 'apply' in field;
}

export function invalid(field: string, message: string): InvalidArgumentError {
  return new InvalidArgumentError(`${field}: ${message}`, [{ field, message }]);
}

const KEY = /^-?\d{1,19}$/;
/** RFC 3339 date-time, as the REST API documents; Postgres parses it as timestamptz. */
export const DATE_TIME_PATTERN = '^\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?([Zz]|[+-]\\d{2}(:?\\d{2})?)$';
const DATE_TIME = new RegExp(DATE_TIME_PATTERN);

export function checkKey(value: unknown, path: string): string {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value !== 'string' || !KEY.test(value)) throw invalid(path, 'must be a key: a decimal integer string');
  return value;
}

/** Rejects what the pattern lets through but PostgreSQL would not parse, such as February 30. */
function isCalendarDate(value: string): boolean {
  const [y, m, d] = value.slice(0, 10).split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCMonth() === m - 1 && day.getUTCDate() === d && !Number.isNaN(Date.parse(value));
}

/** Checks one filter value against the field's type and returns what gets bound. */
function checkValue(field: ColumnField, value: unknown, path: string): string | number | boolean {
  switch (field.type) {
    case 'key':
      return checkKey(value, path);
    case 'int':
      if (!Number.isInteger(value)) throw invalid(path, 'must be an integer');
      return value as number;
    case 'date':
      if (typeof value !== 'string' || !DATE_TIME.test(value) || !isCalendarDate(value)) {
        throw invalid(path, 'must be an RFC 3339 date-time, e.g. 2025-01-31T12:00:00.000Z');
      }
      return value;
    case 'bool':
      if (typeof value !== 'boolean') throw invalid(path, 'must be true or false');
      return value;
    case 'text':
      if (typeof value !== 'string') throw invalid(path, 'must be a string');
      if (field.values && !field.values.includes(value)) throw invalid(path, `must be one of ${field.values.join(', ')}`);
      return value;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Camunda's `$like`: `*` any characters, `?` one character, backslash escapes them. Matching is
 * case-insensitive, which is what people searching for a customer name expect.
 */
export function likePattern(pattern: string): string {
  const esc = (c: string) => (c === '%' || c === '_' || c === '\\' ? `\\${c}` : c);
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    const next = pattern[i + 1];
    if (c === '\\' && (next === '*' || next === '?' || next === '\\')) {
      out += esc(next);
      i++;
    } else if (c === '*') out += '%';
    else if (c === '?') out += '_';
    else out += esc(c);
  }
  return out;
}

/** Adds the condition of one filter property (plain value or operator object) to `qb`. */
export function applyColumnFilter(qb: Knex.QueryBuilder, field: ColumnField, value: unknown, path: string): void {
  const sql = field.sql;
  const p = field.param ?? '?';
  if (!isPlainObject(value)) {
    qb.whereRaw(`${sql} = ${p}`, [checkValue(field, value, path)]);
    return;
  }
  const allowed = operatorsOf(field);
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) throw invalid(path, 'an empty filter object matches nothing meaningful; give an operator');
  for (const [op, operand] of entries) {
    const opPath = `${path}.${op}`;
    if (!allowed.includes(op as Operator)) throw invalid(opPath, `unsupported operator; allowed: ${allowed.join(', ') || 'none'}`);
    switch (op as Operator) {
      case '$eq':
        qb.whereRaw(`${sql} = ${p}`, [checkValue(field, operand, opPath)]);
        break;
      case '$neq':
        qb.whereRaw(`${sql} is distinct from ${p}`, [checkValue(field, operand, opPath)]);
        break;
      case '$exists':
        if (typeof operand !== 'boolean') throw invalid(opPath, 'must be true or false');
        qb.whereRaw(`${sql} is ${operand ? 'not ' : ''}null`);
        break;
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte': {
        const cmp = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' }[op as '$gt'];
        qb.whereRaw(`${sql} ${cmp} ${p}`, [checkValue(field, operand, opPath)]);
        break;
      }
      case '$in':
      case '$notIn': {
        if (!Array.isArray(operand)) throw invalid(opPath, 'must be an array');
        const values = operand.map((v, i) => checkValue(field, v, `${opPath}[${i}]`));
        const list = values.map(() => p).join(', ');
        if (op === '$in') qb.whereRaw(values.length ? `${sql} in (${list})` : 'false', values);
        else if (values.length) qb.whereRaw(`(${sql} is null or ${sql} not in (${list}))`, values);
        break;
      }
      case '$like':
        if (typeof operand !== 'string') throw invalid(opPath, 'must be a string');
        qb.whereRaw(`${sql} ilike ? escape '\\'`, [likePattern(operand)]);
        break;
    }
  }
}

/** Applies every property of a filter object; unknown properties are rejected, not ignored. */
export function applyFilter(qb: Knex.QueryBuilder, fields: Record<string, FilterField>, filter: unknown, path: string): void {
  if (filter === undefined || filter === null) return;
  if (!isPlainObject(filter)) throw invalid(path, 'must be an object');
  for (const [name, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    const field = Object.prototype.hasOwnProperty.call(fields, name) ? fields[name] : undefined;
    if (!field) throw invalid(`${path}.${name}`, 'unknown or unsupported filter property');
    if (isCustom(field)) field.apply(qb, value, `${path}.${name}`, filter);
    else applyColumnFilter(qb, field, value, `${path}.${name}`);
  }
}

/**
 * Building blocks of the resource definitions: filter fields over record JSON (alias `r`) and
 * the custom filters several resources share (variables, array members).
 */
import type { Knex } from 'knex';
import { applyColumnFilter, invalid, likePattern, type ColumnField, type CustomField } from './filters';

const json = (prop: string) => `r.data->>'${prop}'`;

export const text = (prop: string, values?: readonly string[]): ColumnField => ({ sql: json(prop), type: 'text', values });
/** A key stored as a decimal string inside the record. */
export const keyProp = (prop: string): ColumnField => ({ sql: json(prop), type: 'key' });
/** The record's own key: the indexed bigint column. */
export const ownKey: ColumnField = { sql: 'r.key', type: 'key', param: '?::bigint' };
/** The indexed process_instance_key column, set for every record that belongs to an instance. */
export const instanceKey: ColumnField = { sql: 'r.process_instance_key', type: 'key', param: '?::bigint' };
export const int = (prop: string): ColumnField => ({ sql: `(${json(prop)})::int`, type: 'int' });
export const date = (prop: string): ColumnField => ({ sql: `(${json(prop)})::timestamptz`, type: 'date', param: '?::timestamptz' });
export const bool = (prop: string): ColumnField => ({ sql: `coalesce((${json(prop)})::boolean, false)`, type: 'bool' });

/**
 * Sort expressions: text by code point (collation "C", like Elasticsearch's keyword sort and the
 * same on every PostgreSQL), keys and numbers numerically, dates as instants.
 */
export const C = 'collate "C"';
export const sortText = (prop: string) => `${json(prop)} ${C}`;
export const sortKey = (prop: string) => `(${json(prop)})::numeric`;
export const sortInt = (prop: string) => `(${json(prop)})::int`;
export const sortDate = (prop: string) => `(${json(prop)})::timestamptz`;

/** JSON schema of a string filter property (plain string or operator object). */
export const stringFilterSchema = {
  type: ['string', 'object'],
  properties: {
    $eq: { type: 'string' },
    $neq: { type: 'string' },
    $exists: { type: 'boolean' },
    $in: { type: 'array', items: { type: 'string' } },
    $notIn: { type: 'array', items: { type: 'string' } },
    $like: { type: 'string' },
  },
  additionalProperties: false,
};

/** JSON schema of an enum filter property: a plain value or operator object over `values`. */
export function enumFilterSchema(values: readonly string[]): object {
  const one = { type: 'string', enum: values };
  return {
    type: ['string', 'object'],
    if: { type: 'string' },
    then: { enum: values },
    properties: {
      $eq: one,
      $neq: one,
      $exists: { type: 'boolean' },
      $in: { type: 'array', items: one },
      $notIn: { type: 'array', items: one },
      $like: { type: 'string' },
    },
    additionalProperties: false,
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Filters on membership of a JSON string array (candidate groups/users): `$eq` means "contains",
 * `$neq`/`$notIn` mean "contains none of".
 */
export function arrayMemberFilter(prop: string): CustomField {
  const arr = `coalesce(r.data->'${prop}', '[]'::jsonb)`;
  const anyMember = (cond: string) => `exists (select 1 from jsonb_array_elements_text(${arr}) as m(v) where ${cond})`;
  const strings = (v: unknown, path: string): string[] => {
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw invalid(path, 'must be an array of strings');
    return v as string[];
  };
  return {
    schema: stringFilterSchema,
    apply(qb, value, path) {
      const ops = isPlainObject(value) ? value : { $eq: value };
      for (const [op, v] of Object.entries(ops)) {
        if (v === undefined) continue;
        const p = `${path}${isPlainObject(value) ? `.${op}` : ''}`;
        if (op === '$exists') {
          if (typeof v !== 'boolean') throw invalid(p, 'must be true or false');
          qb.whereRaw(`jsonb_array_length(${arr}) ${v ? '>' : '='} 0`);
        } else if (op === '$eq' || op === '$neq') {
          if (typeof v !== 'string') throw invalid(p, 'must be a string');
          qb.whereRaw(`${op === '$neq' ? 'not ' : ''}(${arr} @> ?::jsonb)`, [JSON.stringify([v])]);
        } else if (op === '$in' || op === '$notIn') {
          const list = strings(v, p);
          if (list.length === 0) {
            if (op === '$in') qb.whereRaw('false');
            continue;
          }
          const cond = anyMember(`m.v in (${list.map(() => '?').join(', ')})`);
          qb.whereRaw(op === '$in' ? cond : `not ${cond}`, list);
        } else if (op === '$like') {
          if (typeof v !== 'string') throw invalid(p, 'must be a string');
          qb.whereRaw(anyMember(`m.v ilike ? escape '\\'`), [likePattern(v)]);
        } else {
          throw invalid(p, 'unsupported operator; allowed: $eq, $neq, $exists, $in, $notIn, $like');
        }
      }
    },
  };
}

export const variableFilterSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['name', 'value'],
    properties: { name: { type: 'string' }, value: stringFilterSchema },
    additionalProperties: false,
  },
};

/**
 * Filters on variables: each `{name, value}` must match a variable (value as JSON text) of the
 * scope that `scope` selects, correlated to the outer record `r`.
 */
export function variableFilter(scope: (sub: Knex.QueryBuilder) => void): CustomField {
  return {
    schema: variableFilterSchema,
    apply(qb, value, path) {
      if (!Array.isArray(value)) throw invalid(path, 'must be an array of {name, value}');
      value.forEach((v: unknown, i) => {
        const p = `${path}[${i}]`;
        if (!isPlainObject(v) || typeof v.name !== 'string') throw invalid(`${p}.name`, 'must be a string');
        if (v.value === undefined) throw invalid(`${p}.value`, 'is required');
        const name = v.name;
        const val = v.value;
        qb.whereExists(function (this: Knex.QueryBuilder) {
          this.select('v.key').from('engine_record as v').where('v.kind', 'variable').whereRaw("v.data->>'name' = ?", [name]);
          scope(this);
          applyColumnFilter(this, { sql: "v.data->>'value'", type: 'text' }, val, `${p}.value`);
        });
      });
    },
  };
}

/**
 * JSON schemas of the requests. Search bodies are generated from the query layer's definitions,
 * so a filter the read model understands is exactly a filter the API accepts.
 */
import { DATE_TIME_PATTERN, isCustom, operatorsOf, type ColumnField, type FilterField } from '../query/filters';
import { MAX_LIMIT, type SearchDefinition } from '../query/search';
import { KEY_PATTERN } from './problem';

export const keySchema = { type: 'string', pattern: KEY_PATTERN };
export const variablesSchema = { type: 'object' };
export const tenantIdSchema = { type: 'string', minLength: 1, maxLength: 256 };
/** Camunda's optional operation reference: a positive number echoed on resulting records. */
export const operationReferenceSchema = { type: 'integer', minimum: 1 };

export function keyParams(name: string): object {
  return { type: 'object', required: [name], properties: { [name]: keySchema } };
}

export function objectSchema(properties: Record<string, object>, required: string[] = []): object {
  return { type: 'object', properties, required, additionalProperties: false };
}

function plainSchema(field: ColumnField): Record<string, unknown> {
  switch (field.type) {
    case 'text':
      return field.values ? { type: 'string', enum: field.values } : { type: 'string' };
    case 'key':
      return keySchema;
    case 'int':
      return { type: 'integer' };
    case 'date':
      return { type: 'string', pattern: DATE_TIME_PATTERN };
    case 'bool':
      return { type: 'boolean' };
  }
}

/** A filter property: the plain value, or an object of the operators the field accepts. */
function fieldSchema(field: FilterField): object {
  if (isCustom(field)) return field.schema;
  const plain = plainSchema(field);
  const ops = operatorsOf(field);
  if (ops.length === 0) return plain;
  const properties: Record<string, object> = {};
  for (const op of ops) {
    if (op === '$exists') properties[op] = { type: 'boolean' };
    else if (op === '$like') properties[op] = { type: 'string' };
    else if (op === '$in' || op === '$notIn') properties[op] = { type: 'array', items: plain };
    else properties[op] = plain;
  }
  // `if`/`then` applies the plain value's constraints only when the value is not an object.
  return { type: [plain.type, 'object'], if: { type: plain.type }, then: plain, properties, additionalProperties: false };
}

export function filterSchema(def: Pick<SearchDefinition<unknown>, 'filters' | 'allowOr'>): object {
  const properties: Record<string, object> = {};
  for (const [name, field] of Object.entries(def.filters)) properties[name] = fieldSchema(field);
  const fields = { type: 'object', properties: { ...properties }, additionalProperties: false };
  if (def.allowOr) properties.$or = { type: 'array', items: fields };
  return { type: 'object', properties, additionalProperties: false };
}

export const pageSchema = objectSchema({
  from: { type: 'integer', minimum: 0 },
  limit: { type: 'integer', minimum: 0, maximum: MAX_LIMIT },
  after: { type: 'string' },
  before: { type: 'string' },
});

export function sortSchema(fields: string[]): object {
  return {
    type: 'array',
    items: objectSchema({ field: { type: 'string', enum: fields }, order: { type: 'string', enum: ['ASC', 'DESC', 'asc', 'desc'] } }, [
      'field',
    ]),
  };
}

/** `{filter, sort, page}` of a search; `withFilter: false` for searches scoped by the path alone. */
export function searchBodySchema(def: Pick<SearchDefinition<unknown>, 'filters' | 'allowOr' | 'sorts'>, withFilter = true): object {
  const properties: Record<string, object> = { sort: sortSchema(Object.keys(def.sorts)), page: pageSchema };
  if (withFilter) properties.filter = filterSchema(def);
  return objectSchema(properties);
}

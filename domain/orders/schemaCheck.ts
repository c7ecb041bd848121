/** A field-level problem in an order, e.g. `{ field: 'customer.birthDate', message: '…' }`. */
export interface FieldError {
  field: string;
  message: string;
}

/** The JSON Schema keywords orderInputSchema uses. */
interface Schema {
  type?: 'object' | 'string' | 'number' | 'integer' | 'boolean' | 'array';
  required?: readonly string[];
  properties?: Readonly<Record<string, Schema>>;
  additionalProperties?: boolean;
  enum?: readonly unknown[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  items?: Schema;
  maxItems?: number;
  uniqueItems?: boolean;
  description?: string;
}

/**
 * Checks a value against the subset of JSON Schema the order schema uses, so the schema stays
 * the one source for the boundary's structure (the HTTP layer validates the same schema).
 */
export function checkSchema(schema: Schema, value: unknown, path = ''): FieldError[] {
  const at = (m: string): FieldError[] => [{ field: path || '(body)', message: m }];
  switch (schema.type) {
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return at('must be an object');
      const obj = value as Record<string, unknown>;
      const errors: FieldError[] = [];
      const join = (k: string) => (path ? `${path}.${k}` : k);
      for (const k of schema.required ?? [])
        if (obj[k] === undefined || obj[k] === null) errors.push({ field: join(k), message: 'is required' });
      for (const [k, v] of Object.entries(obj)) {
        const sub = schema.properties?.[k];
        if (sub) {
          if (v !== undefined && v !== null) errors.push(...checkSchema(sub, v, join(k)));
        } else if (schema.additionalProperties === false) errors.push({ field: join(k), message: 'is not a known field' });
      }
      return errors;
    }
    case 'string': {
      if (typeof value !== 'string') return at('must be a string');
      if (schema.enum && !schema.enum.includes(value)) return at(`must be one of ${schema.enum.join(', ')}`);
      if (schema.minLength !== undefined && value.trim().length < schema.minLength)
        return at(schema.minLength === 1 ? 'must not be empty' : `must have at least ${schema.minLength} characters`);
      if (schema.maxLength !== undefined && value.length > schema.maxLength) return at(`must have at most ${schema.maxLength} characters`);
      if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) return at('has an invalid format');
      return [];
    }
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return at('must be a number');
      if (schema.type === 'integer' && !Number.isInteger(value)) return at('must be a whole number');
      if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum)
        return at(`must be greater than ${schema.exclusiveMinimum}`);
      if (schema.minimum !== undefined && value < schema.minimum) return at(`must be at least ${schema.minimum}`);
      if (schema.maximum !== undefined && value > schema.maximum) return at(`must be at most ${schema.maximum}`);
      return [];
    }
    case 'boolean':
      return typeof value === 'boolean' ? [] : at('must be true or false');
    case 'array': {
      if (!Array.isArray(value)) return at('must be a list');
      if (schema.maxItems !== undefined && value.length > schema.maxItems) return at(`must have at most ${schema.maxItems} entries`);
      if (schema.uniqueItems && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) return at('must not repeat an entry');
      return value.flatMap((v, i) => (schema.items ? checkSchema(schema.items, v, `${path}[${i}]`) : []));
    }
    default:
      return [];
  }
}

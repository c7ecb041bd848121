import { findMissingData, type MissingData } from './completeness';
import { todayInGermany } from './dates';
import { duplicateKeys, normaliseMeterNumber, type DuplicateKeys } from './normalise';
import { orderInputSchema, type OrderInput } from './schema';
import { checkSchema, type FieldError } from './schemaCheck';
import { checkSemantics, normaliseIban } from './semanticRules';

export type OrderValidation =
  { ok: true; order: OrderInput; missingData: MissingData[]; keys: DuplicateKeys } | { ok: false; errors: FieldError[] };

/**
 * Validates a posted order: structure against the JSON schema, then the business rules. Never
 * throws for bad input. A valid order comes back normalised (trimmed strings, IBAN and meter
 * number in electronic form, billing address defaulted), with its missing data and duplicate keys.
 */
export function validateOrder(input: unknown, opts: { today?: string } = {}): OrderValidation {
  const structural = checkSchema(orderInputSchema, input);
  if (structural.length > 0) return { ok: false, errors: structural };
  const order = normalise(input as OrderInput);
  const errors = checkSemantics(order, opts.today ?? todayInGermany());
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, order, missingData: findMissingData(order), keys: duplicateKeys(order) };
}

function trimAll<T>(value: T): T {
  if (typeof value === 'string') return value.trim() as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trimAll(v)])) as T;
  }
  return value;
}

function normalise(raw: OrderInput): OrderInput {
  const o = trimAll(raw);
  return {
    ...o,
    customer: { ...o.customer, email: o.customer.email.toLowerCase() },
    billingAddress: o.billingAddress ?? o.supplyAddress,
    meter: { ...o.meter, ...(o.meter.meterNumber ? { meterNumber: normaliseMeterNumber(o.meter.meterNumber) } : {}) },
    payment: { ...o.payment, ...(o.payment.iban ? { iban: normaliseIban(o.payment.iban) } : {}) },
  };
}

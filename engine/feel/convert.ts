/**
 * FEEL values → plain JSON values, the way Zeebe stores expression results as variables:
 * temporals become ISO strings, functions and ranges become null.
 */
import { FeelDate, FeelDateTime, FeelDuration, FeelTime } from 'feelin';
import { formatDate, formatDateTime, formatDuration, formatTime } from './format';

export function toJsonValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return value;
    case 'number':
      return normalizeNumber(value);
    case 'object':
      break;
    default:
      return null;
  }
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value instanceof FeelDateTime) return formatDateTime(value);
  if (value instanceof FeelDate) return formatDate(value);
  if (value instanceof FeelTime) return formatTime(value);
  if (value instanceof FeelDuration) return formatDuration(value);
  if (Object.getPrototypeOf(value) !== Object.prototype) return null; // ranges, functions, ...
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) out[key] = toJsonValue(entry);
  return out;
}

/**
 * feel-scala computes with decimals, feelin with doubles: `0.1 + 0.2` must give `0.3`, not
 * `0.30000000000000004`. A result within one unit of the last place of a 15-digit decimal is taken
 * as that decimal; genuinely long fractions such as `1/3` stay untouched.
 */
export function normalizeNumber(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  if (Number.isInteger(value)) return value;
  const rounded = Number(value.toPrecision(15));
  return Math.abs(rounded - value) <= Math.abs(value) * Number.EPSILON ? rounded : value;
}

/** JSON text of a FEEL value, as the DMN audit reports values. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(toJsonValue(value));
}

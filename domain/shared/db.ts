/** Reading database values: bigint columns may come back as strings, numeric always as strings. */
import Decimal from 'decimal.js';

/** A bigint/integer cents column to a number, refusing anything that is not a safe integer. */
export function toCents(v: string | number | bigint): number {
  const n = typeof v === 'string' ? (/^-?\d+$/.test(v.trim()) ? Number(v.trim()) : NaN) : Number(v);
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a safe integer amount of cents: ${String(v)}`);
  return n;
}

/** A numeric column ("10.0000") to a canonical decimal string ("10"), without floats. */
export function toDecimalString(v: string | number): string {
  return new Decimal(v).toString();
}

/** A jsonb column: pg parses it, some drivers hand back text. */
export function jsonColumn<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

/**
 * Numeric built-ins as feel-scala 1.19 computes them (NumericBuiltinFunctions,
 * ListBuiltinFunctions): in decimal, so `floor(1.005 * 100)` is 100 and `decimal(0.125, 2)` 0.12,
 * where feelin scales doubles (`n * 10^scale`) and drifts. feelin's median also sorted numbers as text.
 */
import type Decimal from 'decimal.js';
import { FeelFunction } from 'feelin';
import { decimalSum, fromDecimal, FeelDecimal, sumNumbers, toDecimal } from './arithmetic';

const isNum = (v: unknown): v is number => typeof v === 'number';

/** java.math.RoundingMode names → decimal.js rounding modes. */
const ROUNDING: Record<string, number | 'UNNECESSARY'> = {
  UP: FeelDecimal.ROUND_UP,
  DOWN: FeelDecimal.ROUND_DOWN,
  CEILING: FeelDecimal.ROUND_CEIL,
  FLOOR: FeelDecimal.ROUND_FLOOR,
  HALF_UP: FeelDecimal.ROUND_HALF_UP,
  HALF_DOWN: FeelDecimal.ROUND_HALF_DOWN,
  HALF_EVEN: FeelDecimal.ROUND_HALF_EVEN,
  UNNECESSARY: 'UNNECESSARY',
};

/** BigDecimal.setScale(scale, mode); UNNECESSARY fails (null) when rounding would change the value. */
function round(n: unknown, scale: unknown, mode: string): number | null {
  if (!isNum(n) || !isNum(scale)) return null;
  const rounding = ROUNDING[mode];
  if (rounding === undefined) return null;
  const places = Math.trunc(scale);
  const d = toDecimal(n);
  if (rounding === 'UNNECESSARY') return d.decimalPlaces() <= Math.max(places, 0) ? n : null;
  if (places >= 0) return fromDecimal(d.toDecimalPlaces(places, rounding as Decimal.Rounding));
  // a negative scale rounds to tens, hundreds, ...
  const unit = new FeelDecimal(10).pow(-places);
  return fromDecimal(
    d
      .div(unit)
      .toDecimalPlaces(0, rounding as Decimal.Rounding)
      .times(unit),
  );
}

/** The numbers of a list function's arguments: one list, or the numbers themselves (varargs). */
function numbers(args: unknown[]): number[] | null {
  const list = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  if (list.length === 0 || !list.every(isNum)) return null;
  return list as number[];
}

function fn(parameterNames: string[], body: (...args: any[]) => unknown): FeelFunction {
  return new FeelFunction(body, parameterNames);
}

export const numericFunctions: Readonly<Record<string, FeelFunction>> = {
  decimal: fn(['n', 'scale', 'mode'], (n, scale, mode) =>
    mode === undefined ? round(n, scale, 'HALF_EVEN') : typeof mode === 'string' ? round(n, scale, mode.toUpperCase()) : null,
  ),
  // feel-scala has floor(n) and floor(n, scale: number): an explicit null scale matches neither (TCK 1101 008)
  floor: fn(['n', 'scale'], (n, scale) => (scale === null ? null : round(n, scale ?? 0, 'FLOOR'))),
  ceiling: fn(['n', 'scale'], (n, scale) => (scale === null ? null : round(n, scale ?? 0, 'CEILING'))),
  'round up': fn(['n', 'scale'], (n, scale) => round(n, scale, 'UP')),
  'round down': fn(['n', 'scale'], (n, scale) => round(n, scale, 'DOWN')),
  'round half up': fn(['n', 'scale'], (n, scale) => round(n, scale, 'HALF_UP')),
  'round half down': fn(['n', 'scale'], (n, scale) => round(n, scale, 'HALF_DOWN')),
  // feel-scala: ((dividend % divisor) + divisor) % divisor, the sign of the divisor
  modulo: fn(['dividend', 'divisor'], (dividend, divisor) => {
    if (!isNum(dividend) || !isNum(divisor) || divisor === 0) return null;
    return fromDecimal(toDecimal(dividend).mod(divisor).plus(divisor).mod(divisor));
  }),
  sum: fn(['...list'], (...args: unknown[]) => {
    const list = numbers(args);
    return list ? sumNumbers(list) : null;
  }),
  product: fn(['...list'], (...args: unknown[]) => {
    const list = numbers(args);
    return list ? fromDecimal(list.reduce((acc, n) => acc.times(n), new FeelDecimal(1))) : null;
  }),
  mean: fn(['...list'], (...args: unknown[]) => {
    const list = numbers(args);
    return list ? fromDecimal(decimalSum(list).div(list.length)) : null;
  }),
  median: fn(['...list'], (...args: unknown[]) => {
    const list = numbers(args);
    if (!list) return null;
    const sorted = [...list].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1
      ? sorted[mid]
      : fromDecimal(
          toDecimal(sorted[mid - 1])
            .plus(sorted[mid])
            .div(2),
        );
  }),
};

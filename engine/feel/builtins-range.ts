/**
 * Comparing built-ins: `min`/`max` of any comparable values (feelin: numbers only), and the
 * range built-ins as feel-scala 1.19 defines them (RangeBuiltinFunction): before, after,
 * meets, met by, overlaps, overlaps before/after, finishes, finished by, includes, during, starts,
 * started by, coincides, for points and ranges, with feel-scala's parameter names for named calls
 * (`before(point: 1, range: [2..3])`). feelin 8.2 throws "not implemented" for eight of them and
 * knows only `a`/`b`-style names for the others.
 */
import { FeelDate, FeelDateTime, FeelDuration, FeelFunction, FeelRange, FeelTime, isRange } from 'feelin';
import { epochNanos, localNanos, totalMonths, totalNanos, zonedTimeNanos } from './arithmetic';

type Point = number | FeelDate | FeelDateTime | FeelTime | FeelDuration;
interface Bound {
  value: Point;
  closed: boolean;
}
interface Range {
  start: Bound;
  end: Bound;
}

/** The kind of a point value; only points of one kind compare (feel-scala: same Val class). */
function kind(v: unknown): string | null {
  if (typeof v === 'number') return 'number';
  if (v instanceof FeelDate) return 'date';
  if (v instanceof FeelDateTime) return v.zone === null ? 'local date time' : 'date time';
  if (v instanceof FeelTime) return v.zone === null ? 'local time' : 'time';
  if (v instanceof FeelDuration) return v.yearsMonths ? 'ym' : 'dt';
  return null;
}

function order(v: Point): number | bigint | string {
  if (typeof v === 'number') return v;
  if (v instanceof FeelDate) return v.unwrap().toString();
  if (v instanceof FeelDateTime) return v.zone === null ? localNanos(v.unwrap()) : epochNanos(v);
  if (v instanceof FeelTime) return v.zone === null ? v.unwrap().toString() : zonedTimeNanos(v);
  return v.yearsMonths ? totalMonths(v) : totalNanos(v);
}

function cmp(a: Point, b: Point): number {
  const x = order(a);
  const y = order(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

const lt = (a: Point, b: Point): boolean => cmp(a, b) < 0;
const gt = (a: Point, b: Point): boolean => cmp(a, b) > 0;
const eq = (a: Point, b: Point): boolean => cmp(a, b) === 0;

/** A range with both endpoints, or null (unbounded ranges don't take part, as in feel-scala). */
function range(v: unknown): Range | null {
  if (!isRange(v)) return null;
  const r = v as FeelRange;
  if (kind(r.start) === null || kind(r.end) === null) return null;
  return { start: { value: r.start as Point, closed: r['start included'] }, end: { value: r.end as Point, closed: r['end included'] } };
}

type Operand = { range: Range } | { point: Point };

function operand(v: unknown): Operand | null {
  if (isRange(v)) {
    const r = range(v);
    return r ? { range: r } : null;
  }
  return kind(v) ? { point: v as Point } : null;
}

const kindOf = (o: Operand): string | null => kind('range' in o ? o.range.start.value : o.point);

type Cases = {
  pp?: (a: Point, b: Point) => boolean;
  pr?: (p: Point, r: Range) => boolean;
  rp?: (r: Range, p: Point) => boolean;
  rr?: (a: Range, b: Range) => boolean;
};

/**
 * A built-in with feel-scala's overloads: positional arguments bind to the first pair of names,
 * named arguments to the pair whose names were given.
 */
function rangeFunction(pairs: [string, string][], cases: Cases): FeelFunction {
  const names = [...new Set(pairs.flat())];
  return new FeelFunction((...args: unknown[]) => {
    const given = new Map(names.map((n, i) => [n, args[i]]));
    const pair = pairs.find(([a, b]) => given.get(a) !== undefined && given.get(b) !== undefined);
    if (!pair) return null;
    const x = operand(given.get(pair[0]));
    const y = operand(given.get(pair[1]));
    if (!x || !y || kindOf(x) !== kindOf(y)) return null;
    if ('point' in x && 'point' in y) return cases.pp ? cases.pp(x.point, y.point) : null;
    if ('point' in x && 'range' in y) return cases.pr ? cases.pr(x.point, y.range) : null;
    if ('range' in x && 'point' in y) return cases.rp ? cases.rp(x.range, y.point) : null;
    if ('range' in x && 'range' in y) return cases.rr ? cases.rr(x.range, y.range) : null;
    return null;
  }, names);
}

const inside = (r: Range, p: Point): boolean =>
  (lt(r.start.value, p) && gt(r.end.value, p)) || (eq(r.start.value, p) && r.start.closed) || (eq(r.end.value, p) && r.end.closed);

/** before and after take any two points or ranges (feel-scala's four overloads). */
const ALL_PAIRS: [string, string][] = [
  ['point1', 'point2'],
  ['point', 'range'],
  ['range', 'point'],
  ['range1', 'range2'],
];

/** min and max of numbers, strings, temporals or durations of one kind (feel-scala's ValComparator). */
function extreme(sign: 1 | -1): FeelFunction {
  return new FeelFunction(
    (...args: unknown[]) => {
      const list = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
      if (list.length === 0) return null;
      if (list.every((v) => typeof v === 'string')) return [...(list as string[])].sort()[sign > 0 ? list.length - 1 : 0];
      const first = kind(list[0]);
      if (!first || !list.every((v) => kind(v) === first)) return null;
      return (list as Point[]).reduce((best, v) => (cmp(v, best) * sign > 0 ? v : best));
    },
    ['...list'],
  );
}

export const rangeFunctions: Readonly<Record<string, FeelFunction>> = {
  min: extreme(-1),
  max: extreme(1),
  before: rangeFunction(ALL_PAIRS, {
    pp: lt,
    pr: (p, r) => lt(p, r.start.value) || (eq(p, r.start.value) && !r.start.closed),
    rp: (r, p) => lt(r.end.value, p) || (eq(r.end.value, p) && !r.end.closed),
    rr: (a, b) => lt(a.end.value, b.start.value) || ((!a.end.closed || !b.start.closed) && eq(a.end.value, b.start.value)),
  }),
  after: rangeFunction(ALL_PAIRS, {
    pp: gt,
    pr: (p, r) => gt(p, r.end.value) || (eq(p, r.end.value) && !r.end.closed),
    rp: (r, p) => gt(r.start.value, p) || (eq(r.start.value, p) && !r.start.closed),
    rr: (a, b) => gt(a.start.value, b.end.value) || ((!a.start.closed || !b.end.closed) && eq(a.start.value, b.end.value)),
  }),
  meets: rangeFunction([['range1', 'range2']], {
    rr: (a, b) => a.end.closed && b.start.closed && eq(a.end.value, b.start.value),
  }),
  'met by': rangeFunction([['range1', 'range2']], {
    rr: (a, b) => a.start.closed && b.end.closed && eq(a.start.value, b.end.value),
  }),
  overlaps: rangeFunction([['range1', 'range2']], {
    rr: (a, b) =>
      (gt(a.end.value, b.start.value) || (eq(a.end.value, b.start.value) && a.end.closed && b.start.closed)) &&
      (lt(a.start.value, b.end.value) || (eq(a.start.value, b.end.value) && a.start.closed && b.end.closed)),
  }),
  'overlaps before': rangeFunction([['range1', 'range2']], {
    rr: (a, b) =>
      (lt(a.start.value, b.start.value) || (eq(a.start.value, b.start.value) && a.start.closed && !b.start.closed)) &&
      (gt(a.end.value, b.start.value) || (eq(a.end.value, b.start.value) && a.end.closed && b.start.closed)) &&
      (lt(a.end.value, b.end.value) || (eq(a.end.value, b.end.value) && (!a.end.closed || b.end.closed))),
  }),
  'overlaps after': rangeFunction([['range1', 'range2']], {
    rr: (a, b) =>
      (lt(b.start.value, a.start.value) || (eq(b.start.value, a.start.value) && b.start.closed && !a.start.closed)) &&
      (gt(b.end.value, a.start.value) || (eq(b.end.value, a.start.value) && b.end.closed && a.start.closed)) &&
      (lt(b.end.value, a.end.value) || (eq(b.end.value, a.end.value) && (!b.end.closed || a.end.closed))),
  }),
  finishes: rangeFunction(
    [
      ['point', 'range'],
      ['range1', 'range2'],
    ],
    {
      pr: (p, r) => r.end.closed && eq(r.end.value, p),
      rr: (a, b) =>
        a.end.closed === b.end.closed &&
        eq(a.end.value, b.end.value) &&
        (gt(a.start.value, b.start.value) || (eq(a.start.value, b.start.value) && (!a.start.closed || b.start.closed))),
    },
  ),
  'finished by': rangeFunction(
    [
      ['range', 'point'],
      ['range1', 'range2'],
    ],
    {
      rp: (r, p) => r.end.closed && eq(r.end.value, p),
      rr: (a, b) =>
        a.end.closed === b.end.closed &&
        eq(a.end.value, b.end.value) &&
        (lt(a.start.value, b.start.value) || (eq(a.start.value, b.start.value) && (a.start.closed || !b.start.closed))),
    },
  ),
  includes: rangeFunction(
    [
      ['range', 'point'],
      ['range1', 'range2'],
    ],
    {
      rp: inside,
      rr: (a, b) =>
        (lt(a.start.value, b.start.value) || (eq(a.start.value, b.start.value) && (a.start.closed || !b.start.closed))) &&
        (gt(a.end.value, b.end.value) || (eq(a.end.value, b.end.value) && (a.end.closed || !b.end.closed))),
    },
  ),
  during: rangeFunction(
    [
      ['point', 'range'],
      ['range1', 'range2'],
    ],
    {
      pr: (p, r) => inside(r, p),
      rr: (a, b) =>
        (lt(b.start.value, a.start.value) || (eq(b.start.value, a.start.value) && (b.start.closed || !a.start.closed))) &&
        (gt(b.end.value, a.end.value) || (eq(b.end.value, a.end.value) && (b.end.closed || !a.end.closed))),
    },
  ),
  starts: rangeFunction(
    [
      ['point', 'range'],
      ['range1', 'range2'],
    ],
    {
      pr: (p, r) => eq(r.start.value, p) && r.start.closed,
      rr: (a, b) =>
        eq(a.start.value, b.start.value) &&
        a.start.closed === b.start.closed &&
        (lt(a.end.value, b.end.value) || (eq(a.end.value, b.end.value) && (!a.end.closed || b.end.closed))),
    },
  ),
  'started by': rangeFunction(
    [
      ['range', 'point'],
      ['range1', 'range2'],
    ],
    {
      rp: (r, p) => eq(r.start.value, p) && r.start.closed,
      rr: (a, b) =>
        eq(a.start.value, b.start.value) &&
        a.start.closed === b.start.closed &&
        (lt(b.end.value, a.end.value) || (eq(b.end.value, a.end.value) && (!b.end.closed || a.end.closed))),
    },
  ),
  coincides: rangeFunction(
    [
      ['point1', 'point2'],
      ['range1', 'range2'],
    ],
    {
      pp: eq,
      rr: (a, b) =>
        eq(a.start.value, b.start.value) &&
        a.start.closed === b.start.closed &&
        eq(a.end.value, b.end.value) &&
        a.end.closed === b.end.closed,
    },
  ),
};

/**
 * Camunda 8.8 (feel-scala 1.19) built-in functions that feelin lacks or implements differently.
 * They are passed to feelin as context entries, so they shadow feelin's own built-ins.
 */
import { randomUUID } from 'node:crypto';
import { FeelDate, FeelDateTime, FeelDuration, FeelFunction } from 'feelin';
import { Temporal } from 'temporal-polyfill';
import { conversionFunctions } from './builtins-conversion';
import { extendedYearFunctions } from './extended-years';
import { fromAiFunctions } from './builtin-from-ai';
import { rangeFromFunctions } from './builtin-range-from';
import { numericFunctions } from './builtins-numeric';
import { rangeFunctions } from './builtins-range';
import { textFunctions } from './builtins-text';
import { feelNow, feelTimeZone } from './clock';
import { formatDuration } from './format';
import { toJsonValue } from './convert';

/**
 * `assert()` must fail the whole evaluation, but throwing out of feelin would lose the warnings
 * collected so far, which Zeebe reports with the failure. So a failed assertion is recorded here
 * and evaluates to null; evaluate.ts turns the record into an EvaluationError afterwards.
 */
let assertionFailures: string[] | null = null;

export function withAssertions<T>(run: () => T): { result: T; assertionFailure?: string } {
  const outer = assertionFailures;
  const failures: string[] = [];
  assertionFailures = failures;
  try {
    const result = run();
    return failures.length ? { result, assertionFailure: failures[0] } : { result };
  } finally {
    assertionFailures = outer;
  }
}

const isContext = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

function plainDateOf(value: unknown): Temporal.PlainDate | null {
  if (value instanceof FeelDate) return value.unwrap();
  if (value instanceof FeelDateTime) return value.unwrap().toPlainDate();
  return null;
}

function fn(parameterNames: string[], body: (...args: any[]) => unknown): FeelFunction {
  return new FeelFunction(body, parameterNames);
}

function now(): FeelDateTime {
  const zoned = Temporal.Instant.fromEpochMilliseconds(feelNow()).toZonedDateTimeISO(feelTimeZone());
  return new FeelDateTime(zoned.toPlainDateTime(), zoned.timeZoneId);
}

/** Distinguishes values for `duplicate values()`: same type and same content. */
function valueKey(value: unknown): string {
  const tag = value === null || value === undefined ? 'null' : ((value as object).constructor?.name ?? typeof value);
  return `${tag}:${JSON.stringify(toJsonValue(value))}`;
}

function stringJoin(list: unknown, delimiter?: unknown, prefix?: unknown, suffix?: unknown): string | null {
  if (!Array.isArray(list)) return null;
  const texts = [delimiter, prefix, suffix].map((t) => (t === undefined || t === null ? '' : t));
  if (!texts.every((t) => typeof t === 'string')) return null;
  const items = list.filter((item) => item !== null && item !== undefined);
  if (!items.every((item) => typeof item === 'string')) return null;
  return `${texts[1]}${items.join(texts[0] as string)}${texts[2]}`;
}

function getValue(context: unknown, key?: unknown, keys?: unknown): unknown {
  const path = keys ?? key;
  const names = Array.isArray(path) ? path : [path];
  if (names.length === 0) return null;
  let current: unknown = context;
  for (const name of names) {
    if (!isContext(current) || typeof name !== 'string' || !Object.hasOwn(current, name)) return null;
    current = current[name];
  }
  return current ?? null;
}

/** feel-scala's context put: keys create the nested contexts they pass through; no keys give null. */
function contextPut(context: unknown, key: unknown, value: unknown, keys?: unknown): Record<string, unknown> | null {
  const path = keys ?? key;
  const names = Array.isArray(path) ? path : [path];
  if (!isContext(context) || names.length === 0 || !names.every((n) => typeof n === 'string')) return null;
  const [first, ...rest] = names as string[];
  const inner = rest.length === 0 ? (value ?? null) : contextPut(isContext(context[first]) ? context[first] : {}, rest, value);
  return { ...context, [first]: inner };
}

function yearsAndMonthsDuration(from: unknown, to: unknown): FeelDuration | null {
  const start = plainDateOf(from);
  const end = plainDateOf(to);
  if (!start || !end) return null;
  const between = start.until(end, { largestUnit: 'years' });
  return new FeelDuration(Temporal.Duration.from({ years: between.years, months: between.months }), true);
}

function cycle(repetitions: unknown, interval?: unknown): string | null {
  if (interval === undefined) [repetitions, interval] = [null, repetitions];
  if (!(interval instanceof FeelDuration)) return null;
  if (repetitions === null || repetitions === undefined) return `R/${formatDuration(interval)}`;
  if (typeof repetitions !== 'number') return null;
  return `R${Math.trunc(repetitions)}/${formatDuration(interval)}`;
}

/** abs of a number or a duration; feel-scala names the parameter `n` or `number`. */
function absolute(n: unknown): unknown {
  if (typeof n === 'number') return n < 0 ? -n : n;
  if (n instanceof FeelDuration) return n.unwrap().sign < 0 ? new FeelDuration(n.unwrap().negated(), n.yearsMonths) : n;
  return null;
}

export const extensionFunctions: Readonly<Record<string, FeelFunction>> = {
  ...numericFunctions,
  ...textFunctions,
  ...conversionFunctions,
  ...rangeFunctions,
  ...extendedYearFunctions,
  ...rangeFromFunctions,
  ...fromAiFunctions,
  now: fn([], now),
  today: fn([], () => new FeelDate(now().unwrap().toPlainDate())),
  abs: fn(['n', 'number'], (n, number) => (n !== undefined && number !== undefined ? null : absolute(n ?? number))),
  'is defined': fn(['value'], (value) => value !== null && value !== undefined),
  'get or else': fn(['value', 'default'], (value, fallback) => value ?? fallback ?? null),
  assert: fn(['value', 'condition', 'cause'], (value, condition, cause) => {
    if (condition === true) return value;
    assertionFailures?.push(typeof cause === 'string' ? cause : 'The condition is not fulfilled');
    return null;
  }),
  'is empty': fn(['list'], (list) => (Array.isArray(list) ? list.length === 0 : null)),
  'duplicate values': fn(['list'], (list) => {
    if (!Array.isArray(list)) return null;
    const counts = new Map<string, { value: unknown; count: number }>();
    for (const item of list) {
      const key = valueKey(item);
      const entry = counts.get(key) ?? { value: item, count: 0 };
      entry.count++;
      counts.set(key, entry);
    }
    return [...counts.values()].filter((e) => e.count > 1).map((e) => e.value);
  }),
  partition: fn(['list', 'size'], (list, size) => {
    if (!Array.isArray(list) || typeof size !== 'number' || !Number.isInteger(size) || size < 1) return null;
    const parts: unknown[][] = [];
    for (let i = 0; i < list.length; i += size) parts.push(list.slice(i, i + size));
    return parts;
  }),
  trim: fn(['string'], (s) => (typeof s === 'string' ? s.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '') : null)),
  'is blank': fn(['string'], (s) => (typeof s === 'string' ? s.trim().length === 0 : null)),
  uuid: fn([], () => randomUUID()),
  'to base64': fn(['value'], (v) => (typeof v === 'string' ? Buffer.from(v, 'utf8').toString('base64') : null)),
  extract: fn(['string', 'pattern'], (s, pattern) => {
    if (typeof s !== 'string' || typeof pattern !== 'string') return null;
    try {
      return s.match(new RegExp(pattern, 'gu')) ?? [];
    } catch {
      return null;
    }
  }),
  'random number': fn([], () => Math.random()),
  'last day of month': fn(['date'], (date) => {
    const d = plainDateOf(date);
    return d ? new FeelDate(d.with({ day: d.daysInMonth })) : null;
  }),
  'string join': fn(['list', 'delimiter', 'prefix', 'suffix'], stringJoin),
  // feel-scala also takes the DMN spec's parameter name `m` for the context
  // (the second name is an alias for named calls, not a further positional parameter)
  'get value': fn(['context', 'key', 'keys', 'm'], (context, key, keys, m) =>
    context !== undefined && m !== undefined ? null : getValue(context ?? m, key, keys),
  ),
  'get entries': fn(['context', 'm'], (context, m) => {
    if (context !== undefined && m !== undefined) return null;
    const value = context ?? m;
    return isContext(value) ? Object.entries(value).map(([key, v]) => ({ key, value: v ?? null })) : null;
  }),
  'context put': fn(['context', 'key', 'value', 'keys'], contextPut),
  put: fn(['context', 'key', 'value'], (context, key, value) => (typeof key === 'string' ? contextPut(context, key, value) : null)),
  'put all': fn(['...contexts'], (...contexts: unknown[]) =>
    contexts.length > 0 && contexts.every(isContext) ? Object.assign({}, ...contexts) : null,
  ),
  // feelin leaks the remaining days into the result (P1Y8M2D instead of P1Y8M)
  'years and months duration': fn(['from', 'to'], yearsAndMonthsDuration),
  // Zeebe's own extension for timer cycles: cycle(duration("PT1H")) = "R/PT1H"
  cycle: fn(['repetitions', 'interval'], cycle),
};

export const extensionNames: ReadonlySet<string> = new Set(Object.keys(extensionFunctions));

/** Which evaluations run under the time budget's watchdog, and the classification cache. */
import { EvaluationError } from '../../errors';
import { evaluateFeel, evaluateFeelRaw, evaluateUnaryTests, feelLimits, setFeelLimits } from '..';
import { classifications, classify, LruCache, mayRunLong } from '../cost';
import { extensionFunctions } from '../extensions';

describe('classify', () => {
  it.each([
    ['not("mobile")', 'unary-tests'],
    ['"gold","silver"', 'unary-tests'],
    ['[250..400]', 'unary-tests'],
    ['> 400', 'unary-tests'],
    ['count(?) > 1', 'unary-tests'],
    ['count(plan.bureaus) > 0', 'expression'],
    ['score > 400', 'expression'],
    ['plan.bureaus[1]', 'expression'],
    ['"for sale" = text // some comment', 'expression'],
    ['if is defined(x) then upper case(x) else "none"', 'expression'],
    ['__feel_add(a, __feel_mul(b, c))', 'expression'],
    ['{a: [1, 2], b: date("2024-01-01")}.a', 'expression'],
  ] as const)('runs %s without the watchdog', (source, dialect) => {
    expect(classify(source, dialect).long).toBe(false);
  });

  it.each([
    'for x in xs return x',
    'some r in rs satisfies r.ok',
    'every r in rs satisfies r.ok',
    'xs[item > 1]',
    'xs[i]',
    'function(x) x + 1',
    'myFunction(1)',
    'a.b(1)',
    '`__feel_0`(xs)',
    'matches(text, "(a+)+$")',
    'replace(text, "a", "b")',
    'sort(xs, function(a, b) a < b)',
    'number(text)',
    'count(xs',
  ])('runs %s under the watchdog', (source) => {
    expect(classify(source, 'expression').long).toBe(true);
  });

  it('runs an expression over 500 characters under the watchdog', () => {
    expect(classify(`count([${'1, '.repeat(200)}1])`, 'expression').long).toBe(true);
  });

  it('names the built-ins called, for the check against the context', () => {
    expect(classify('count(xs) > 0 and is defined(y)', 'expression')).toEqual({ long: false, callees: ['count', 'is defined'] });
  });
});

describe('mayRunLong', () => {
  const userFunction = evaluateFeelRaw('function(x) x', {}).value;

  it('watches a call whose name the context binds to a function of its own', () => {
    expect(mayRunLong('count(xs)', 'expression', { xs: [1] })).toBe(false);
    expect(mayRunLong('count(xs)', 'expression', { xs: [1], count: userFunction })).toBe(true);
    expect(mayRunLong('is defined(x)', 'expression', { x: 1, 'is defined': extensionFunctions['is defined'] })).toBe(false);
  });

  it('keeps a bounded number of classifications, the least recently used leaving first', () => {
    const cache = new LruCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.size]).toEqual([1, undefined, 3, 2]);
    for (let i = 0; i < classifications.capacity + 10; i++) evaluateFeel(`count([${i}])`, {});
    expect(classifications.size).toBe(classifications.capacity);
  });
});

describe('evaluation with classifications cached', () => {
  it('gives the same results whatever the variables are called, names with spaces included', () => {
    for (let round = 0; round < 2; round++) {
      expect(evaluateFeel('count(plan.bureaus) > 0', { plan: { bureaus: ['schufa'] } })).toBe(true);
      expect(evaluateFeel('count(plan.bureaus) > 0', { plan: { bureaus: [] }, other: 1 })).toBe(false);
      expect(evaluateFeel('count(plan.bureaus) > 0', { plan: null })).toBeNull();
      expect(evaluateFeel('count(order.order lines) + 1', { order: { 'order lines': [1, 2] } })).toBe(3);
      expect(evaluateFeel('count(`order lines`) + 1', { 'order lines': [1, 2, 3] })).toBe(4);
      expect(evaluateFeel('count([1, 2]) + count', { count: 7 })).toBe(9);
      expect(evaluateUnaryTests('not("mobile")', 'web', {})).toBe(true);
      expect(evaluateUnaryTests('not("mobile")', 'mobile', { mobile: 'x' })).toBe(false);
    }
  });
});

describe('the time budget on classified expressions', () => {
  const saved = { ...feelLimits() };
  beforeAll(() => setFeelLimits({ evaluationTimeoutMs: 100 }));
  afterAll(() => setFeelLimits(saved));

  it('still stops iteration, a user function and a backtracking regular expression', () => {
    const slow = evaluateFeelRaw('function(n) count(for x in 1..n return x)', {}).value;
    expect(() => evaluateFeel('slow(100000000)', { slow })).toThrow(EvaluationError);
    expect(() => evaluateFeel('slow(100000000)', { slow })).toThrow(/took longer than 100 ms and was stopped/);
    expect(() => evaluateFeel('some x in 1..100000000 satisfies x < 0', {})).toThrow(/stopped/);
    expect(() => evaluateFeel('matches(text, "^(a+)+$")', { text: `${'a'.repeat(40)}!` })).toThrow(/stopped/);
    expect(evaluateFeel('count(xs) > 0', { xs: [1] })).toBe(true);
  });
});

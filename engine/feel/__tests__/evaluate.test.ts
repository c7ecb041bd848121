import { EvaluationError } from '../../errors';
import {
  checkExpression,
  checkUnaryTests,
  evaluateFeel,
  evaluateFeelDetailed,
  evaluateUnaryTests,
  feelResultType,
  evaluateFeelRaw,
  formatFeelWarnings,
  setFeelClock,
  setFeelTimeZone,
  unexpectedTypeMessage,
} from '..';

const NOW = Date.parse('2026-03-15T12:34:56.789Z');

beforeEach(() => {
  setFeelClock(() => NOW);
  setFeelTimeZone('UTC');
});

describe('evaluateFeel', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 / 4', 2.5],
    ['2 ** 10', 1024],
    ['-5 + 2', -3],
    ['0.1 + 0.2', 0.3],
    ['19.99 * 3', 59.97],
    ['100 * 1.19', 119],
    ['1 / 3', 1 / 3],
    ['10 / 0', null],
    ['decimal(1 / 3, 2)', 0.33],
    ['round half up(2.345, 2)', 2.35],
    ['floor(-1.5)', -2],
    ['modulo(12, 5)', 2],
  ])('computes %s', (source, expected) => {
    expect(evaluateFeel(source, {})).toBe(expected);
  });

  it('compares and branches', () => {
    expect(evaluateFeel('amount > 100 and status = "open"', { amount: 150, status: 'open' })).toBe(true);
    expect(evaluateFeel('if amount > 100 then "high" else "low"', { amount: 50 })).toBe('low');
    expect(evaluateFeel('x between 1 and 10', { x: 5 })).toBe(true);
    expect(evaluateFeel('5 in [1..10]', {})).toBe(true);
    expect(evaluateFeel('"DE" in ["DE", "AT"]', {})).toBe(true);
  });

  it('supports string functions', () => {
    expect(evaluateFeel('upper case(name)', { name: 'strom' })).toBe('STROM');
    expect(evaluateFeel('substring("foobar", 3)', {})).toBe('obar');
    expect(evaluateFeel('string length("Zähler")', {})).toBe(6);
    expect(evaluateFeel('contains("DE89370400440532013000", "3704")', {})).toBe(true);
    expect(evaluateFeel('starts with(iban, "DE")', { iban: 'DE89' })).toBe(true);
    expect(evaluateFeel('matches("12345", "^[0-9]{5}$")', {})).toBe(true);
    expect(evaluateFeel('replace("a-b-c", "-", "/")', {})).toBe('a/b/c');
    expect(evaluateFeel('split("a;b;c", ";")', {})).toEqual(['a', 'b', 'c']);
    expect(evaluateFeel('"order-" + string(42)', {})).toBe('order-42');
    expect(evaluateFeel('"order-" + 42', {})).toBeNull();
  });

  it('supports list functions and filters', () => {
    const items = [
      { price: 10, qty: 2 },
      { price: 5, qty: 1 },
      { price: 7, qty: 0 },
    ];
    expect(evaluateFeel('sum(for i in items return i.price * i.qty)', { items })).toBe(25);
    expect(evaluateFeel('items[qty > 0].price', { items })).toEqual([10, 5]);
    expect(evaluateFeel('count(items)', { items })).toBe(3);
    expect(evaluateFeel('max([3, 1, 2])', {})).toBe(3);
    expect(evaluateFeel('[1, 2, 3][2]', {})).toBe(2);
    expect(evaluateFeel('[1, 2, 3][-1]', {})).toBe(3);
    expect(evaluateFeel('append([1], 2, 3)', {})).toEqual([1, 2, 3]);
    expect(evaluateFeel('distinct values([1, 2, 1])', {})).toEqual([1, 2]);
    expect(evaluateFeel('list contains([1, 2], 2)', {})).toBe(true);
    expect(evaluateFeel('some x in [1, 5] satisfies x > 4', {})).toBe(true);
    expect(evaluateFeel('every x in [1, 5] satisfies x > 4', {})).toBe(false);
    expect(evaluateFeel('sort([3, 1, 2], function(a, b) a < b)', {})).toEqual([1, 2, 3]);
  });

  it('supports contexts and path expressions', () => {
    const customer = { name: 'Erika', address: { city: 'Berlin', zip: '10115' }, meters: [{ id: 'm1' }, { id: 'm2' }] };
    expect(evaluateFeel('customer.address.city', { customer })).toBe('Berlin');
    expect(evaluateFeel('customer.meters.id', { customer })).toEqual(['m1', 'm2']);
    expect(evaluateFeel('{ a: 1, b: a + 1 }', {})).toEqual({ a: 1, b: 2 });
    expect(evaluateFeel('{ total: 5 }.total', {})).toBe(5);
    expect(evaluateFeel('context put({a: 1}, "b", 2)', {})).toEqual({ a: 1, b: 2 });
    expect(evaluateFeel('context merge([{a: 1}, {b: 2}])', {})).toEqual({ a: 1, b: 2 });
    expect(evaluateFeel('get entries({a: 1})', {})).toEqual([{ key: 'a', value: 1 }]);
    expect(evaluateFeel('get value({a: {b: 1}}, ["a", "b"])', {})).toBe(1);
    expect(evaluateFeel('get value({a: 1}, "a")', {})).toBe(1);
  });

  it('evaluates a missing variable or path to null with a warning, as Camunda 8.8 does', () => {
    expect(evaluateFeel('missing', {})).toBeNull();
    expect(evaluateFeel('order.customer.name', { order: {} })).toBeNull();
    expect(evaluateFeel('missing = null', {})).toBe(true);
    expect(evaluateFeel('missing > 5', {})).toBeNull();
    const { value, warnings } = evaluateFeelDetailed('missing', {});
    expect(value).toBeNull();
    expect(warnings).toEqual([{ type: 'NO_VARIABLE_FOUND', message: "No variable found with name 'missing'" }]);
    expect(formatFeelWarnings(warnings)).toBe(
      " The evaluation reported the following warnings:\n[NO_VARIABLE_FOUND] No variable found with name 'missing'",
    );
  });

  it('keeps date-like strings as strings', () => {
    expect(evaluateFeel('d', { d: '2026-01-01' })).toBe('2026-01-01');
    expect(evaluateFeel('date(d) + duration("P1D")', { d: '2026-01-01' })).toBe('2026-01-02');
    expect(evaluateFeel('d + duration("P1D")', { d: '2026-01-01' })).toBeNull();
  });

  it('serialises temporal values like Zeebe', () => {
    expect(evaluateFeel('date("2026-01-31")', {})).toBe('2026-01-31');
    expect(evaluateFeel('date and time("2026-01-01T10:00:00Z")', {})).toBe('2026-01-01T10:00:00Z');
    expect(evaluateFeel('date and time("2026-01-01T10:00:00.5+02:00")', {})).toBe('2026-01-01T10:00:00.5+02:00');
    expect(evaluateFeel('date and time("2026-07-01T10:00:00@Europe/Berlin")', {})).toBe('2026-07-01T10:00:00+02:00');
    expect(evaluateFeel('date and time("2026-01-01T10:00:00")', {})).toBe('2026-01-01T10:00:00');
    expect(evaluateFeel('time("10:15:00")', {})).toBe('10:15');
    expect(evaluateFeel('time("10:15:30")', {})).toBe('10:15:30');
    expect(evaluateFeel('duration("P7D")', {})).toBe('P7D');
    expect(evaluateFeel('duration("PT36H")', {})).toBe('P1DT12H');
    expect(evaluateFeel('duration("PT0S")', {})).toBe('P0D');
    expect(evaluateFeel('duration("-PT90M")', {})).toBe('-PT1H30M');
    expect(evaluateFeel('duration("P1Y2M")', {})).toBe('P1Y2M');
    expect(evaluateFeel('duration("P14M")', {})).toBe('P1Y2M');
    expect(evaluateFeel('{ due: date("2026-02-01") }', {})).toEqual({ due: '2026-02-01' });
  });

  it('does date arithmetic', () => {
    expect(evaluateFeel('date and time("2026-01-01T10:00:00Z") + duration("P7D")', {})).toBe('2026-01-08T10:00:00Z');
    expect(evaluateFeel('date("2024-01-31") + duration("P1M")', {})).toBe('2024-02-29');
    expect(evaluateFeel('date("2026-03-01") - date("2026-02-01")', {})).toBe('P28D');
    expect(evaluateFeel('date("2026-03-01") > date("2026-02-01")', {})).toBe(true);
    expect(evaluateFeel('years and months duration(date("2011-12-22"), date("2013-08-24"))', {})).toBe('P1Y8M');
    expect(evaluateFeel('day of week(date("2026-03-16"))', {})).toBe('Monday');
  });

  it('returns null for values without a JSON form', () => {
    expect(evaluateFeel('function(a) a + 1', {})).toBeNull();
    expect(evaluateFeel('[1..5]', {})).toBeNull();
  });

  it('throws EvaluationError on syntax errors', () => {
    expect(() => evaluateFeel('1 +', {})).toThrow(EvaluationError);
    expect(() => evaluateFeel('foo(', {})).toThrow(/failed to parse expression 'foo\('/);
  });
});

describe('Camunda extension functions', () => {
  it('now() and today() follow the injected clock and zone', () => {
    expect(evaluateFeel('now()', {})).toBe('2026-03-15T12:34:56.789Z');
    expect(evaluateFeel('today()', {})).toBe('2026-03-15');
    expect(evaluateFeel('now() + duration("P7D")', {})).toBe('2026-03-22T12:34:56.789Z');
    setFeelClock(() => Date.parse('2026-03-15T23:30:00Z'));
    setFeelTimeZone('Europe/Berlin');
    expect(evaluateFeel('now()', {})).toBe('2026-03-16T00:30:00+01:00');
    expect(evaluateFeel('today()', {})).toBe('2026-03-16');
  });

  it('rejects unknown time zones', () => {
    expect(() => setFeelTimeZone('Mars/Olympus')).toThrow(EvaluationError);
  });

  it.each([
    ['is defined(x)', {}, false],
    ['is defined(x)', { x: 0 }, true],
    ['is defined(x.y)', { x: {} }, false],
    ['get or else(x, "default")', {}, 'default'],
    ['get or else(x, "default")', { x: 'value' }, 'value'],
    ['get or else(value: null, default: 1)', {}, 1],
    ['string join(["a", "b", "c"], ", ")', {}, 'a, b, c'],
    ['string join(["a", "b"], ", ", "[", "]")', {}, '[a, b]'],
    ['string join(["a", null, "c"])', {}, 'ac'],
    ['string join(["a", 1], ",")', {}, null],
    ['is empty([])', {}, true],
    ['is empty([1])', {}, false],
    ['trim("  x  ")', {}, 'x'],
    ['is blank("  ")', {}, true],
    ['to base64("Hallo Welt")', {}, 'SGFsbG8gV2VsdA=='],
    ['extract("Zähler 1234, 5678", "[0-9]+")', {}, ['1234', '5678']],
    ['duplicate values([1, 2, 1, "a", "a", 3])', {}, [1, 'a']],
    ['partition([1, 2, 3, 4, 5], 2)', {}, [[1, 2], [3, 4], [5]]],
    ['last day of month(date("2024-02-10"))', {}, '2024-02-29'],
    ['put({x: 1}, "y", 2)', {}, { x: 1, y: 2 }],
    ['put all({x: 1}, {y: 2}, {x: 3})', {}, { x: 3, y: 2 }],
    ['cycle(duration("PT1H"))', {}, 'R/PT1H'],
    ['cycle(3, duration("P1D"))', {}, 'R3/P1D'],
  ])('%s with %j', (source, variables, expected) => {
    expect(evaluateFeel(source, variables)).toEqual(expected);
  });

  it('uuid() and random number()', () => {
    expect(evaluateFeel('uuid()', {})).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const n = evaluateFeel('random number()', {}) as number;
    expect(n).toBeGreaterThanOrEqual(0);
    expect(n).toBeLessThan(1);
  });

  it('assert() fails the evaluation with Zeebe wording and warnings', () => {
    expect(evaluateFeel('assert(x, x > 0)', { x: 4 })).toBe(4);
    expect(() => evaluateFeel('assert(x, x != null)', {})).toThrow(
      "Assertion failure on evaluate the expression 'assert(x, x != null)': The condition is not fulfilled The evaluation reported the following warnings:\n" +
        "[NO_VARIABLE_FOUND] No variable found with name 'x'\n[NO_VARIABLE_FOUND] No variable found with name 'x'\n[ASSERT_FAILURE] The condition is not fulfilled",
    );
    expect(() => evaluateFeel('assert(x, x >= 0, "x must be positive")', { x: -1 })).toThrow(/: x must be positive/);
  });
});

describe('variable names as in feel-scala', () => {
  it('does not read an operator expression as a variable with a dash in its name', () => {
    expect(evaluateFeel('a - b', { 'a-b': 7, a: 5, b: 2 })).toBe(3);
    expect(evaluateFeel('`a-b` + 1', { 'a-b': 7 })).toBe(8);
    expect(evaluateFeel('`first name`', { 'first name': 'Erika' })).toBe('Erika');
    expect(evaluateFeel('x.`content-type`', { x: { 'content-type': 'pdf' } })).toBe('pdf');
  });

  it('keeps built-in functions callable when a variable has the same name', () => {
    expect(evaluateFeel('count([1, 2]) + count', { count: 10 })).toBe(12);
    expect(evaluateFeel('product', { product: 'Ökostrom' })).toBe('Ökostrom');
    expect(evaluateFeel('sum(items)', { items: [1, 2], sum: 3 })).toBe(3);
    expect(evaluateFeel('uuid = "x" and string length(uuid()) = 36', { uuid: 'x' })).toBe(true);
    expect(evaluateFeel('"count(" + string(count)', { count: 1 })).toBe('count(1');
  });
});

describe('checkExpression', () => {
  it('accepts valid expressions, including Camunda functions', () => {
    expect(checkExpression('order.total > 100')).toBeUndefined();
    expect(checkExpression('get or else(a, 1)')).toBeUndefined();
    expect(checkExpression('is defined(x) and is empty([])')).toBeUndefined();
    expect(checkExpression('{ a: [1, 2], b: for x in a return x * 2 }')).toBeUndefined();
  });

  it('reports syntax errors', () => {
    expect(checkExpression('1 +')).toBe("failed to parse expression '1 +': unexpected end of expression");
    expect(checkExpression('foo)')).toMatch(/unexpected '\)' at position 4/);
    expect(checkExpression('')).toBe('the expression is empty');
    expect(checkExpression('if x then')).toBeDefined();
  });

  it('checks unary tests', () => {
    expect(checkUnaryTests('')).toBeUndefined();
    expect(checkUnaryTests('-')).toBeUndefined();
    expect(checkUnaryTests('>= 10, < 20')).toBeUndefined();
    expect(checkUnaryTests('>>')).toBeDefined();
  });
});

describe('evaluateUnaryTests', () => {
  it.each([
    ['', 5, true],
    ['-', 5, true],
    ['< 10', 5, true],
    ['< 10', null, false],
    ['[1..5]', 7, false],
    ['"gold", "silver"', 'gold', true],
    ['"gold", "silver"', 'bronze', false],
    ['not("gold")', 'silver', true],
    ['>= 18, < 65', 20, true],
    ['? > limit', 7, true],
    ['null', null, true],
    ['date("2026-01-01")', '2026-01-01', false],
    ['is defined(?)', 1, true],
  ])('%s against %j', (tests, input, expected) => {
    expect(evaluateUnaryTests(tests, input, { limit: 5 })).toBe(expected);
  });
});

describe('result types', () => {
  it('names types like Zeebe and words type mismatches', () => {
    expect(feelResultType(evaluateFeelRaw('duration("P1D")', {}).value)).toBe('DURATION');
    expect(feelResultType(evaluateFeelRaw('duration("P1M")', {}).value)).toBe('PERIOD');
    expect(feelResultType(evaluateFeelRaw('now()', {}).value)).toBe('DATE_TIME');
    expect(feelResultType(evaluateFeelRaw('{}', {}).value)).toBe('OBJECT');
    expect(unexpectedTypeMessage('x', 'BOOLEAN', 'NULL', [{ type: 'NO_VARIABLE_FOUND', message: "No variable found with name 'x'" }])).toBe(
      "Expected result of the expression 'x' to be 'BOOLEAN', but was 'NULL'. The evaluation reported the following warnings:\n[NO_VARIABLE_FOUND] No variable found with name 'x'",
    );
  });
});

/** The FEEL limits: evaluation time budget, expression length, and cost that follows the expression. */
import { EvaluationError } from '../../errors';
import { checkExpression, evaluateFeel, feelLimits, setFeelLimits } from '..';

describe('FEEL limits', () => {
  const saved = { ...feelLimits() };
  beforeAll(() => setFeelLimits({ evaluationTimeoutMs: 100, maxExpressionLength: 1000 }));
  afterAll(() => setFeelLimits(saved));

  it('stops a 2000 × 2000 `for` once over the time budget', () => {
    const run = () => evaluateFeel('for x in 1..2000, y in 1..2000 return x * y', {});
    expect(run).toThrow(EvaluationError);
    expect(run).toThrow(/took longer than 100 ms and was stopped \(ENGINE_FEEL_EVALUATION_TIMEOUT_MS\)/);
  });

  it('evaluates normally after a stopped evaluation (assertions included)', () => {
    expect(() => evaluateFeel('count(for x in 1..100000000 return x)', {})).toThrow(/stopped/);
    expect(evaluateFeel('sum(for x in 1..100 return x)', {})).toBe(5050);
    expect(() => evaluateFeel('assert(x, x > 1, "too small")', { x: 1 })).toThrow(/too small/);
  });

  it('rejects expressions over the length limit at deployment and at evaluation', () => {
    const long = Array.from({ length: 300 }, (_, i) => `a${i}`).join(' + ');
    expect(checkExpression(long)).toMatch(/at most 1000 are allowed \(ENGINE_FEEL_MAX_EXPRESSION_LENGTH\)/);
    expect(() => evaluateFeel(long, {})).toThrow(/ENGINE_FEEL_MAX_EXPRESSION_LENGTH/);
  });

  it('hands feelin only the variables the expression mentions', () => {
    const vars: Record<string, unknown> = { x: 41, 'a-b': 2, count: 7 };
    for (let i = 0; i < 200_000; i++) vars[`v${i}`] = i;
    expect(evaluateFeel('x + 1', vars)).toBe(42);
    expect(evaluateFeel('`a-b` * v199999', vars)).toBe(399998);
    expect(evaluateFeel('count([1, 2]) + count', vars)).toBe(9);
    expect(evaluateFeel('missing', vars)).toBeNull();
  });
});

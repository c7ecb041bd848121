/**
 * `range(from)` (DMN 1.5; beyond feel-scala 1.19), with the outcomes of DMN TCK 1156-range-function.
 */
import { evaluateFeel } from '..';

const feel = (source: string): unknown => evaluateFeel(source, { input_001: '1970-01-01' });

describe('range(from)', () => {
  it.each([
    ['2 in range("[1..3]")', true],
    ['range("]18..21]") = ]18..21]', true],
    ['range(" [ 1 .. 3 ] ") = [1..3]', true],
    ['range("[@\\"1970-01-01\\"..@\\"1970-01-02\\"]") instance of range<date>', true],
    ['range("[date(\\"1970-01-01\\")..date(\\"1970-01-02\\")]") = [date("1970-01-01")..date("1970-01-02")]', true],
    ['range(from: "[1..3]") = [1..3]', true],
  ])('%s → %p', (source, expected) => {
    expect(feel(source)).toBe(expected);
  });

  it.each([
    'range("[..2]")',
    'range("[3..1]")',
    'range("[1..\\"b\\"]")',
    'range("[null..null]")',
    'range("[date(input_001)..date(\\"1970-01-02\\")]")',
    'range("")',
    'range([1..3])',
  ])('%s → null', (source) => {
    expect(feel(source)).toBeNull();
  });
});

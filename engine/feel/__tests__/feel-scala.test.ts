/**
 * feel-scala's own expectations (tag 1.19.5, the FEEL of Camunda 8.8), extracted from its test
 * suite by feel-scala/extract.py into cases.json. Each case names its origin (file:line).
 *
 * The cases we do not match yet are listed in feel-scala/known-gaps.json and run as
 * `it.failing`: a gap that gets fixed fails the suite until it is taken off the list, so the
 * list stays exactly what remains different. Regenerate it with
 *   FEEL_SCALA_RECORD=1 npx jest engine/feel/__tests__/feel-scala.test.ts (then prettier on the list)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateFeelRaw, evaluateUnaryTestsRaw, setFeelClock, setFeelTimeZone } from '..';
import { inputValue, matches, type FeelScalaCase } from './feel-scala/compare';

const folder = join(__dirname, 'feel-scala');
const cases = JSON.parse(readFileSync(join(folder, 'cases.json'), 'utf8')) as FeelScalaCase[];
const gapsFile = join(folder, 'known-gaps.json');
const gaps = new Set(JSON.parse(readFileSync(gapsFile, 'utf8')) as string[]);
const key = (c: FeelScalaCase): string => `${c.origin} ${c.expression.trim()}`;

function passes(c: FeelScalaCase): boolean {
  try {
    const { value } =
      c.input === undefined ? evaluateFeelRaw(c.expression, {}) : evaluateUnaryTestsRaw(c.expression, inputValue(c.input), {});
    return matches(value, c.expected);
  } catch {
    return false;
  }
}

beforeEach(() => {
  setFeelClock(() => Date.parse('2026-03-15T12:34:56.789Z'));
  setFeelTimeZone('UTC');
});

if (process.env.FEEL_SCALA_RECORD) {
  it('records the cases we do not match yet', () => {
    const failing = cases.filter((c) => !passes(c)).map(key);
    writeFileSync(gapsFile, `${JSON.stringify(failing, null, 2)}\n`);
    console.log(`feel-scala 1.19.5 cases: ${cases.length - failing.length} of ${cases.length} match`);
  });
} else {
  describe('feel-scala 1.19.5 test suite', () => {
    it('has no stale entries in the gap list', () => {
      const known = new Set(cases.map(key));
      expect([...gaps].filter((g) => !known.has(g))).toEqual([]);
    });
    for (const c of cases) {
      const test = gaps.has(key(c)) ? it.failing : it;
      test(`${c.origin}: ${c.expression.trim()}${c.input ? ` (input ${JSON.stringify(c.input)})` : ''}`, () => {
        expect(passes(c)).toBe(true);
      });
    }
  });
}

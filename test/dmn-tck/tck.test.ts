/**
 * The DMN TCK as a regression suite: the pass counts per compliance level must not fall below the
 * recorded ones (raise them when the engine gets better). Needs the TCK files: npm run tck:fetch.
 */
import { existsSync } from 'node:fs';
import { TCK_COMMIT, TCK_DIR } from './fetch';
import { passCounts, runTck, type Level } from './tck';

/** Passed test cases at TCK_COMMIT, measured 2026-12-01 (npm run tck prints them); 3,275 level-3 cases in all. */
const RECORDED: Record<Level, number> = {
  'compliance-level-2': 116,
  'compliance-level-3': 3158,
};

const present = existsSync(TCK_DIR);
if (!present) console.log(`DMN TCK files absent (${TCK_DIR}): run npm run tck:fetch to get them at ${TCK_COMMIT.slice(0, 8)}.`);

(present ? describe : describe.skip)('DMN TCK', () => {
  it('passes at least the recorded number of test cases per compliance level', async () => {
    const counts = passCounts(await runTck(TCK_DIR));
    for (const level of Object.keys(RECORDED) as Level[]) {
      expect(counts[level].passed).toBeGreaterThanOrEqual(RECORDED[level]);
    }
  }, 600_000);
});

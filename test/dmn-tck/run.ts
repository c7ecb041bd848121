/**
 * npm run tck [-- <folder regexp>] [--verbose]: runs the DMN TCK (fetched by npm run tck:fetch)
 * and prints the pass counts per compliance level and the failures grouped by cause.
 */
import { existsSync } from 'node:fs';
import { TCK_DIR } from './fetch';
import { passCounts, runTck, TCK_FEEL_TIMEOUT_MS } from './tck';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const pattern = args.find((a) => !a.startsWith('--'));
  if (!existsSync(TCK_DIR)) {
    console.error(`No TCK files in ${TCK_DIR}: run npm run tck:fetch first.`);
    process.exit(2);
  }
  const outcomes = await runTck(TCK_DIR, pattern ? new RegExp(pattern) : undefined);
  const byCause = new Map<string, typeof outcomes>();
  for (const o of outcomes.filter((x) => !x.passed)) byCause.set(o.cause!, [...(byCause.get(o.cause!) ?? []), o]);
  const groups = [...byCause.entries()].sort((a, b) => b[1].length - a[1].length);
  console.log('Failures by cause:');
  for (const [cause, list] of groups) {
    console.log(`${String(list.length).padStart(5)}  ${cause}`);
    for (const o of list.slice(0, verbose ? list.length : 3))
      console.log(`         ${o.name}${o.detail ? `: ${o.detail.slice(0, 300)}` : ''}`);
  }
  console.log(`\nDMN TCK pass counts (FEEL budget ${TCK_FEEL_TIMEOUT_MS} ms per evaluation):`);
  for (const [level, { passed, total, passedDeployable }] of Object.entries(passCounts(outcomes)))
    console.log(
      `  ${level}: ${passed}/${total} (${passedDeployable} in models a Zeebe deployment takes; ${passed - passedDeployable} need the evaluate-only parse of models without ids)`,
    );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

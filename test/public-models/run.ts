/**
 * npm run models [-- <file regexp>] [--verbose]: deploys the public example models (fetched by
 * npm run models:fetch) and prints deployed/rejected per kind, then the rejections grouped by
 * reason with file and element id: engine gaps first, then those Camunda 8.8 rejects as well.
 */
import { CASES_DIR } from './fetch';
import { casesPresent, countsByKind, KINDS, reasonOf, runModels, type Outcome } from './models';

function printGroups(title: string, outcomes: Outcome[], verbose: boolean): void {
  const groups = new Map<string, string[]>();
  for (const o of outcomes) {
    for (const p of o.problems) {
      const reason = reasonOf(p.message);
      const where = `${o.file.id}${p.element ? ` @ ${p.element}` : ''}${verbose ? `: ${p.message}` : ''}`;
      groups.set(reason, [...(groups.get(reason) ?? []), where]);
    }
  }
  if (groups.size === 0) return;
  console.log(`\n${title}:`);
  for (const [reason, list] of [...groups.entries()].sort((a, b) => b[1].length - a[1].length)) {
    console.log(`${String(list.length).padStart(5)}  ${reason}`);
    for (const where of list.slice(0, verbose ? list.length : 5)) console.log(`         ${where}`);
    if (!verbose && list.length > 5) console.log(`         … ${list.length - 5} more (--verbose)`);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const pattern = args.find((a) => !a.startsWith('--'));
  if (!casesPresent()) {
    console.error(`No public example models in ${CASES_DIR}: run npm run models:fetch first.`);
    process.exit(2);
  }
  const outcomes = await runModels(pattern ? new RegExp(pattern) : undefined);
  printGroups(
    'Engine gaps (rejected here, deployed by Camunda 8.8), problems by reason',
    outcomes.filter((o) => o.verdict === 'gap'),
    verbose,
  );
  const expected = outcomes.filter((o) => o.verdict === 'expected');
  if (expected.length > 0) {
    console.log('\nAlso rejected by Camunda 8.8:');
    for (const o of expected) console.log(`         ${o.file.id}: ${o.expected!.why}`);
  }
  const lenient = outcomes.filter((o) => o.verdict === 'lenient');
  if (lenient.length > 0) {
    console.log('\nDeployed here, though Camunda 8.8 rejects them:');
    for (const o of lenient) console.log(`         ${o.file.id}: ${o.expected!.why}`);
  }
  const counts = countsByKind(outcomes);
  const repositories = new Set(outcomes.map((o) => o.file.entry.repo)).size;
  console.log(`\nPublic example models: ${outcomes.length} files from ${repositories} repositories (manifest.json)`);
  for (const kind of KINDS) {
    const c = counts[kind];
    const rejected = c.expected + c.gap;
    console.log(
      `  ${kind.padEnd(5)} ${String(c.deployed + c.lenient).padStart(4)} deployed, ${String(rejected).padStart(3)} rejected` +
        ` (${c.gap} engine gaps, ${c.expected} also rejected by Camunda 8.8)${c.lenient ? `, ${c.lenient} deployed though Camunda rejects` : ''}`,
    );
  }
  const all = (v: 'deployed' | 'expected' | 'gap' | 'lenient') => outcomes.filter((o) => o.verdict === v).length;
  console.log(
    `  all   ${all('deployed') + all('lenient')} deployed, ${all('gap') + all('expected')} rejected: ${all('gap')} engine gaps, ${all('expected')} also rejected by Camunda 8.8`,
  );
}

// The SDK's clients keep reconnect timers for a while after close; do not wait for them.
main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);

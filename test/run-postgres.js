/**
 * `npm run test:postgres`: the database-facing tests once more, against the PostgreSQL server of
 * TEST_DATABASE_URL. Only the test files that open a PostgreSQL database of their own (through
 * db/testing or the conformance harness) run, and only their PostgreSQL variant: everything else
 * never touches PostgreSQL and ran already on PGlite in `npm test`.
 */
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const roots = ['db', 'domain', 'engine/query', 'engine/rest', 'test/conformance', 'test/durability', 'workers', 'server'];
const opensPostgres = /databaseVariants|startHarness|testPostgresUrl|openPostgresTestDatabase/;
const jest = path.join(__dirname, '..', 'node_modules', 'jest', 'bin', 'jest.js');

const listed = execFileSync(process.execPath, [jest, '--listTests', ...roots], { encoding: 'utf8' })
  .split('\n')
  .filter(Boolean);
const files = listed.filter((f) => opensPostgres.test(fs.readFileSync(f, 'utf8'))).sort();
console.log(`test:postgres: ${files.length} of ${listed.length} test files open a PostgreSQL database`);
const run = spawnSync(process.execPath, [jest, ...process.argv.slice(2), '--runTestsByPath', ...files], {
  stdio: 'inherit',
  env: { ...process.env, TEST_POSTGRES_ONLY: '1' },
});
process.exit(run.status ?? 1);

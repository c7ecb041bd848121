/**
 * Puts the DMN TCK's compliance-level-2 and -3 test cases, at the pinned commit, into
 * test/dmn-tck/cases (ignored by git). Source, in this order: a path given as argument (a git
 * directory, a clone, or a folder holding TestCases/), the local mirror /work/.mirror/dmn-tck+tck/repo
 * when present, else the GitHub tarball of the pinned commit.
 *
 *   npm run tck:fetch [-- <path>]
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** dmn-tck/tck master of 2026-07-01 ("Report Website Published"). */
export const TCK_COMMIT = '0dbcaf9b98bc3af4e36d44a7aed95e9e85703a13';
export const TCK_DIR = resolve(__dirname, 'cases');
const LEVELS = ['TestCases/compliance-level-2', 'TestCases/compliance-level-3'];
const DEFAULT_MIRROR = '/work/.mirror/dmn-tck+tck/repo';

function isGitDir(path: string): boolean {
  return existsSync(join(path, 'HEAD')) && existsSync(join(path, 'objects'));
}

/** `git archive` of the two folders at the pinned commit, unpacked into TCK_DIR. */
function fromGit(gitDir: string): void {
  const archive = execFileSync('git', ['--git-dir', gitDir, 'archive', '--format=tar', TCK_COMMIT, ...LEVELS], {
    maxBuffer: 1 << 30,
  });
  execFileSync('tar', ['-x', '-C', TCK_DIR, '--strip-components=1'], { input: archive });
}

function fromFolder(folder: string): void {
  for (const level of LEVELS) cpSync(join(folder, level), join(TCK_DIR, level.split('/')[1]), { recursive: true });
}

async function fromGitHub(): Promise<void> {
  const url = `https://codeload.github.com/dmn-tck/tck/tar.gz/${TCK_COMMIT}`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  const scratch = mkdtempSync(join(tmpdir(), 'dmn-tck-'));
  try {
    const file = join(scratch, 'tck.tar.gz');
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const root = `tck-${TCK_COMMIT}`;
    execFileSync('tar', ['-xzf', file, '-C', scratch, ...LEVELS.map((l) => `${root}/${l}`)]);
    fromFolder(join(scratch, root));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const given = process.argv[2];
  rmSync(TCK_DIR, { recursive: true, force: true });
  mkdirSync(TCK_DIR, { recursive: true });
  let source: string;
  if (given && (isGitDir(given) || isGitDir(join(given, '.git')))) {
    source = isGitDir(given) ? given : join(given, '.git');
    fromGit(source);
  } else if (given) {
    source = given;
    fromFolder(given);
  } else if (isGitDir(DEFAULT_MIRROR)) {
    source = DEFAULT_MIRROR;
    fromGit(source);
  } else {
    source = 'github.com/dmn-tck/tck';
    await fromGitHub();
  }
  writeFileSync(join(TCK_DIR, 'COMMIT'), `${TCK_COMMIT}\n`);
  console.log(`DMN TCK ${TCK_COMMIT.slice(0, 8)} from ${source} → ${TCK_DIR}`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error((e as Error).message);
    process.exit(1);
  });
}

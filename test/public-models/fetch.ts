/**
 * Puts the public example models listed in manifest.json (BPMN, DMN and form files of the sources
 * in sources.ts, each at its pinned commit) into test/public-models/cases (ignored by git), one
 * folder per repository. Source per repository, in this order: the local mirror
 * <mirrors>/<owner>+<name>/repo (a bare git directory holding the pinned commit; default mirrors
 * folder /work/.mirror), else the GitHub tarball of the pinned commit. Every file is checked
 * against its git blob id.
 *
 *   npm run models:fetch [-- <mirrors folder>]
 *   npm run models:fetch -- [<mirrors folder>] --update-manifest   (re-lists the files from the mirrors)
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { SOURCES, type Source } from './sources';

export const CASES_DIR = resolve(__dirname, 'cases');
export const MANIFEST_PATH = resolve(__dirname, 'manifest.json');
const DEFAULT_MIRRORS = '/work/.mirror';
const MODEL_FILE = /\.(bpmn|dmn|form)$/i;

/** One model file: where it comes from, and its git blob id (which is also its checksum). */
export interface ManifestEntry {
  repo: string;
  commit: string;
  path: string;
  blob: string;
  /** For a symbolic link in the repository: the path it points to (the file holds that content). */
  linkTo?: string;
}

export function readManifest(): ManifestEntry[] {
  return JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as ManifestEntry[];
}

/** The folder of a repository's files under CASES_DIR. */
export function repoFolder(repo: string): string {
  return repo.replace('/', '+');
}

/** Git's blob id of a content: sha1 of "blob <length>\0<content>". */
function blobId(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

function mirrorOf(mirrors: string, source: Source): string | undefined {
  const gitDir = join(mirrors, repoFolder(source.repo), 'repo');
  if (!existsSync(join(gitDir, 'HEAD'))) return undefined;
  try {
    execFileSync('git', ['--git-dir', gitDir, 'cat-file', '-e', `${source.commit}^{commit}`], { stdio: 'ignore' });
    return gitDir;
  } catch {
    return undefined;
  }
}

/**
 * The model files of a source at its commit, from a mirror. A symbolic link (some example folders
 * link to a shared form) stands for the file it points to, as on a checked-out disk.
 */
function listFiles(gitDir: string, source: Source): ManifestEntry[] {
  const out = execFileSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '-z', source.commit], { maxBuffer: 1 << 28 }).toString('utf8');
  const tree = new Map<string, { mode: string; blob: string }>();
  for (const line of out.split('\0')) {
    const match = /^(\d+) blob ([0-9a-f]{40})\t(.+)$/.exec(line);
    if (match) tree.set(match[3], { mode: match[1], blob: match[2] });
  }
  const entries: ManifestEntry[] = [];
  for (const [path, { mode, blob }] of tree) {
    if (!MODEL_FILE.test(path) || source.exclude?.some((prefix) => path.startsWith(prefix))) continue;
    let target = path;
    let node = { mode, blob };
    for (let hops = 0; node.mode === '120000'; hops++) {
      const link = execFileSync('git', ['--git-dir', gitDir, 'cat-file', 'blob', node.blob]).toString('utf8').trim();
      target = posix.normalize(posix.join(posix.dirname(target), link));
      const next = tree.get(target);
      if (!next || hops > 8) throw new Error(`${source.repo}/${path}: link to ${target} does not resolve`);
      node = next;
    }
    entries.push({ repo: source.repo, commit: source.commit, path, blob: node.blob, ...(target !== path ? { linkTo: target } : {}) });
  }
  return entries.sort((a, b) => a.path.localeCompare(b.path));
}

function write(entry: ManifestEntry, content: Buffer): void {
  if (blobId(content) !== entry.blob) throw new Error(`${entry.repo}/${entry.path}: content differs from blob ${entry.blob}`);
  const target = join(CASES_DIR, repoFolder(entry.repo), entry.path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
}

function fromGit(gitDir: string, entries: ManifestEntry[]): void {
  for (const e of entries) write(e, execFileSync('git', ['--git-dir', gitDir, 'cat-file', 'blob', e.blob], { maxBuffer: 1 << 28 }));
}

async function fromGitHub(source: Source, entries: ManifestEntry[]): Promise<void> {
  const url = `https://codeload.github.com/${source.repo}/tar.gz/${source.commit}`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  const scratch = mkdtempSync(join(tmpdir(), 'public-models-'));
  try {
    const file = join(scratch, 'source.tar.gz');
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    execFileSync('tar', ['-xzf', file, '-C', scratch, '--strip-components=1']);
    for (const e of entries) write(e, readFileSync(join(scratch, e.path)));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function updateManifest(mirrors: string): void {
  const entries: ManifestEntry[] = [];
  for (const source of SOURCES) {
    const gitDir = mirrorOf(mirrors, source);
    if (!gitDir) throw new Error(`--update-manifest needs a mirror of ${source.repo} at ${source.commit} in ${mirrors}`);
    entries.push(...listFiles(gitDir, source));
  }
  writeFileSync(MANIFEST_PATH, `${JSON.stringify(entries, null, 2)}\n`);
  console.log(`${entries.length} files from ${SOURCES.length} repositories → ${MANIFEST_PATH}`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const mirrors = args.find((a) => !a.startsWith('--')) ?? DEFAULT_MIRRORS;
  if (args.includes('--update-manifest')) updateManifest(mirrors);
  const manifest = readManifest();
  rmSync(CASES_DIR, { recursive: true, force: true });
  mkdirSync(CASES_DIR, { recursive: true });
  for (const source of SOURCES) {
    const entries = manifest.filter((e) => e.repo === source.repo);
    const stale = entries.find((e) => e.commit !== source.commit);
    if (stale)
      throw new Error(`manifest.json lists ${source.repo} at ${stale.commit}, sources.ts pins ${source.commit}: run --update-manifest`);
    const gitDir = mirrorOf(mirrors, source);
    if (gitDir) fromGit(gitDir, entries);
    else await fromGitHub(source, entries);
    console.log(`${String(entries.length).padStart(4)} files  ${source.repo}@${source.commit.slice(0, 8)} from ${gitDir ?? 'github.com'}`);
  }
  console.log(`${manifest.length} public example models → ${CASES_DIR}`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error((e as Error).message);
    process.exit(1);
  });
}

/**
 * Deploys the public example models (fetched by npm run models:fetch) into a fresh embedded engine
 * per repository through @camunda8/sdk, as Camunda Modeler or zbctl would deploy a project folder:
 * forms and DMN files alone, each BPMN file together with the forms and decisions of its folder
 * that it references. Each rejection is split into its problems (element id and reason) and judged
 * against the list of models Camunda 8.8 rejects too (expected.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Resource } from '@camunda8/sdk/dist/zeebe/lib/deployResource';
import { startHarness, type ZeebeClient } from '../harness';
import { EXPECTED_REJECTIONS, type ExpectedRejection } from './expected';
import { CASES_DIR, readManifest, repoFolder, type ManifestEntry } from './fetch';

export type Kind = 'bpmn' | 'dmn' | 'form';
export const KINDS: readonly Kind[] = ['bpmn', 'dmn', 'form'];

export interface ModelFile {
  entry: ManifestEntry;
  kind: Kind;
  /** `<repo>/<path>`, the name used in reports and in expected.ts. */
  id: string;
  content: Buffer;
  /** Form ids or decision ids the file defines (forms, DMN). */
  defines: string[];
  /** Static form ids and decision ids the file references (BPMN). */
  references: string[];
}

export interface Problem {
  element: string;
  message: string;
}

/**
 * deployed: accepted. expected: rejected, and Camunda 8.8 rejects it too. gap: rejected by this
 * engine only. lenient: accepted, though Camunda 8.8 rejects it.
 */
export type Verdict = 'deployed' | 'expected' | 'gap' | 'lenient';

export interface Outcome {
  file: ModelFile;
  verdict: Verdict;
  problems: Problem[];
  /** Files deployed in the same deployment (the forms and decisions a BPMN file references). */
  alongside: string[];
  expected?: ExpectedRejection;
}

export function casesPresent(): boolean {
  return existsSync(CASES_DIR) && readManifest().every((e) => existsSync(filePath(e)));
}

function filePath(e: ManifestEntry): string {
  return join(CASES_DIR, repoFolder(e.repo), e.path);
}

const attributeValues = (text: string, pattern: RegExp): string[] => [...text.matchAll(pattern)].map((m) => m[1]);

export function loadModels(): ModelFile[] {
  return readManifest().map((entry) => {
    const kind = entry.path.toLowerCase().split('.').pop() as Kind;
    const content = readFileSync(filePath(entry));
    const text = content.toString('utf8');
    let defines: string[] = [];
    if (kind === 'form') {
      try {
        const id = (JSON.parse(text) as { id?: unknown }).id;
        defines = typeof id === 'string' ? [id] : [];
      } catch {
        defines = [];
      }
    }
    if (kind === 'dmn') defines = attributeValues(text, /<(?:\w+:)?decision\b[^>]*?\sid="([^"]+)"/g);
    const references = kind === 'bpmn' ? attributeValues(text, /\s(?:formId|decisionId)="([^="][^"]*)"/g) : [];
    return { entry, kind, id: `${entry.repo}/${entry.path}`, content, defines, references };
  });
}

export function resourceOf(file: ModelFile): Resource {
  const name = basename(file.entry.path);
  if (file.kind === 'bpmn') return { name, process: file.content };
  if (file.kind === 'dmn') return { name, decision: file.content };
  return { name, form: file.content };
}

/**
 * The problems of a Zeebe rejection text: `- Element: <id>` lines, each followed by
 * `    - ERROR: ['<resource>': ]<message>` lines (messages may go on over further lines).
 */
export function parseRejection(message: string): { resource?: string; problem: Problem }[] {
  const found: { resource?: string; problem: Problem }[] = [];
  let element = '';
  let inList = false;
  for (const line of message.split('\n')) {
    const elementLine = /^\s*- Element: (.*)$/.exec(line);
    const errorLine = /^\s*- ERROR: (?:'([^']+)': )?(.*)$/.exec(line);
    if (elementLine) {
      element = elementLine[1].trim();
      inList = true;
    } else if (errorLine) {
      found.push({ resource: errorLine[1], problem: { element, message: errorLine[2] } });
    } else if (inList && found.length > 0) {
      found[found.length - 1].problem.message += `\n${line}`;
    }
  }
  if (found.length === 0) found.push({ problem: { element: '', message: message.replace(/^\d+ [A-Z_]+: /, '') } });
  return found;
}

async function deploy(zbc: ZeebeClient, files: ModelFile[]): Promise<Problem[]> {
  try {
    await zbc.deployResources(files.map(resourceOf));
    return [];
  } catch (e) {
    const text = String((e as { details?: unknown }).details ?? (e as Error).message);
    const main = basename(files[0].entry.path);
    const all = parseRejection(text);
    const own = all.filter((p) => !p.resource || p.resource === main);
    return (own.length > 0 ? own : all).map((p) => p.problem);
  }
}

function judge(file: ModelFile, problems: Problem[], alongside: string[]): Outcome {
  const expected = EXPECTED_REJECTIONS.find((x) => x.file === file.id);
  if (problems.length === 0) return { file, verdict: expected ? 'lenient' : 'deployed', problems, alongside, expected };
  const covered = expected && problems.some((p) => expected.reason.test(`${p.element}: ${p.message}`));
  return { file, verdict: covered ? 'expected' : 'gap', problems, alongside, expected: covered ? expected : undefined };
}

const stem = (file: ModelFile): string => basename(file.entry.path).replace(/\.[^.]+$/, '');

function commonSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/**
 * The forms and DMN files of a BPMN file's folder that define a form or decision id it
 * references. Where several define the same id (versions of one decision side by side), the one
 * whose name ends like the BPMN file's is taken (`model_v2.bpmn` → `decision_v2.dmn`).
 */
export function companionsOf(file: ModelFile, candidates: Iterable<ModelFile>): ModelFile[] {
  const folder = dirname(file.entry.path);
  const inFolder = [...candidates].filter((c) => c.entry.repo === file.entry.repo && c.kind !== 'bpmn' && dirname(c.entry.path) === folder);
  const chosen = new Set<ModelFile>();
  for (const id of file.references) {
    const defining = inFolder.filter((c) => c.defines.includes(id));
    const best = defining.sort((a, b) => commonSuffix(stem(b), stem(file)) - commonSuffix(stem(a), stem(file)))[0];
    if (best) chosen.add(best);
  }
  return [...chosen];
}

/** Deploys every model; one fresh engine per repository, so that repositories cannot clash. */
export async function runModels(filter?: RegExp): Promise<Outcome[]> {
  const models = loadModels().filter((m) => !filter || filter.test(m.id));
  const outcomes: Outcome[] = [];
  for (const repo of [...new Set(models.map((m) => m.entry.repo))]) {
    const inRepo = models.filter((m) => m.entry.repo === repo);
    const h = await startHarness();
    try {
      const deployable = new Set<ModelFile>();
      for (const file of inRepo.filter((m) => m.kind !== 'bpmn')) {
        const outcome = judge(file, await deploy(h.zbc, [file]), []);
        if (outcome.problems.length === 0) deployable.add(file);
        outcomes.push(outcome);
      }
      for (const file of inRepo.filter((m) => m.kind === 'bpmn')) {
        const companions = companionsOf(file, deployable);
        const problems = await deploy(h.zbc, [file, ...companions]);
        outcomes.push(
          judge(
            file,
            problems,
            companions.map((c) => c.id),
          ),
        );
      }
    } finally {
      await h.close();
    }
  }
  return outcomes;
}

export function countsByKind(outcomes: Outcome[]): Record<Kind, Record<Verdict, number>> {
  const counts = Object.fromEntries(KINDS.map((k) => [k, { deployed: 0, expected: 0, gap: 0, lenient: 0 }])) as Record<
    Kind,
    Record<Verdict, number>
  >;
  for (const o of outcomes) counts[o.file.kind][o.verdict]++;
  return counts;
}

/** A reason with the model's own names (quoted values, ids, numbers) elided, so that problems group. */
export function reasonOf(message: string): string {
  const firstLine = message.split('\n')[0];
  return firstLine
    .replace(/'(?!(?:bpmn:)?[a-z][A-Za-z]*'(?: are| is))[^']*'/g, "'…'")
    .replace(/\b\d+(?:\.\d+)?\b/g, 'N')
    .slice(0, 200);
}

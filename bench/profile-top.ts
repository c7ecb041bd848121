/**
 * The top of a V8 CPU profile (`node --cpu-prof`), as docs/performance.md records it: self time
 * per function and per source (package or project folder), idle and GC separate, and the busy time
 * by part of the engine's work (each sample counted once, for the part nearest its leaf).
 *
 *   npx tsx bench/profile-top.ts <file.cpuprofile> [top=25]
 */
import fs from 'node:fs';

/** Parts of the work, tried from a sample's leaf towards the root; the first frame that matches names it. */
const PARTS: [string, (fn: string, url: string) => boolean][] = [
  ['garbage collector', (fn) => fn === '(garbage collector)'],
  ['PGlite (its WebAssembly and JavaScript)', (_fn, url) => url.includes('pglite') || url.startsWith('wasm://')],
  ['knex', (_fn, url) => url.includes('/knex')],
  ['gzip of gRPC messages', (fn, url) => url === 'node:zlib' || /compress/i.test(fn)],
  ['FEEL', (_fn, url) => /engine\/feel\/|\/feelin\/|lezer/.test(url)],
  ['engine commands (store.transaction)', (fn, url) => fn === 'transaction' && url.endsWith('state/store.ts')],
  ['engine writes: JSON of the records', (fn, url) => fn === 'writeChunk' && url.endsWith('state/store.ts')],
  ['gRPC, HTTP/2, protobuf', (_fn, url) => /grpc|protobuf|http2/.test(url)],
  ['profiler', (_fn, url) => url.includes('profile-signal') || url.includes('cpu-profile')],
];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: an npm package, a project folder, node's internals or V8. */
function sourceOf(url: string): string {
  if (!url) return '(V8 / native)';
  if (url.startsWith('node:')) return 'node internals';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const project = /\/main\/([^/]+)\//.exec(url) ?? /\/([^/]+)\/[^/]+\.ts$/.exec(url);
  return project ? `${project[1]}/` : url;
}

function main(): void {
  const [file, topArg] = process.argv.slice(2);
  const top = Number(topArg ?? 25);
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const fns = new Map<string, number>();
  const sources = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const name = functionName || '(anonymous)';
    const special = ['(idle)', '(program)', '(garbage collector)'].includes(name);
    const key = special ? name : `${name}  ${url.replace(/^.*\/(node_modules|main)\//, '')}:${lineNumber + 1}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
    const source = special ? name : sourceOf(url);
    sources.set(source, (sources.get(source) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
  const print = (title: string, map: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [k, us] of [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(`${pct(us)}  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
  };
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const parts = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of selfUs) {
    if (byId.get(id)!.callFrame.functionName === '(idle)') continue;
    busy += us;
    let part = 'other';
    for (let n: number | undefined = id; n !== undefined && part === 'other'; n = parent.get(n)) {
      const { functionName, url } = byId.get(n)!.callFrame;
      part = PARTS.find(([, test]) => test(functionName, url))?.[0] ?? 'other';
    }
    parts.set(part, (parts.get(part) ?? 0) + us);
  }
  console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy`);
  print('by source', sources);
  print('by function (self time)', fns);
  console.log('\nbusy time by part (share of the busy time)');
  for (const [k, us] of [...parts.entries()].sort((a, b) => b[1] - a[1]))
    console.log(`${((100 * us) / busy).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
}

main();

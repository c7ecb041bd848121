/**
 * The runtime modules form no import cycle: lifecycle reaches element behaviours through the
 * table the Runtime holds (./elements/index.ts), never by importing them. Type-only imports are
 * erased and do not count.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

function modulesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return modulesUnder(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

function valueImports(file: string, root: string): string[] {
  const source = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const [, typeOnly, spec] of source.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'(\.[^']+)'/gms)) {
    if (typeOnly) continue;
    const base = resolve(dirname(file), spec);
    const target = [`${base}.ts`, join(base, 'index.ts')].find((p) => existsSync(p));
    if (target?.startsWith(root)) out.push(target);
  }
  return out;
}

/** A module that reaches itself again through its imports, with the path, or undefined. */
function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'open') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('engine/runtime import graph', () => {
  it('has no cycle', () => {
    const root = __dirname;
    const graph = new Map(modulesUnder(root).map((f) => [f, valueImports(f, root)]));
    expect(graph.size).toBeGreaterThan(20);
    expect(findCycle(graph)?.map((f) => relative(root, f))).toBeUndefined();
  });
});

/**
 * Reads docker-compose.yml and the Dockerfile the way Docker would, as far as the checks in
 * compose.test.ts need it: YAML with anchors and `<<` merge keys, compose's variable
 * interpolation, and the Dockerfile's ENV lines (the container's environment starts from them).
 * No Docker runs here, so this is the stand-in for `docker compose config`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';

export const ROOT = path.join(__dirname, '..', '..');

export interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  container_name?: string;
  environment?: Record<string, unknown>;
  ports?: string[];
  volumes?: string[];
  configs?: { source: string; target: string }[];
  deploy?: { replicas?: number };
  healthcheck?: { test?: unknown; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
}

export interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  configs?: Record<string, { content?: string; file?: string }>;
}

/** Parses compose YAML; throws on any YAML error or warning (a duplicate key is one). */
export function parseYaml(text: string): unknown {
  // Compose (go-yaml) resolves `<<` merge keys; the yaml package does so only when asked.
  const doc = parseDocument(text, { merge: true, uniqueKeys: true });
  const problems = [...doc.errors, ...doc.warnings].map((e) => e.message);
  if (problems.length) throw new Error(`docker-compose.yml: ${problems.join('; ')}`);
  return doc.toJS();
}

/**
 * Compose's interpolation of one string: $$ is a literal $, ${VAR} / $VAR the variable,
 * ${VAR:-default} / ${VAR-default} a default when unset (and, with the colon, when empty),
 * ${VAR:?message} / ${VAR?message} an error when unset. A variable with neither value nor default
 * is an error here too (compose would warn and use ''): every value must be decided by the file.
 */
export function interpolate(value: string, env: Record<string, string | undefined>): string {
  const pattern = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\{[^{}]*\})*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;
  return value.replace(pattern, (whole: string, braced?: string, op?: string, arg = '', bare?: string) => {
    if (whole === '$$') return '$';
    const name = (braced ?? bare)!;
    const set = env[name];
    const present = op?.startsWith(':') ? set !== undefined && set !== '' : set !== undefined;
    switch (op) {
      case ':-':
      case '-':
        return present ? set! : interpolate(arg, env);
      case ':?':
      case '?':
        if (!present) throw new Error(`${name}: ${arg || 'required'}`);
        return set!;
      case ':+':
      case '+':
        return present ? interpolate(arg, env) : '';
      default:
        if (set === undefined) throw new Error(`${name} is neither set nor given a default`);
        return set;
    }
  });
}

/** Interpolates every string in a parsed compose file (compose does so for the whole file). */
export function interpolateAll<T>(node: T, env: Record<string, string | undefined>): T {
  if (typeof node === 'string') return interpolate(node, env) as T;
  if (Array.isArray(node)) return node.map((n) => interpolateAll(n, env)) as T;
  if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateAll(v, env)])) as T;
  return node;
}

export function readCompose(file = path.join(ROOT, 'docker-compose.yml')): { raw: ComposeFile; text: string } {
  const text = fs.readFileSync(file, 'utf8');
  return { raw: parseYaml(text) as ComposeFile, text };
}

/** The Dockerfile's instructions, continuation lines joined and comments dropped. */
export function dockerfileInstructions(file = path.join(ROOT, 'Dockerfile')): { op: string; args: string }[] {
  const lines = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => !/^\s*#/.test(l));
  const joined = lines.join('\n').replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

/** The environment the Dockerfile's ENV lines give every container of the image (KEY=VALUE form). */
export function dockerfileEnv(file?: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { op, args } of dockerfileInstructions(file)) {
    if (op !== 'ENV') continue;
    for (const pair of args.split(/\s+/)) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new Error(`Dockerfile ENV: expected KEY=VALUE, got "${pair}"`);
      env[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  }
  return env;
}

/** Image reference split into name and tag (a registry port is not a tag). */
export function splitImage(image: string): { name: string; tag: string | undefined } {
  const at = image.lastIndexOf(':');
  if (at < 0 || image.slice(at).includes('/')) return { name: image, tag: undefined };
  return { name: image.slice(0, at), tag: image.slice(at + 1) };
}

/**
 * Images whose releases have two numbers: PostgreSQL since 10 (15.14 is a release; 15 is not).
 * Every other image here numbers its releases major.minor.patch.
 */
const TWO_PART_RELEASES = new Set(['postgres']);

/**
 * An exact version of the image `name`: its full release number (an optional leading v),
 * optionally followed by a variant suffix such as -alpine3.22 or -bookworm-slim. `latest`, `15`,
 * `8.8`, `15-alpine3.22` are not: they move when a new release is published.
 */
export function isExactVersion(name: string, tag: string | undefined): boolean {
  const release = TWO_PART_RELEASES.has(name) ? String.raw`\d+\.\d+` : String.raw`\d+\.\d+\.\d+`;
  return tag !== undefined && new RegExp(String.raw`^v?${release}(-[a-z][a-z0-9.]*)*$`).test(tag);
}

/** Container side of a compose port mapping ("127.0.0.1:8088:8080" -> 8080). */
export function containerPort(mapping: string): number {
  const parts = mapping.split(':');
  return Number(parts[parts.length - 1].split('/')[0]);
}

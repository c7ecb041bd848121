/**
 * Bundles a front end (`<app>/main.ts`, or a page under web/pages) with esbuild into memory on
 * first request and keeps it. A page load checks the sources' modification times and rebuilds
 * after a change, so `npm start` shows edits on reload without a watcher.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';

export interface BuiltFile {
  contents: Uint8Array;
  contentType: string;
  etag: string;
}

export interface Bundle {
  files: Map<string, BuiltFile>;
  /** Does the bundle have a stylesheet (any CSS imported anywhere)? */
  hasCss: boolean;
}

export class BundleError extends Error {
  constructor(readonly bundle: string, readonly messages: string[]) {
    super(`bundle ${bundle} failed:\n${messages.join('\n')}`);
    this.name = 'BundleError';
  }
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json', '.woff': 'font/woff',
  '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.eot': 'application/vnd.ms-fontobject', '.svg': 'image/svg+xml', '.png': 'image/png',
};

interface Entry {
  promise: Promise<Bundle>;
  builtAt: number;
  inputs: string[];
}

export function createBundler(opts: { root: string; minify: boolean }) {
  const cache = new Map<string, Entry>();

  async function build(name: string, entry: string, record: Entry): Promise<Bundle> {
    const outdir = path.join(opts.root, '.web-build', name);
    const result = await esbuild.build({
      entryPoints: { main: entry },
      bundle: true, format: 'esm', platform: 'browser', target: ['es2022'], write: false, outdir,
      publicPath: `/assets/${name}`, assetNames: '[name]-[hash]', entryNames: '[name]',
      sourcemap: 'linked', minify: opts.minify, metafile: true, logLevel: 'silent', legalComments: 'none',
      // Fonts as files (the CSS of bpmn-js, dmn-js and form-js names them), small images inline.
      loader: {
        '.css': 'css', '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'dataurl', '.png': 'dataurl',
        '.bpmn': 'text', '.dmn': 'text', '.form': 'text', '.xml': 'text',
      },
      // Libraries read these Node globals; in the browser they are constants.
      define: { 'process.env.NODE_ENV': opts.minify ? '"production"' : '"development"', global: 'globalThis' },
    }).catch((err: esbuild.BuildFailure) => {
      throw new BundleError(name, (err.errors ?? []).map((e) => `${e.location?.file ?? ''}:${e.location?.line ?? ''} ${e.text}`));
    });
    const files = new Map<string, BuiltFile>();
    for (const f of result.outputFiles) {
      const rel = path.relative(outdir, f.path).split(path.sep).join('/');
      files.set(rel, { contents: f.contents, contentType: TYPES[path.extname(rel)] ?? 'application/octet-stream', etag: `"${f.hash}"` });
    }
    record.inputs = Object.keys(result.metafile!.inputs).filter((i) => !i.includes('node_modules')).map((i) => path.resolve(i));
    return { files, hasCss: files.has('main.css') };
  }

  function stale(e: Entry): boolean {
    return e.inputs.some((file) => {
      try {
        return fs.statSync(file).mtimeMs > e.builtAt;
      } catch {
        return true;
      }
    });
  }

  return {
    /** The bundle for a page load; rebuilt when a source changed since it was built. */
    forPage(name: string, entry: string): Promise<Bundle> {
      const known = cache.get(name);
      if (known && !stale(known)) return known.promise;
      const record: Entry = { promise: Promise.resolve(undefined as never), builtAt: Date.now(), inputs: [] };
      record.promise = build(name, entry, record);
      // A failed build is not kept: the next page load tries again.
      record.promise.catch(() => cache.get(name) === record && cache.delete(name));
      cache.set(name, record);
      return record.promise;
    },
    /** A built asset of a bundle a page has already asked for. */
    async file(name: string, file: string): Promise<BuiltFile | undefined> {
      const e = cache.get(name);
      if (!e) return undefined;
      return (await e.promise.catch(() => undefined))?.files.get(file);
    },
  };
}

export type Bundler = ReturnType<typeof createBundler>;

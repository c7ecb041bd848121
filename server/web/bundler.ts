/**
 * Bundles a front end (`<app>/main.ts`, or a page under web/pages) with esbuild into memory on
 * first request and keeps it. A page load checks the sources' modification times and rebuilds
 * after a change, so `npm start` shows edits on reload without a watcher.
 *
 * Every file name carries its content hash (`main-<hash>.js`), so browsers may keep them for a
 * year; the page names the current ones. Code splitting: a dynamic `import()` becomes its own
 * chunk, loaded when the app asks for it (the modeler's DMN and form editors). The stylesheet
 * such a chunk imports is a file of its own too; `lazyCss` tells the page where it is.
 */
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import * as esbuild from 'esbuild';

export interface BuiltFile {
  contents: Uint8Array;
  contentType: string;
  etag: string;
  /** Compressed once, on first request, and kept with the file (a file never changes). */
  encoded?: Partial<Record<Encoding, Promise<Buffer>>>;
}

export type Encoding = 'br' | 'gzip';
const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
/** Text compresses well; fonts (woff/woff2) and images are compressed already. */
const COMPRESSIBLE = /^(text\/|application\/json|image\/svg)/;

/**
 * The file in the best encoding the client accepts: brotli, else gzip, else as is. Compressing
 * the modeler's scripts costs about a second of CPU; done once per build, not once per request.
 */
export async function encodedFile(
  file: BuiltFile,
  acceptEncoding: string | undefined,
  quality: number,
): Promise<{ body: Buffer; encoding?: Encoding }> {
  const raw = Buffer.from(file.contents);
  if (raw.length < 1024 || !COMPRESSIBLE.test(file.contentType)) return { body: raw };
  const accepted = new Set(
    (acceptEncoding ?? '')
      .split(',')
      .map((part) => part.trim().split(/\s*;\s*/))
      .filter(([, q]) => !q || !/^q=0(\.0*)?$/i.test(q))
      .map(([name]) => name.toLowerCase()),
  );
  const accepts = (e: string) => accepted.has(e) || accepted.has('*');
  const encoding: Encoding | undefined = accepts('br') ? 'br' : accepts('gzip') ? 'gzip' : undefined;
  if (!encoding) return { body: raw };
  file.encoded ??= {};
  file.encoded[encoding] ??=
    encoding === 'br'
      ? brotli(raw, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: quality,
            [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
          },
        })
      : gzip(raw, { level: 9 });
  return { body: await file.encoded[encoding]!, encoding };
}

export interface Bundle {
  files: Map<string, BuiltFile>;
  /** The entry's script and stylesheet (if any CSS is imported eagerly), by their hashed names. */
  js: string;
  css?: string;
  /** Stylesheets of lazily imported modules: source path relative to the root (`modeler/dmn/editor.ts`) → file. */
  lazyCss: Record<string, string>;
}

export class BundleError extends Error {
  constructor(
    readonly bundle: string,
    readonly messages: string[],
  ) {
    super(`bundle ${bundle} failed:\n${messages.join('\n')}`);
    this.name = 'BundleError';
  }
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
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
    const result = await esbuild
      .build({
        entryPoints: { main: entry },
        bundle: true,
        format: 'esm',
        platform: 'browser',
        target: ['es2022'],
        write: false,
        outdir,
        publicPath: `/assets/${name}`,
        assetNames: '[name]-[hash]',
        entryNames: '[name]-[hash]',
        chunkNames: 'chunks/[name]-[hash]',
        splitting: true,
        absWorkingDir: opts.root,
        sourcemap: 'linked',
        minify: opts.minify,
        metafile: true,
        logLevel: 'silent',
        legalComments: 'none',
        // Fonts as files (the CSS of bpmn-js, dmn-js and form-js names them), small images inline.
        loader: {
          '.css': 'css',
          '.woff': 'file',
          '.woff2': 'file',
          '.ttf': 'file',
          '.eot': 'file',
          '.svg': 'dataurl',
          '.png': 'dataurl',
          '.bpmn': 'text',
          '.dmn': 'text',
          '.form': 'text',
          '.xml': 'text',
        },
        // Libraries read these Node globals; in the browser they are constants.
        define: { 'process.env.NODE_ENV': opts.minify ? '"production"' : '"development"', global: 'globalThis' },
      })
      .catch((err: esbuild.BuildFailure) => {
        throw new BundleError(
          name,
          (err.errors ?? []).map((e) => `${e.location?.file ?? ''}:${e.location?.line ?? ''} ${e.text}`),
        );
      });
    const files = new Map<string, BuiltFile>();
    for (const f of result.outputFiles) {
      const rel = path.relative(outdir, f.path).split(path.sep).join('/');
      files.set(rel, { contents: f.contents, contentType: TYPES[path.extname(rel)] ?? 'application/octet-stream', etag: `"${f.hash}"` });
    }
    record.inputs = Object.keys(result.metafile!.inputs)
      .filter((i) => !i.includes('node_modules'))
      .map((i) => path.resolve(opts.root, i));
    const rel = (out: string) => path.relative(outdir, path.resolve(opts.root, out)).split(path.sep).join('/');
    let js = '';
    let css: string | undefined;
    const lazyCss: Record<string, string> = {};
    for (const [out, meta] of Object.entries(result.metafile!.outputs)) {
      if (!meta.entryPoint || !out.endsWith('.js')) continue;
      if (path.resolve(opts.root, meta.entryPoint) === path.resolve(entry)) {
        js = rel(out);
        css = meta.cssBundle ? rel(meta.cssBundle) : undefined;
      } else if (meta.cssBundle) {
        lazyCss[meta.entryPoint.split(path.sep).join('/')] = rel(meta.cssBundle);
      }
    }
    return { files, js, css, lazyCss };
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

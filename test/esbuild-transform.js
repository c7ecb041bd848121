/**
 * Jest transform with esbuild: TypeScript, and ESM-only dependencies, to CommonJS. esbuild's
 * platform binaries are all resolvable from the npm registry here, so `npm ci` works from the
 * lock file on any machine (swc's are not).
 */
const crypto = require('node:crypto');
const { transformSync, version } = require('esbuild');

module.exports = {
  process(source, filename) {
    // PGlite's Emscripten code declares its own local `require`; its import() calls must use the
    // module's require instead, or they hit that (undefined) local.
    if (filename.includes('/@electric-sql/pglite/')) {
      source = `const __moduleRequire = require; const __import = (m) => Promise.resolve().then(() => __moduleRequire(m));\n${source.replace(/\bimport\((["'])/g, '__import($1')}`;
    }
    const loader = /\.tsx?$/.test(filename) ? 'ts' : 'js';
    const result = transformSync(source, {
      loader,
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      sourcefile: filename,
      // PGlite and others load parts with import(); jest's CommonJS runtime needs require().
      supported: { 'dynamic-import': false },
      logLevel: 'silent',
    });
    return { code: result.code };
  },
  getCacheKey(source, filename) {
    return crypto.createHash('sha256').update(version).update('\0').update(filename).update('\0').update(source).digest('hex');
  },
};

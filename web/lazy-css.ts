/**
 * Stylesheets of lazily loaded modules. esbuild splits a dynamic `import()` into its own chunk
 * and the CSS that chunk imports into its own file; the server names those files in the
 * `#lazy-css` data block (server/web/html.ts), keyed by the module's source path.
 */
const loaded = new Map<string, Promise<void>>();

function manifest(): Record<string, string> {
  try {
    return JSON.parse(document.getElementById('lazy-css')?.textContent ?? '{}') as Record<string, string>;
  } catch {
    return {};
  }
}

/** Adds the stylesheet of `source` (e.g. `modeler/dmn/editor.ts`) once, resolving when it has loaded. */
export function loadLazyCss(source: string): Promise<void> {
  const href = manifest()[source];
  if (!href) return Promise.resolve();
  let p = loaded.get(href);
  if (!p) {
    p = new Promise<void>((resolve) => {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = href;
      link.onload = () => resolve();
      // A missing stylesheet leaves the editor unstyled, not unusable.
      link.onerror = () => resolve();
      document.head.append(link);
    });
    loaded.set(href, p);
  }
  return p;
}

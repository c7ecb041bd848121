import type { User } from '../auth/users';

/** What every page's script finds in the `app-state` data block (see web/env.ts). */
export interface AppState {
  user: User | null;
  csrfToken: string | null;
  locale: 'de' | 'en';
  /** Which page the shared pages bundle renders; the apps ignore it. */
  page?: 'home' | 'forbidden' | 'login' | 'placeholder';
  /** The app a forbidden or placeholder page is about. */
  app?: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON inside <script>: `<` escaped, so no string can close the tag. */
const scriptJson = (v: unknown) =>
  JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

const FAVICON = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#0b5fff"/><path d="M18 4 8 18h7l-2 10 11-15h-7z" fill="#fff"/></svg>')}`;

/** The files of a built bundle the page names: hashed, so they can be cached for good. */
export interface PageAssets {
  js: string;
  css?: string;
  /** Stylesheets of lazily loaded modules, for web/lazy-css.ts. */
  lazyCss: Record<string, string>;
}

/** The HTML of a page: the state, the bundle's CSS and module, and server-rendered fallback content. */
export function pageHtml(opts: { title: string; bundle: string; assets: PageAssets; state: AppState; fallback?: string }): string {
  const base = `/assets/${opts.bundle}/`;
  const lazyCss = Object.fromEntries(Object.entries(opts.assets.lazyCss).map(([k, v]) => [k, base + v]));
  return `<!doctype html>
<html lang="${opts.state.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(opts.title)}</title>
<link rel="icon" href="${FAVICON}">
${opts.assets.css ? `<link rel="stylesheet" href="${base}${opts.assets.css}">` : ''}
<script type="application/json" id="app-state">${scriptJson(opts.state)}</script>
${
  Object.keys(lazyCss).length
    ? `<script type="application/json" id="lazy-css">${scriptJson(lazyCss)}</script>
`
    : ''
}<script type="module" src="${base}${opts.assets.js}"></script>
</head>
<body>
<div id="app">${opts.fallback ?? ''}</div>
</body>
</html>`;
}

export function errorHtml(title: string, detail: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><h1>${escapeHtml(title)}</h1><pre>${escapeHtml(detail)}</pre></body></html>`;
}

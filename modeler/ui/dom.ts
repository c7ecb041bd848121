/** A tiny hyperscript: the modeler's chrome is plain DOM, the editors bring their own rendering. */
type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | EventListener | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** Inline SVG icons (16px, currentColor), so the toolbar needs no icon font. */
const paths: Record<string, string> = {
  deploy: 'M8 1l4 4H9v6H7V5H4l4-4zM2 12h12v3H2z',
  download: 'M7 1h2v7h3l-4 4-4-4h3V1zM2 13h12v2H2z',
  undo: 'M5 4V1L0 5.5 5 10V7c4 0 7 1 9 5-1-5-4-8-9-8z',
  redo: 'M11 4V1l5 4.5-5 4.5V7C7 7 4 8 2 12c1-5 4-8 9-8z',
  error: 'M8 1a7 7 0 110 14A7 7 0 018 1zm-1 3v5h2V4H7zm0 6v2h2v-2H7z',
  warn: 'M8 1l7 14H1L8 1zm-1 5v4h2V6H7zm0 5v2h2v-2H7z',
  ok: 'M8 1a7 7 0 110 14A7 7 0 018 1zm3.3 4.3L7 9.6 4.7 7.3 3.3 8.7 7 12.4l5.7-5.7-1.4-1.4z',
  process: 'M1 5h4v6H1zM6 7h3v2H6zM10 4h5v8h-5z',
  // Outlines (even-odd holes): a decision table and a form sheet, not filled squares.
  decision: 'M1 2h14v12H1zM2.5 6.5h3v6h-3zM7 6.5h6.5v6H7zM2.5 3.5h11v1.5h-11z',
  form: 'M2 1h12v14H2zM3.5 2.5v11h9v-11zM5 4.5h6v1.5H5zM5 7.5h6V9H5zM5 10.5h4V12H5z',
  plus: 'M7 2h2v5h5v2H9v5H7V9H2V7h5z',
  history: 'M8 2a6 6 0 11-6 6h2a4 4 0 104-4V2zM7 5h2v3h3v2H7z',
  template: 'M2 2h5v5H2zm7 0h5v5H9zM2 9h5v5H2zm7 2h5v1H9zm0 2h5v1H9z',
  close: 'M3.5 2L8 6.5 12.5 2 14 3.5 9.5 8l4.5 4.5-1.5 1.5L8 9.5 3.5 14 2 12.5 6.5 8 2 3.5z',
  collapse: 'M10 3L5 8l5 5',
  minus: 'M2 7h12v2H2z',
  fit: 'M1 1h5v2H3v3H1zM10 1h5v5h-2V3h-3zM1 10h2v3h3v2H1zM13 10h2v5h-5v-2h3z',
  play: 'M4 2l10 6-10 6z',
  stop: 'M3 3h10v10H3z',
  draft: 'M2 2h8l4 4v8H2zM3.5 3.5v9h9V7H9V3.5zM5 9h6v1.5H5z',
};

export function icon(name: keyof typeof paths | string, cls = ''): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('class', `mdl-icon ${cls}`);
  svg.setAttribute('aria-hidden', 'true');
  const p = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  p.setAttribute('d', paths[name] ?? '');
  p.setAttribute('fill', 'currentColor');
  p.setAttribute('fill-rule', 'evenodd');
  svg.append(p);
  return svg;
}

export function formatDate(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/**
 * Small DOM toolkit shared by the Tasklist and the Cockpit (the cockpit imports it from here), so
 * both apps look alike without a UI framework in the bundle.
 */
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | EventListener | null | undefined>;

/** `h('div.card.wide', {onclick}, ...children)`: tag with classes, attributes/listeners, children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  spec: K | `${K}.${string}`,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const [tag, ...classes] = spec.split('.');
  const node = document.createElement(tag as K);
  if (classes.length) node.className = classes.join(' ');
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else if (k === 'class') node.className = `${node.className} ${String(v)}`.trim();
    else if (v === true) node.setAttribute(k, '');
    else node.setAttribute(k, String(v));
  }
  append(node, children);
  return node;
}

export function append(node: Node, children: (Child | Child[])[]): void {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
}

export function replace(node: Element, ...children: (Child | Child[])[]): void {
  node.replaceChildren();
  append(node, children);
}

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'accent';

export function chip(label: string, tone: Tone = 'neutral', attrs: Attrs = {}): HTMLSpanElement {
  return h('span.chip', { ...attrs, class: `chip-${tone}` }, h('span.chip-dot'), label);
}

export function spinner(label?: string): HTMLElement {
  return h('div.loading', { role: 'status' }, h('span.spinner'), label ? h('span', {}, label) : null);
}

/** A row of grey bars while a list loads: keeps the layout from jumping. */
export function skeleton(rows = 4): HTMLElement {
  return h('div.skeleton', { 'aria-busy': 'true' }, ...Array.from({ length: rows }, () => h('div.skeleton-row', {}, h('span'), h('span'))));
}

export function emptyState(icon: string, title: string, text?: string, action?: Node): HTMLElement {
  return h(
    'div.empty',
    {},
    h('div.empty-icon', { 'aria-hidden': 'true' }, icon),
    h('div.empty-title', {}, title),
    text ? h('p', {}, text) : null,
    action ?? null,
  );
}

export function button(
  label: string,
  onclick: () => void,
  variant: 'primary' | 'secondary' | 'ghost' | 'danger' = 'secondary',
  attrs: Attrs = {},
): HTMLButtonElement {
  return h('button.btn', { type: 'button', ...attrs, class: `btn-${variant}`, onclick: () => onclick() }, label);
}

/** Runs an action with the button disabled and a spinner in it, so a double click cannot send twice. */
export async function busy<T>(btn: HTMLButtonElement, fn: () => Promise<T>): Promise<T> {
  btn.disabled = true;
  btn.classList.add('is-busy');
  try {
    return await fn();
  } finally {
    btn.disabled = false;
    btn.classList.remove('is-busy');
  }
}

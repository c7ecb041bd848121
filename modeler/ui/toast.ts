import { h, icon } from './dom';

export type ToastKind = 'success' | 'error' | 'info';

let host: HTMLElement | undefined;

/** Toasts stack bottom-right; errors stay until closed, the rest fade after a few seconds. */
export function toast(kind: ToastKind, title: string, body?: string | Node): HTMLElement {
  host ??= document.body.appendChild(h('div', { class: 'mdl-toasts', role: 'status', 'aria-live': 'polite' }));
  const close = h('button', { class: 'mdl-toast__close', 'aria-label': 'close', onclick: () => el.remove() }, icon('close'));
  const el = h(
    'div',
    { class: `mdl-toast mdl-toast--${kind}`, 'data-kind': kind },
    icon(kind === 'error' ? 'error' : kind === 'success' ? 'ok' : 'history', 'mdl-toast__icon'),
    h('div', { class: 'mdl-toast__text' }, h('strong', {}, title), body ? h('div', { class: 'mdl-toast__body' }, body) : null),
    close,
  );
  host.append(el);
  if (kind !== 'error') setTimeout(() => el.remove(), 8000);
  return el;
}

/** Toasts: short confirmations and errors in the corner, gone after a few seconds. */
import { h } from './dom';

let host: HTMLElement | undefined;

export function toast(message: string, tone: 'success' | 'danger' | 'info' = 'success', detail?: string): void {
  if (!host || !host.isConnected) {
    host = h('div.toasts', { 'aria-live': 'polite' });
    document.body.append(host);
  }
  const icon = tone === 'success' ? '✓' : tone === 'danger' ? '!' : 'i';
  const node = h(
    'div.toast',
    { class: `toast-${tone}`, role: tone === 'danger' ? 'alert' : 'status' },
    h('span.toast-icon', {}, icon),
    h('div', {}, h('div.toast-title', {}, message), detail ? h('div.toast-detail', {}, detail) : null),
  );
  host.append(node);
  setTimeout(() => node.classList.add('toast-leave'), tone === 'danger' ? 7000 : 3500);
  setTimeout(() => node.remove(), tone === 'danger' ? 7400 : 3900);
}

/** Removes the toasts still shown (of one tone), e.g. a validation error once the action succeeded. */
export function clearToasts(tone?: 'success' | 'danger' | 'info'): void {
  host?.querySelectorAll(tone ? `.toast-${tone}` : '.toast').forEach((n) => n.remove());
}

/** The message of an ApiError's problem document, or of any other error. */
export function errorText(err: unknown): string {
  const e = err as { problem?: { detail?: string; title?: string; message?: string }; message?: string };
  return e?.problem?.detail ?? e?.problem?.message ?? e?.problem?.title ?? e?.message ?? String(err);
}

/** A modal dialog built on <dialog>: focus trapping and Escape come from the browser. */
import { h, type Tone } from './dom';

export interface DialogOptions {
  title: string;
  body: Node;
  confirm: string;
  cancel: string;
  tone?: Extract<Tone, 'danger' | 'accent'>;
  /** Runs on confirm; the dialog stays open when it throws (the caller shows the error in the body). */
  onConfirm: () => Promise<void>;
}

export function openDialog(o: DialogOptions): HTMLDialogElement {
  const confirmBtn = h(
    'button.btn',
    { type: 'button', class: o.tone === 'danger' ? 'btn-danger' : 'btn-primary', 'data-action': 'confirm' },
    o.confirm,
  );
  const cancelBtn = h('button.btn.btn-secondary', { type: 'button' }, o.cancel);
  const dialog = h(
    'dialog.dialog',
    {},
    h('div.dialog-head', {}, h('h2', {}, o.title)),
    h('div.dialog-body', {}, o.body),
    h('div.dialog-foot', {}, cancelBtn, confirmBtn),
  );
  cancelBtn.onclick = () => dialog.close();
  dialog.addEventListener('close', () => dialog.remove());
  confirmBtn.onclick = async () => {
    confirmBtn.disabled = true;
    confirmBtn.classList.add('is-busy');
    try {
      await o.onConfirm();
      dialog.close();
    } catch {
      // onConfirm reported the problem inside the dialog.
    } finally {
      confirmBtn.disabled = false;
      confirmBtn.classList.remove('is-busy');
    }
  };
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

/**
 * Form fields of the phone app: a label above a large input, an optional hint, and an error line
 * tied to the input (aria-describedby, aria-invalid). `data-field` names the API field, so a
 * problem's `details` land beside the field they name.
 */
import { h } from '../tasklist/ui/dom';
import type { Problem } from '../web/api';
import { t } from '../web/i18n';

let seq = 0;

export interface FieldOptions {
  /** The API's field path, e.g. `debtor.address.postalCode`. */
  field: string;
  label: string;
  type?: string;
  required?: boolean;
  hint?: string;
  attrs?: Record<string, string>;
  /** A select's options: [value, label]. */
  options?: Array<[string, string]>;
}

export function field(o: FieldOptions): HTMLElement {
  const id = `m-f${++seq}`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const described = [o.hint ? hintId : '', errorId].filter(Boolean).join(' ');
  const common = { id, name: o.field, 'data-field': o.field, 'aria-describedby': described, ...(o.required ? { required: true } : {}) };
  const control = o.options
    ? h('select', common, ...o.options.map(([value, label]) => h('option', { value }, label)))
    : h('input', { type: o.type ?? 'text', ...common, ...(o.attrs ?? {}) });
  return h(
    'div.m-field',
    {},
    h('label', { for: id }, o.label, o.required ? h('span.m-req', { 'aria-hidden': 'true' }, ' *') : null),
    control,
    o.hint ? h('p.m-hint', { id: hintId }, o.hint) : null,
    h('p.m-error', { id: errorId, 'aria-live': 'polite' }),
  );
}

export function valueOf(form: HTMLFormElement, name: string): string {
  const el = form.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-field="${name}"]`);
  return el ? el.value.trim() : '';
}

/** A field that is changed loses its error: the user sees what is still wrong, not what was. */
export function clearErrorsOnInput(form: HTMLFormElement): void {
  const clear = (e: Event) => {
    const el = e.target as HTMLElement;
    if (!el.dataset.field || el.getAttribute('aria-invalid') !== 'true') return;
    el.removeAttribute('aria-invalid');
    const error = form.querySelector(`#${el.id}-error`);
    if (error) error.textContent = '';
  };
  form.addEventListener('input', clear);
  form.addEventListener('change', clear);
}

export function clearErrors(form: HTMLFormElement): void {
  form.querySelectorAll('[aria-invalid="true"]').forEach((el) => el.removeAttribute('aria-invalid'));
  form.querySelectorAll('.m-error').forEach((el) => (el.textContent = ''));
  form.querySelector('.m-form-error')?.replaceChildren();
}

/** Marks a field and says what is wrong; the message of the app where it has one for the field. */
export function setError(form: HTMLFormElement, fieldName: string, message: string): boolean {
  const el = form.querySelector<HTMLElement>(`[data-field="${fieldName}"]`);
  if (!el) return false;
  el.setAttribute('aria-invalid', 'true');
  const error = form.querySelector(`#${el.id}-error`);
  if (error) error.textContent = message;
  return true;
}

/** The app's own wording for a field's error, else the server's message. */
function messageFor(fieldName: string, serverMessage: string): string {
  const last = fieldName.split('.').pop() ?? fieldName;
  const keys: Record<string, string> = {
    amountCents: 'm.err.amount',
    photo: 'm.err.photo',
    'photo.data': 'm.err.photo',
    email: 'm.err.email',
    phone: 'm.err.phone',
    postalCode: 'm.err.postalCode',
    birthDate: 'm.err.date',
    dueDate: 'm.err.date',
    purpose: 'm.err.purpose',
  };
  if (last === 'photo' && /larger than/.test(serverMessage)) return t('m.err.photoSize');
  if (last === 'photo' && /not an image/.test(serverMessage)) return t('m.err.photoType');
  if (/is required|must not be empty/.test(serverMessage)) return last === 'photo' ? t('m.err.photoMissing') : t('m.required');
  const key = keys[fieldName] ?? keys[last];
  return key ? t(key) : serverMessage || t('m.required');
}

/**
 * Puts a 400's details beside their fields (a problem's field may carry a `body.` prefix or name a
 * missing property) and focuses the first; what names no field is said above the button.
 */
export function showProblem(form: HTMLFormElement, problem: Problem): void {
  clearErrors(form);
  let first: HTMLElement | null = null;
  const general: string[] = [];
  for (const d of problem.details ?? []) {
    const name = (d.field ?? '').replace(/^body\.?/, '').replace(/\[(\w+)\]/g, '.$1');
    const message = messageFor(name, d.message ?? '');
    if (setError(form, name, message)) first ??= form.querySelector<HTMLElement>(`[data-field="${name}"]`);
    else general.push(d.message ?? '');
  }
  const box = form.querySelector('.m-form-error');
  if (box)
    box.textContent = general.length
      ? `${t('m.fixFields')} ${general.join(' ')}`
      : first
        ? t('m.fixFields')
        : (problem.detail ?? t('m.error'));
  first?.focus();
}

/** Small pieces the tabs share: labelled inputs whose errors come from a problem's field list. */
import { ApiError } from '../web/api';
import { h, replace } from '../tasklist/ui/dom';
import { errorText } from '../tasklist/ui/toast';
import { t } from '../web/i18n';

export interface Field {
  node: HTMLElement;
  input: HTMLInputElement;
  error: HTMLElement;
}

/** A labelled input; `name` is the request body's field, so a problem's field error lands beside it. */
export function field(name: string, label: string, attrs: Record<string, string> = {}, hint?: string): Field {
  const id = `acc-f-${name}`;
  // The error is the input's description, so a screen reader reads it with the field.
  const input = h('input.input', {
    type: 'text',
    autocomplete: 'off',
    spellcheck: 'false',
    id,
    name,
    'aria-describedby': `${id}-error`,
    ...attrs,
  });
  const error = h('div.field-error', { role: 'alert', id: `${id}-error`, 'data-field': name });
  return {
    node: h('div.field', {}, h('label.field-label', { for: id }, label), input, hint ? h('div.acc-hint', {}, hint) : null, error),
    input,
    error,
  };
}

/**
 * Puts each field error of a failed request under its field (`firstVersion.validFrom` under
 * validFrom), the rest into `alert`. Returns whether anything was shown.
 */
export function showProblem(err: unknown, fields: Field[], alert: HTMLElement): void {
  for (const f of fields) {
    replace(f.error);
    f.input.removeAttribute('aria-invalid');
  }
  const list =
    err instanceof ApiError
      ? ((err.problem.errors as { field?: string; message?: string }[] | undefined) ?? err.problem.details ?? [])
      : [];
  const rest: string[] = [];
  for (const e of list) {
    const name = (e.field ?? '').split('.').pop();
    const f = fields.find((x) => x.input.name === name);
    if (f) {
      replace(f.error, e.message ?? '');
      f.input.setAttribute('aria-invalid', 'true');
    } else rest.push(`${e.field}: ${e.message}`);
  }
  alert.hidden = list.length > 0 && rest.length === 0;
  replace(alert, list.length ? rest.join('; ') : errorText(err));
}

export function loadError(err: unknown): HTMLElement {
  return h('div.card-body', {}, h('div.alert.alert-danger', {}, t('acc.err.load'), ': ', errorText(err)));
}

export function table(testId: string, head: string[], rows: HTMLElement[], numeric: number[] = []): HTMLElement {
  if (rows.length === 0) return h('div.card-body.muted', { 'data-testid': `${testId}-empty` }, t('acc.none'));
  return h(
    'table.table',
    { 'data-testid': testId },
    h('thead', {}, h('tr', {}, ...head.map((label, i) => h('th', { class: numeric.includes(i) ? 'num' : '' }, label)))),
    h('tbody', {}, ...rows),
  );
}

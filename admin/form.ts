/** Form pieces of the admin's dialogs: labelled fields, role checkboxes, and a problem's field errors beside their fields. */
import { ApiError } from '../web/api';
import { t } from '../web/i18n';
import { h, replace } from '../tasklist/ui/dom';
import { errorText } from '../tasklist/ui/toast';
import type { Role } from './api';

export interface Field {
  node: HTMLElement;
  input: HTMLInputElement | HTMLSelectElement;
  error: HTMLElement;
}

/** A labelled input; `name` is the request body's field, so a problem's details find it. */
export function field(name: string, label: string, input: HTMLInputElement | HTMLSelectElement, hint?: string): Field {
  const id = `f-${name}`;
  input.id = id;
  input.name = name;
  const error = h('div.field-error', { role: 'alert', 'data-field': name });
  return {
    node: h('div.field', {}, h('label', { for: id }, label), input, hint ? h('div.adm-hint', {}, hint) : null, error),
    input,
    error,
  };
}

export function textInput(attrs: Record<string, string> = {}): HTMLInputElement {
  return h('input.input', { type: 'text', autocomplete: 'off', spellcheck: 'false', ...attrs });
}

export interface RoleChoice {
  node: HTMLElement;
  selected(): Role[];
  error: HTMLElement;
}

/** One checkbox per role, each with what the role may do. */
export function roleChoice(name: string, roles: readonly Role[], checked: readonly Role[]): RoleChoice {
  const boxes = roles.map((r) => h('input', { type: 'checkbox', name, value: r, id: `${name}-${r}`, checked: checked.includes(r) }));
  const error = h('div.field-error', { role: 'alert', 'data-field': 'roles' });
  const node = h(
    'fieldset.adm-roles',
    {},
    h('legend.field-label', {}, t('adm.users.roles')),
    ...roles.map((r, i) =>
      h(
        'label.adm-role',
        { for: `${name}-${r}` },
        boxes[i],
        h('span', {}, h('span.adm-role-name', {}, t(`role.${r}`)), h('span.adm-hint', {}, t(`adm.role.${r}.hint`))),
      ),
    ),
    error,
  );
  return { node, error, selected: () => boxes.filter((b) => b.checked).map((b) => b.value as Role) };
}

/**
 * Shows a failed request in a dialog: each field detail under its field (`roles[0]` under roles),
 * anything else in the dialog's alert. Throws, so the dialog stays open.
 */
export function showProblem(err: unknown, alert: HTMLElement, errors: Record<string, HTMLElement>): never {
  for (const e of Object.values(errors)) replace(e);
  const details = err instanceof ApiError ? (err.problem.details ?? []) : [];
  const unplaced: string[] = [];
  for (const d of details) {
    const target = errors[(d.field ?? '').replace(/[[.].*$/, '')];
    if (target) target.append(h('div', {}, d.message ?? ''));
    else unplaced.push(`${d.field ?? ''} ${d.message ?? ''}`.trim());
  }
  replace(alert, details.length && !unplaced.length ? '' : unplaced.join('; ') || errorText(err));
  alert.hidden = !alert.textContent;
  throw err;
}

export function dialogAlert(): HTMLElement {
  return h('div.alert.alert-danger', { role: 'alert', hidden: true, 'data-testid': 'dialog-error' });
}

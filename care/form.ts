/**
 * A care request's form, built from its kind's JSON schema (GET /api/care-kinds): one labelled input
 * per field (nested objects as a group), the contract as a choice of the customer's contracts, and
 * the answer's field errors (400 and 422 `details`) beside their fields.
 */
import { ApiError } from '../web/api';
import { appState } from '../web/env';
import { locale, t } from '../web/i18n';
import { busy, h, replace } from '../tasklist/ui/dom';
import { errorText } from '../tasklist/ui/toast';
import { careCases, uploadAttachment, type CareKind, type JsonSchema, type StartedCase } from './api';

export interface ContractChoice {
  id: string;
  contractNumber: string;
  label: string;
}

interface Field {
  path: string[];
  schema: JsonSchema;
  input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  error: HTMLElement;
}

interface Group {
  path: string[];
  error: HTMLElement;
}

const isDate = (name: string, s: JsonSchema) =>
  s.format === 'date' || (s.pattern ?? '').includes('\\d{4}-\\d{2}-\\d{2}') || /[a-z](Date|On|At)$/.test(name);
const isFile = (name: string, s: JsonSchema) => Boolean(s.contentMediaType) || /(photo|attachment)Id$/i.test(name);
const typeOf = (s: JsonSchema) => (Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type) ?? 'string';

/** The field's label: the schema's title (plain or per language), a known term, or the name in words. */
export function labelOf(name: string, s: JsonSchema): string {
  if (typeof s.title === 'string') return s.title;
  if (s.title && typeof s.title === 'object') return s.title[locale()] ?? s.title.de ?? name;
  const known = t(`care.field.${name}`);
  if (known !== `care.field.${name}`) return known;
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A known hint in the reader's language; otherwise the schema's description (written in English) in English only. */
function hintOf(name: string, s: JsonSchema): string | undefined {
  const known = t(`care.hint.${name}`);
  if (known !== `care.hint.${name}`) return known;
  return locale() === 'en' ? s.description : undefined;
}

/** The core's schema messages are English; the German screen says them in German. */
const GERMAN_MESSAGES: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^is required$/, () => 'Pflichtfeld'],
  [/^must NOT have fewer than (\d+) characters?$/, (m) => `mindestens ${m[1]} Zeichen`],
  [/^must NOT have more than (\d+) characters?$/, (m) => `höchstens ${m[1]} Zeichen`],
  [/^must match pattern/, () => 'hat nicht das erwartete Format'],
  [/^must be one of (.*)$/, (m) => `einer der Werte ${m[1]}`],
  [/^must be (integer|number)$/, () => 'muss eine Zahl sein'],
  [/^must be >= (.*)$/, (m) => `mindestens ${m[1]}`],
  [/^must be <= (.*)$/, (m) => `höchstens ${m[1]}`],
  [/^is not a known property$/, () => 'ist kein Feld dieses Anliegens'],
];

export function fieldMessage(message: string): string {
  if (locale() !== 'de') return message;
  for (const [re, say] of GERMAN_MESSAGES) {
    const m = re.exec(message);
    if (m) return say(m);
  }
  return message;
}

function enumLabel(v: unknown): string {
  const known = t(`care.enum.${String(v)}`);
  return known === `care.enum.${String(v)}` ? String(v) : known;
}

export function requestForm(opts: {
  kind: CareKind;
  customerNumber: string;
  contracts: ContractChoice[];
  onStarted: (started: StartedCase) => void;
  onCancel: () => void;
}): HTMLElement {
  const { kind } = opts;
  const fields: Field[] = [];
  const groups: Group[] = [];
  const idOf = (path: string[]) => `care-${kind.kind}-${path.join('-')}`;

  function control(name: string, path: string[], s: JsonSchema, required: boolean): HTMLElement {
    const id = idOf(path);
    const error = h('div.field-error', { id: `${id}-error`, 'data-field': path.join('.'), role: 'alert' });
    const hint = hintOf(name, s);
    const described = { id, name: path.join('.'), 'aria-describedby': `${id}-error${hint ? ` ${id}-hint` : ''}` };
    let input: Field['input'];
    const type = typeOf(s);
    if (name === 'contractId' && path.length === 1) {
      input = h(
        'select.select',
        described,
        h('option', { value: '' }, t('care.start.chooseContract')),
        ...opts.contracts.map((c) => h('option', { value: c.id }, c.label)),
      );
      if (opts.contracts.length === 1) input.value = opts.contracts[0].id;
    } else if (s.enum) {
      input = h(
        'select.select',
        described,
        h('option', { value: '' }, '–'),
        ...s.enum.map((v) => h('option', { value: String(v) }, enumLabel(v))),
      );
    } else if (type === 'boolean') {
      input = h('input', { ...described, type: 'checkbox', class: 'care-check' });
    } else if (isFile(name, s)) {
      input = h('input.input', { ...described, type: 'file', accept: 'image/*,application/pdf' });
    } else if (type === 'string' && (s.maxLength ?? 0) > 200) {
      input = h('textarea.textarea', { ...described, rows: 4, maxlength: s.maxLength });
    } else {
      const inputType =
        type === 'integer' || type === 'number' ? 'number' : isDate(name, s) ? 'date' : s.format === 'email' ? 'email' : 'text';
      input = h('input.input', {
        ...described,
        type: inputType,
        autocomplete: 'off',
        spellcheck: 'false',
        ...(inputType === 'number' ? { step: type === 'integer' ? '1' : 'any', min: s.minimum, max: s.maximum } : {}),
        ...(s.maxLength ? { maxlength: s.maxLength } : {}),
      });
    }
    if (required) input.setAttribute('aria-required', 'true');
    // A corrected field drops its error at once, not only at the next send.
    const clear = () => {
      replace(error);
      input.removeAttribute('aria-invalid');
    };
    input.addEventListener('input', clear);
    input.addEventListener('change', clear);
    fields.push({ path, schema: s, input, error });
    const label = h(
      'label.field-label',
      { for: id },
      labelOf(name, name === 'contractId' ? { title: t('care.start.contract') } : s),
      required ? ' *' : '',
    );
    return h(
      'div.field',
      { class: type === 'boolean' ? 'care-field-check' : '' },
      label,
      input,
      hint ? h('div.care-hint', { id: `${id}-hint` }, hint) : null,
      error,
    );
  }

  function controls(s: JsonSchema, path: string[]): HTMLElement[] {
    const required = new Set(s.required ?? []);
    // The contract first: most requests are about one.
    const names = Object.keys(s.properties ?? {}).sort((a, b) => Number(b === 'contractId') - Number(a === 'contractId'));
    return names.map((name) => {
      const child = s.properties![name];
      if (typeOf(child) === 'object' && child.properties) {
        const error = h('div.field-error', { 'data-field': [...path, name].join('.'), role: 'alert' });
        groups.push({ path: [...path, name], error });
        return h(
          'fieldset.care-group',
          {},
          h('legend', {}, labelOf(name, child), required.has(name) ? ' *' : ''),
          h('div.care-fields', {}, ...controls(child, [...path, name])),
          error,
        );
      }
      return control(name, [...path, name], child, required.has(name));
    });
  }

  const alert = h('div.alert.alert-danger', { role: 'alert', hidden: true, tabindex: -1, 'data-testid': 'care-form-alert' });
  const send = h('button.btn.btn-primary', { type: 'submit', 'data-action': 'send-request' }, t('care.start.send'));
  const cancel = h('button.btn.btn-ghost', { type: 'button', onclick: () => opts.onCancel() }, t('care.start.cancel'));
  const form = h(
    'form.care-form',
    { novalidate: true, 'data-kind': kind.kind, 'aria-labelledby': `care-form-${kind.kind}-title` },
    h('h3', { id: `care-form-${kind.kind}-title` }, kind.title[locale()] ?? kind.title.de),
    alert,
    h('div.care-fields', {}, ...controls(kind.body, [])),
    h('div.care-form-actions', {}, send, cancel),
  );

  async function bodyOf(): Promise<Record<string, unknown>> {
    const body: Record<string, unknown> = {};
    for (const f of fields) {
      let value: unknown;
      const type = typeOf(f.schema);
      if (f.input instanceof HTMLInputElement && f.input.type === 'checkbox') value = f.input.checked;
      else if (f.input instanceof HTMLInputElement && f.input.type === 'file') {
        const file = f.input.files?.[0];
        value = file ? await uploadAttachment(file, appState().csrfToken) : undefined;
      } else if (f.input.value.trim() === '') value = undefined;
      else if (type === 'integer' || type === 'number') value = Number(f.input.value);
      else value = f.input.value.trim();
      if (value === undefined) continue;
      let at = body;
      for (const p of f.path.slice(0, -1)) at = (at[p] ??= {}) as Record<string, unknown>;
      at[f.path[f.path.length - 1]] = value;
    }
    return { kind: kind.kind, ...body };
  }

  function showProblem(err: unknown): void {
    const details =
      err instanceof ApiError
        ? (err.problem.details ?? []).map((d) => ({ field: (d.field ?? '').replace(/^body\.?/, ''), message: d.message ?? '' }))
        : [];
    const rest: string[] = [];
    for (const d of details) {
      const f = fields.find((x) => x.path.join('.') === d.field);
      const g = groups.find((x) => x.path.join('.') === d.field);
      if (f) {
        replace(f.error, fieldMessage(d.message));
        f.input.setAttribute('aria-invalid', 'true');
      } else if (g) replace(g.error, fieldMessage(d.message));
      else rest.push(d.field ? `${d.field}: ${fieldMessage(d.message)}` : fieldMessage(d.message));
    }
    const refused = err instanceof ApiError && err.status === 422;
    const head = refused ? t('care.start.refused') : details.length ? t('care.start.invalid') : errorText(err);
    replace(alert, head, rest.length ? h('div', {}, rest.join('; ')) : null, refused && !rest.length ? h('div', {}, errorText(err)) : null);
    alert.hidden = false;
    (fields.find((f) => f.input.getAttribute('aria-invalid') === 'true')?.input ?? alert).focus?.();
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void busy(send, async () => {
      for (const f of fields) {
        replace(f.error);
        f.input.removeAttribute('aria-invalid');
      }
      for (const g of groups) replace(g.error);
      alert.hidden = true;
      try {
        const started = await careCases.start(opts.customerNumber, await bodyOf());
        opts.onStarted(started);
      } catch (err) {
        showProblem(err);
      }
    });
  });
  return form;
}

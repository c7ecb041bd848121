/**
 * A request's form, made from its care kind's JSON schema (GET /api/portal/care-kinds): every input
 * with its label, hint and error joined by aria-describedby; errors marked aria-invalid, summarised
 * in an alert with links to the fields, and the first wrong field gets the focus. Photos are uploaded
 * first (POST /api/portal/attachments) and sent as their id; amounts in cents are asked in euros.
 */
import { h, replace } from '../tasklist/ui/dom';
import { locale, t } from '../web/i18n';
import { ApiError, call, newIdempotencyKey } from './api';
import { fieldLabels } from './messages';

export interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  title?: string;
  description?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  pattern?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

export interface CareKind {
  kind: string;
  title: { de: string; en: string };
  contract: 'required' | 'optional' | 'none';
  body: JsonSchema;
}

export interface Choice {
  value: string;
  label: string;
}

export interface ContractChoice {
  id: string;
  contractNumber: string;
  address: string;
  status: string;
}

type Control =
  | 'contract'
  | 'bill'
  | 'tariff'
  | 'signature'
  | 'photo'
  | 'euro'
  | 'decimal'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'date'
  | 'enum'
  | 'textarea'
  | 'text'
  | 'email';

interface Field {
  name: string;
  schema: JsonSchema;
  required: boolean;
  control: Control;
  input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  error: HTMLElement;
  hintId?: string;
}

const typeOf = (s: JsonSchema) => (Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type);
const domId = (name: string) => name.replace(/[^\w-]/g, '-');
export const isPhotoField = (name: string) => /photo|attachment/i.test(name);

function controlOf(name: string, s: JsonSchema): Control {
  const leaf = name.split('.').pop()!;
  if (leaf === 'contractId') return 'contract';
  if (leaf === 'billId') return 'bill';
  if (leaf === 'tariffCode') return 'tariff';
  if (leaf === 'signature' && typeOf(s) === 'object') return 'signature';
  if (isPhotoField(leaf)) return 'photo';
  // A decimal that may come as text ("12345,6" typed, "12345.6" sent): never through a float.
  if (Array.isArray(s.type) && s.type.includes('number') && s.type.includes('string')) return 'decimal';
  const type = typeOf(s);
  if (type === 'boolean') return 'boolean';
  if (type === 'integer' && /Cents$/.test(leaf)) return 'euro';
  if (type === 'integer') return 'integer';
  if (type === 'number') return 'number';
  if (s.enum) return 'enum';
  if (s.format === 'date' || s.pattern === '^\\d{4}-\\d{2}-\\d{2}$') return 'date';
  if (s.format === 'email') return 'email';
  if ((s.maxLength ?? 0) > 200 || /^(message|text|description|question|complaint)$/.test(leaf)) return 'textarea';
  return 'text';
}

const looksGerman = (text: string) => /[äöüßÄÖÜ]|\b(der|die|das|Sie|Ihr|Ihre|und|oder|nicht)\b/.test(text);

/** The field's label and hint: the portal's own words for known fields, else the schema's (in German only when they are German). */
function labelOf(name: string, s: JsonSchema): { label: string; hint?: string } {
  const leaf = name.split('.').pop()!;
  const known = fieldLabels[leaf];
  const l = locale();
  const fits = (text?: string) => (text && (l === 'en' ? !looksGerman(text) : looksGerman(text)) ? text : undefined);
  const label = known?.[l] ?? fits(s.title) ?? leaf.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());
  return { label, hint: known?.hint?.[l] ?? fits(s.description) };
}

const localToday = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** "85,50" / "85.50" / "1.234,56" → cents; undefined when not an amount. */
export function euroToCents(text: string): number | undefined {
  let s = text.replace(/\s|€/g, '');
  if (s.includes(',')) s = s.replace(/\./g, '').replace(',', '.');
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export function renderRequestForm(opts: {
  kind: CareKind;
  contracts: ContractChoice[];
  bills: Choice[];
  tariffs: Choice[];
  maxPhotoMb: number;
  customerName: string;
  onDone: (result: { caseNumber: string }) => void;
}): HTMLFormElement {
  const { kind } = opts;
  const idempotencyKey = newIdempotencyKey();
  const fields: Field[] = [];
  const summary = h('div.errors', { role: 'alert', tabindex: '-1', hidden: true });
  const status = h('p.form-msg', { role: 'status' });
  const submit = h('button.primary', { type: 'submit' }, t('requests.submit'));

  function fieldFor(name: string, s: JsonSchema, required: boolean): HTMLElement {
    const control = controlOf(name, s);
    const id = `f-${domId(name)}`;
    const { label, hint: schemaHint } = labelOf(name, s);
    // The API's words for a date ("YYYY-MM-DD") or the contract mean nothing beside a date picker or a list of one's contracts.
    const ownHint = control === 'date' || control === 'contract' ? fieldLabels[name.split('.').pop()!]?.hint?.[locale()] : schemaHint;
    const hint =
      control === 'photo'
        ? t('requests.photo.hint', { mb: opts.maxPhotoMb.toLocaleString(locale() === 'de' ? 'de-DE' : 'en-GB') })
        : control === 'euro'
          ? (ownHint ?? t('requests.euro.hint'))
          : ownHint;
    const hintId = hint ? `hint-${domId(name)}` : undefined;
    const error = h('p.field-error', { id: `err-${domId(name)}`, hidden: true });
    const common = {
      id,
      name,
      'aria-describedby': hintId ?? null,
      'aria-required': required ? 'true' : null,
    };
    let input: Field['input'];
    if (control === 'contract') {
      input = h(
        'select',
        common,
        kind.contract === 'optional' || opts.contracts.length !== 1 ? h('option', { value: '' }, t('requests.choose')) : null,
        ...opts.contracts.map((c) =>
          h('option', { value: c.id }, t('requests.contract.option', { n: c.contractNumber, address: c.address })),
        ),
      );
    } else if (control === 'bill' || control === 'tariff') {
      const choices = control === 'bill' ? opts.bills : opts.tariffs;
      input = h(
        'select',
        common,
        h('option', { value: '' }, t('requests.choose')),
        ...choices.map((c) => h('option', { value: c.value }, c.label)),
      );
    } else if (control === 'signature') {
      // The mandate's signature: the customer signs here, electronically, by ticking the box.
      input = h('input', { ...common, type: 'checkbox', value: 'true' });
    } else if (control === 'enum') {
      input = h(
        'select',
        common,
        h('option', { value: '' }, t('requests.choose')),
        ...(s.enum ?? []).map((v) => h('option', { value: String(v) }, String(v))),
      );
    } else if (control === 'textarea') {
      input = h('textarea', { ...common, rows: 5, maxlength: s.maxLength ?? null });
    } else if (control === 'photo') {
      // No `capture`: a phone then offers the camera and the photos already taken.
      input = h('input', { ...common, type: 'file', accept: 'image/*' });
    } else if (control === 'boolean') {
      input = h('input', { ...common, type: 'checkbox', value: 'true' });
    } else {
      input = h('input', {
        ...common,
        type: control === 'date' ? 'date' : control === 'email' ? 'email' : 'text',
        inputmode:
          control === 'euro' || control === 'number' || control === 'decimal' ? 'decimal' : control === 'integer' ? 'numeric' : null,
        autocomplete: /iban/i.test(name) ? 'off' : null,
        maxlength: s.maxLength ?? null,
      });
    }
    // A reading is mostly taken today.
    if (control === 'date' && name === 'readingDate') input.value = localToday();
    fields.push({ name, schema: s, required, control, input, error, hintId });
    const mark = required ? h('span.req', { 'aria-hidden': 'true' }, ' *') : null;
    if (control === 'boolean' || control === 'signature')
      return h('div.field.check', {}, input, h('label', { for: id }, label, mark), hint ? h('p.hint', { id: hintId }, hint) : null, error);
    return h(
      'div.field',
      {},
      h('label', { for: id }, control === 'contract' ? t('requests.contract') : label, mark),
      hint ? h('p.hint', { id: hintId }, hint) : null,
      input,
      error,
    );
  }

  function fieldsOf(prefix: string, s: JsonSchema, parentRequired: boolean): (HTMLElement | null)[] {
    const req = new Set(s.required ?? []);
    return Object.entries(s.properties ?? {}).map(([key, sub]) => {
      const name = prefix ? `${prefix}.${key}` : key;
      const required = parentRequired && req.has(key);
      // The day a request is received is today in self-service: the core's default.
      if (key === 'receivedOn') return null;
      if (typeOf(sub) === 'object' && sub.properties && key !== 'signature') {
        const { label } = labelOf(name, sub);
        return h('fieldset', {}, h('legend', {}, label), ...fieldsOf(name, sub, required));
      }
      return fieldFor(name, sub, required);
    });
  }

  // The contract first: most requests are about one.
  const body = kind.body;
  const ordered: JsonSchema = {
    ...body,
    properties: Object.fromEntries(
      Object.entries(body.properties ?? {}).sort(([a], [b]) => Number(b === 'contractId') - Number(a === 'contractId')),
    ),
  };
  const form = h(
    'form.request',
    { novalidate: true, 'aria-labelledby': 'request-title' },
    summary,
    h('p.hint', {}, t('requests.requiredNote')),
    ...fieldsOf('', ordered, true),
    submit,
    status,
  );

  function clearErrors() {
    for (const f of fields) {
      f.input.removeAttribute('aria-invalid');
      if (f.hintId) f.input.setAttribute('aria-describedby', f.hintId);
      else f.input.removeAttribute('aria-describedby');
      f.error.textContent = '';
      f.error.hidden = true;
    }
    summary.hidden = true;
    summary.replaceChildren();
    status.textContent = '';
    status.classList.remove('failed');
  }

  function showErrors(errors: Array<{ field: string; text: string }>, lead?: string) {
    let first: HTMLElement | undefined;
    const items = errors.map((e) => {
      const f =
        fields.find((x) => x.name === e.field) ??
        fields.find((x) => x.control === 'signature' && e.field.startsWith(`${x.name}.`)) ??
        (isPhotoField(e.field) ? fields.find((x) => x.control === 'photo') : undefined);
      if (f) {
        f.error.textContent = e.text;
        f.error.hidden = false;
        f.input.setAttribute('aria-invalid', 'true');
        f.input.setAttribute('aria-describedby', [f.hintId, f.error.id].filter(Boolean).join(' '));
        first ??= f.input;
        // The summary names the field: several "please fill in" lines must say which.
        const label = f.input.closest('.field')?.querySelector('label')?.firstChild?.textContent ?? '';
        return h(
          'li',
          {},
          h(
            'a',
            { href: `#${f.input.id}` },
            label && f.control !== 'signature' && f.control !== 'boolean' ? `${label}: ${e.text}` : e.text,
          ),
        );
      }
      return h('li', {}, e.text);
    });
    summary.append(
      h('h3', {}, lead ?? (items.length === 1 ? t('requests.errors.one') : t('requests.errors.many', { n: items.length }))),
      h('ul', {}, ...items),
    );
    summary.hidden = false;
    (first ?? summary).focus();
  }

  // The links of the summary move the focus to their field (the hash is the portal's router).
  summary.addEventListener('click', (e) => {
    const a = (e.target as HTMLElement).closest('a');
    if (!a) return;
    e.preventDefault();
    document.getElementById(a.getAttribute('href')!.slice(1))?.focus();
  });

  /** The body from the inputs, or the errors found before anything is sent. */
  function collect(): {
    body: Record<string, unknown>;
    errors: Array<{ field: string; text: string }>;
    photo?: { field: Field; file: File };
  } {
    const out: Record<string, unknown> = {};
    const errors: Array<{ field: string; text: string }> = [];
    let photo: { field: Field; file: File } | undefined;
    const put = (name: string, value: unknown) => {
      const parts = name.split('.');
      let node = out;
      for (const p of parts.slice(0, -1)) node = (node[p] ??= {}) as Record<string, unknown>;
      node[parts[parts.length - 1]] = value;
    };
    for (const f of fields) {
      if (f.control === 'signature') {
        if (!(f.input as HTMLInputElement).checked) {
          if (f.required) errors.push({ field: f.name, text: t('requests.signature.missing') });
          continue;
        }
        const holder = fields.find((x) => x.name.split('.').pop() === 'accountHolder')?.input.value.trim();
        put(f.name, { signedAt: new Date().toISOString(), method: 'electronic', signerName: holder || opts.customerName });
        continue;
      }
      if (f.control === 'boolean') {
        const checked = (f.input as HTMLInputElement).checked;
        if (f.required && f.schema.const === true && !checked) errors.push({ field: f.name, text: t('requests.missing') });
        else if (checked || f.required) put(f.name, checked);
        continue;
      }
      if (f.control === 'photo') {
        const file = (f.input as HTMLInputElement).files?.[0];
        if (file) photo = { field: f, file };
        else if (f.required) errors.push({ field: f.name, text: t('requests.photo.missing') });
        continue;
      }
      const raw = f.input.value.trim();
      if (!raw) {
        if (f.required) errors.push({ field: f.name, text: t('requests.missing') });
        continue;
      }
      if (f.control === 'euro') {
        const cents = euroToCents(raw);
        if (cents === undefined) errors.push({ field: f.name, text: t('requests.euro') });
        else put(f.name, cents);
      } else if (f.control === 'decimal') {
        const text = raw.replace(/\s/g, '').replace(',', '.');
        if (!/^\d+(\.\d+)?$/.test(text)) errors.push({ field: f.name, text: t('requests.number') });
        else put(f.name, text);
      } else if (f.control === 'number' || f.control === 'integer') {
        const n = Number(raw.replace(/\s/g, '').replace(',', '.'));
        if (!Number.isFinite(n) || (f.control === 'integer' && !Number.isInteger(n)))
          errors.push({ field: f.name, text: t('requests.number') });
        else put(f.name, n);
      } else put(f.name, raw);
    }
    return { body: out, errors, photo };
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void (async () => {
      clearErrors();
      const { body: values, errors, photo } = collect();
      if (errors.length) return showErrors(errors);
      submit.disabled = true;
      try {
        if (photo) {
          status.textContent = t('requests.uploading');
          const stored = await call<{ id: string }>(
            'POST',
            `/api/portal/attachments?fileName=${encodeURIComponent(photo.file.name.slice(0, 200))}`,
            {
              body: photo.file,
            },
          );
          const parts = photo.field.name.split('.');
          let node = values;
          for (const p of parts.slice(0, -1)) node = (node[p] ??= {}) as Record<string, unknown>;
          node[parts[parts.length - 1]] = stored.id;
        }
        status.textContent = t('requests.sending');
        const out = await call<{ caseNumber: string }>('POST', '/api/portal/care-cases', {
          json: { kind: kind.kind, ...values },
          headers: { 'idempotency-key': idempotencyKey },
        });
        status.textContent = '';
        opts.onDone(out);
      } catch (err) {
        status.textContent = '';
        if (err instanceof ApiError && err.problem.details?.length) {
          return showErrors(
            err.problem.details.map((d) => ({ field: d.field, text: locale() === 'de' ? (d.messageDe ?? d.message) : d.message })),
            err.status === 422 ? t('requests.refused') : undefined,
          );
        }
        if (err instanceof ApiError && err.status === 401) return;
        status.classList.add('failed');
        status.textContent = err instanceof ApiError ? t('portal.failed') : t('portal.offline');
        status.focus();
      } finally {
        submit.disabled = false;
      }
    })();
  });
  return form;
}

/** The thank-you panel that replaces a sent form. */
export function donePanel(title: string, caseNumber: string, back: HTMLElement): HTMLElement {
  const panel = h(
    'div.notice.done',
    { role: 'status', tabindex: '-1' },
    h('p', {}, h('strong', {}, t('requests.done', { title, n: caseNumber }))),
    h('p', {}, t('requests.doneHint')),
    back,
  );
  return panel;
}

export const clear = (node: Element) => replace(node);

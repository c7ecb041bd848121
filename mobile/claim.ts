/** Forderung erfassen: debtor, amount, invoice number, due date and a photo from the phone's camera. */
import { h, replace } from '../tasklist/ui/dom';
import { ApiError, type Problem } from '../web/api';
import { appState } from '../web/env';
import { locale, t } from '../web/i18n';
import { withoutEmpty } from './credit';
import { clearErrors, clearErrorsOnInput, field, setError, showProblem, valueOf } from './form';

export interface ClaimView {
  id: string;
  claimNumber: string;
  status: string;
  debtor: { name: string };
  amountCents: number;
  invoiceNumber: string;
  dueDate: string;
  capturedOn: string;
  firstNoticeOn: string;
  photoUrl: string;
  createdAt: string;
}

/**
 * Euros as typed on a phone to integer cents, from the text alone (never through a float):
 * "1.234,56" (German) or "1,234.56" (English), "12", "12,5". Undefined when it is no amount.
 */
export function parseEuroToCents(text: string, lang: 'de' | 'en'): number | undefined {
  let s = text.replace(/[\s€]/g, '');
  if (!s) return undefined;
  const [thousands, decimal] = lang === 'de' ? ['.', ','] : [',', '.'];
  // A lone separator followed by 1–2 digits is the decimal mark in either notation ("12.5" typed in German).
  if (!s.includes(decimal) && new RegExp(`^\\d+\\${thousands}\\d{1,2}$`).test(s)) s = s.replace(thousands, decimal);
  s = s.split(thousands).join('').replace(decimal, '.');
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return undefined;
  const cents = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return cents > 0 ? cents : undefined;
}

/** One key per filled-in form: a capture sent again (a flaky mobile network, a double tap) answers the first claim. */
function newIdempotencyKey(): string {
  // getRandomValues works on plain HTTP too (randomUUID needs a secure context).
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** POST /api/mobile/claims with the form's Idempotency-Key (the shared client sends no extra headers). */
async function postClaim(body: unknown, key: string): Promise<ClaimView> {
  const csrf = appState().csrfToken;
  const res = await fetch('/api/mobile/claims', {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
      'idempotency-key': key,
      ...(csrf ? { 'x-csrf-token': csrf } : {}),
    },
    body: JSON.stringify(body),
  });
  const data: unknown = await res.json().catch(() => undefined);
  if (res.ok) return data as ClaimView;
  if (res.status === 401) location.assign(`/login?next=${encodeURIComponent(location.pathname + location.hash)}`);
  throw new ApiError(res.status, data && typeof data === 'object' ? (data as Problem) : { status: res.status, title: res.statusText });
}

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('cannot read the photo'));
    reader.readAsDataURL(file);
  });
}

export function formatDay(iso: string): string {
  const d = new Date(`${iso}T12:00:00Z`);
  return d.toLocaleDateString(locale() === 'de' ? 'de-DE' : 'en-GB', {
    weekday: 'short',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  });
}

export function formatCents(cents: number): string {
  return (cents / 100).toLocaleString(locale() === 'de' ? 'de-DE' : 'en-GB', { style: 'currency', currency: 'EUR' });
}

export function showClaimCapture(view: HTMLElement): void {
  const result = h('div.m-result-slot', { 'aria-live': 'polite' });
  const submit = h('button.m-button', { type: 'submit' }, t('m.claim.submit'));
  const idempotencyKey = newIdempotencyKey();
  const preview = h('img.m-preview', { alt: t('m.claim.photoPreview'), hidden: true });
  const photoField = field({
    field: 'photo',
    label: t('m.claim.photo'),
    type: 'file',
    required: true,
    hint: t('m.claim.photoHint'),
    attrs: { accept: 'image/*', capture: 'environment' },
  });
  photoField.append(preview);
  const photoInput = photoField.querySelector('input')!;
  let previewUrl: string | undefined;
  photoInput.addEventListener('change', () => {
    if (previewUrl) URL.revokeObjectURL(previewUrl);
    const file = photoInput.files?.[0];
    previewUrl = file && file.type.startsWith('image/') ? URL.createObjectURL(file) : undefined;
    preview.hidden = !previewUrl;
    if (previewUrl) preview.src = previewUrl;
  });

  const form = h(
    'form.m-card.m-form',
    { novalidate: true, 'aria-labelledby': 'm-claim-title' },
    photoField,
    h(
      'fieldset.m-fieldset',
      {},
      h('legend', {}, t('m.claim.invoice')),
      field({
        field: 'amountCents',
        label: t('m.claim.amount'),
        required: true,
        hint: t('m.claim.amountHint'),
        attrs: { inputmode: 'decimal', autocomplete: 'off' },
      }),
      h(
        'div.m-row',
        {},
        field({ field: 'invoiceNumber', label: t('m.claim.invoiceNumber'), required: true, attrs: { autocomplete: 'off' } }),
        field({ field: 'dueDate', label: t('m.claim.dueDate'), type: 'date', required: true }),
      ),
    ),
    h(
      'fieldset.m-fieldset',
      {},
      h('legend', {}, t('m.claim.debtor')),
      field({ field: 'debtor.name', label: t('m.claim.name'), required: true, attrs: { autocomplete: 'off' } }),
      h(
        'div.m-row.m-row-street',
        {},
        field({ field: 'debtor.address.street', label: t('m.address.street'), required: true }),
        field({ field: 'debtor.address.houseNumber', label: t('m.address.houseNumber'), required: true }),
      ),
      h(
        'div.m-row.m-row-city',
        {},
        field({
          field: 'debtor.address.postalCode',
          label: t('m.address.postalCode'),
          required: true,
          attrs: { inputmode: 'numeric', maxlength: '5' },
        }),
        field({ field: 'debtor.address.city', label: t('m.address.city'), required: true }),
      ),
      field({ field: 'debtor.email', label: t('m.claim.email'), type: 'email', required: true, attrs: { autocomplete: 'off' } }),
      field({ field: 'debtor.phone', label: t('m.claim.phone'), type: 'tel', attrs: { autocomplete: 'off' } }),
    ),
    h('p.m-form-error', { role: 'alert' }),
    submit,
  );

  clearErrorsOnInput(form);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void send();
  });

  async function send(): Promise<void> {
    clearErrors(form);
    const v = (name: string) => valueOf(form, name);
    const amountText = v('amountCents');
    const amountCents = parseEuroToCents(amountText, locale());
    // A typed amount that is no amount is said here; an empty one the server names with the other missing fields.
    if (amountText && amountCents === undefined) {
      setError(form, 'amountCents', t('m.err.amount'));
      form.querySelector<HTMLElement>('[data-field="amountCents"]')?.focus();
      return;
    }
    const file = photoInput.files?.[0];
    submit.disabled = true;
    submit.textContent = t('m.claim.sending');
    try {
      const body = withoutEmpty({
        debtor: {
          name: v('debtor.name'),
          address: {
            street: v('debtor.address.street'),
            houseNumber: v('debtor.address.houseNumber'),
            postalCode: v('debtor.address.postalCode'),
            city: v('debtor.address.city'),
          },
          email: v('debtor.email'),
          phone: v('debtor.phone'),
        },
        amountCents: amountCents ?? '',
        invoiceNumber: v('invoiceNumber'),
        dueDate: v('dueDate'),
        photo: file ? { fileName: file.name, data: await readAsDataUrl(file) } : '',
      });
      const claim = await postClaim(body, idempotencyKey);
      showDone(claim);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) showProblem(form, err.problem);
      else if (err instanceof ApiError && err.status === 413) {
        clearErrors(form);
        setError(form, 'photo', t('m.err.photoSize'));
      } else form.querySelector('.m-form-error')!.textContent = t('m.error');
    } finally {
      submit.disabled = false;
      submit.textContent = t('m.claim.submit');
    }
  }

  function showDone(claim: ClaimView): void {
    const again = h('button.m-button.m-button-secondary', { type: 'button' }, t('m.claim.another'));
    again.addEventListener('click', () => showClaimCapture(view));
    replace(
      result,
      h(
        'section.m-card.m-done',
        { 'aria-labelledby': 'm-claim-done', 'data-claim': claim.claimNumber },
        h('h2', { id: 'm-claim-done', tabindex: '-1' }, t('m.claim.done', { number: claim.claimNumber })),
        h('p', {}, `${claim.debtor.name} · ${formatCents(claim.amountCents)} · ${claim.invoiceNumber}`),
        h('p.m-first-notice', {}, t('m.claim.firstNotice', { date: formatDay(claim.firstNoticeOn) })),
        again,
      ),
    );
    form.hidden = true;
    result.querySelector<HTMLElement>('#m-claim-done')?.focus();
  }

  replace(
    view,
    h('header.m-head', {}, h('h1', { id: 'm-claim-title' }, t('m.claim.title')), h('p.m-lead', {}, t('m.claim.lead'))),
    form,
    result,
  );
}

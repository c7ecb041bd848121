/** Bonitätsprüfung: name, birth date and address in; the traffic light and every bureau's answer out. */
import { h, replace } from '../tasklist/ui/dom';
import { api, ApiError } from '../web/api';
import { formatDateTime, t } from '../web/i18n';
import { clearErrors, clearErrorsOnInput, field, showProblem, valueOf } from './form';

export interface BureauLine {
  bureau: string;
  outcome: 'answered' | 'person_unknown' | 'unavailable';
  score?: number;
  trafficLight?: 'green' | 'yellow' | 'red';
  fraudSuspicion?: boolean;
}

export interface CreditCheckView {
  id: string;
  status: 'pending' | 'completed' | 'failed';
  purpose: string;
  person: { firstName: string; lastName: string };
  trafficLight: 'green' | 'yellow' | 'red' | null;
  score: number | null;
  fraudSuspicion: boolean | null;
  personUnknown: boolean | null;
  results: BureauLine[];
  createdAt: string;
}

const BUREAU_NAMES: Record<string, string> = { schufa: 'SCHUFA', infoscore: 'infoscore', creditreform: 'Creditreform Boniversum' };
const PURPOSES = ['contract_initiation', 'claim_review', 'business_relationship'];
const POLL_MS = 1000;
const POLL_LIMIT = 60;

/** Three lamps, the lit one named for screen readers. */
export function trafficLight(light: CreditCheckView['trafficLight'], size: 'large' | 'small' = 'large'): HTMLElement {
  const name = light ? t(`m.light.${light}`) : t('m.light.none');
  return h(
    `div.m-light.m-light-${size}`,
    { role: 'img', 'aria-label': t('m.light.aria', { light: name }), 'data-light': light ?? 'none' },
    ...(['red', 'yellow', 'green'] as const).map((l) => h(`span.m-lamp.m-lamp-${l}`, { class: l === light ? 'on' : '' })),
  );
}

function verdict(c: CreditCheckView): string {
  if (c.fraudSuspicion) return t('m.verdict.fraud');
  if (c.results.length > 0 && c.results.every((r) => r.outcome === 'unavailable')) return t('m.verdict.unavailable');
  if (c.personUnknown || !c.trafficLight) return t('m.verdict.unknown');
  return t(`m.verdict.${c.trafficLight}`);
}

export function resultCard(c: CreditCheckView): HTMLElement {
  const name = `${c.person.firstName} ${c.person.lastName}`;
  if (c.status === 'pending') return h('section.m-card.m-result', { 'aria-live': 'polite' }, h('p', {}, t('m.credit.pending')));
  return h(
    'section.m-card.m-result',
    { 'aria-labelledby': 'm-result-title', 'data-status': c.status },
    h('h2', { id: 'm-result-title', tabindex: '-1' }, t('m.credit.result', { name })),
    h(
      'div.m-verdict',
      {},
      trafficLight(c.trafficLight),
      h(
        'div',
        {},
        h('p.m-verdict-light', { 'data-testid': 'light' }, c.trafficLight ? t(`m.light.${c.trafficLight}`) : t('m.light.none')),
        h('p.m-verdict-text', {}, verdict(c)),
      ),
    ),
    h('h3', {}, t('m.bureaus')),
    h(
      'ul.m-bureaus',
      {},
      ...c.results.map((r) =>
        h(
          'li.m-bureau',
          { 'data-bureau': r.bureau },
          h('span.m-bureau-name', {}, BUREAU_NAMES[r.bureau] ?? r.bureau),
          r.outcome === 'answered'
            ? h(
                'span.m-bureau-result',
                {},
                h('span', {}, t('m.bureau.score', { score: r.score ?? 0 })),
                h(`span.m-pill.m-pill-${r.trafficLight ?? 'none'}`, {}, r.trafficLight ? t(`m.light.${r.trafficLight}`) : '–'),
                r.fraudSuspicion ? h('span.m-pill.m-pill-red', {}, t('m.bureau.fraud')) : null,
              )
            : h('span.m-bureau-result', {}, t(`m.bureau.${r.outcome}`)),
        ),
      ),
    ),
    h('p.m-meta', {}, t('m.credit.loggedAs', { purpose: t(`m.credit.purpose.${c.purpose}`), when: formatDateTime(c.createdAt) })),
  );
}

export function showCreditCheck(view: HTMLElement): void {
  const result = h('div.m-result-slot', { 'aria-live': 'polite' });
  const submit = h('button.m-button', { type: 'submit' }, t('m.credit.submit'));
  const form = h(
    'form.m-card.m-form',
    { novalidate: true, 'aria-labelledby': 'm-credit-title' },
    field({
      field: 'purpose',
      label: t('m.credit.purpose'),
      required: true,
      hint: t('m.credit.gdpr'),
      options: [['', t('m.credit.purpose.choose')], ...PURPOSES.map((p): [string, string] => [p, t(`m.credit.purpose.${p}`)])],
    }),
    h(
      'div.m-row',
      {},
      field({ field: 'person.firstName', label: t('m.person.firstName'), required: true, attrs: { autocomplete: 'off' } }),
      field({ field: 'person.lastName', label: t('m.person.lastName'), required: true, attrs: { autocomplete: 'off' } }),
    ),
    field({ field: 'person.birthDate', label: t('m.person.birthDate'), type: 'date', required: true }),
    h(
      'div.m-row.m-row-street',
      {},
      field({ field: 'person.address.street', label: t('m.address.street'), required: true }),
      field({ field: 'person.address.houseNumber', label: t('m.address.houseNumber'), required: true }),
    ),
    h(
      'div.m-row.m-row-city',
      {},
      field({
        field: 'person.address.postalCode',
        label: t('m.address.postalCode'),
        required: true,
        attrs: { inputmode: 'numeric', maxlength: '5', autocomplete: 'off' },
      }),
      field({ field: 'person.address.city', label: t('m.address.city'), required: true }),
    ),
    h('p.m-form-error', { role: 'alert' }),
    submit,
  );

  clearErrorsOnInput(form);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void run();
  });

  async function run(): Promise<void> {
    clearErrors(form);
    const v = (name: string) => valueOf(form, name);
    const body = {
      purpose: v('purpose'),
      person: {
        firstName: v('person.firstName'),
        lastName: v('person.lastName'),
        birthDate: v('person.birthDate'),
        address: {
          street: v('person.address.street'),
          houseNumber: v('person.address.houseNumber'),
          postalCode: v('person.address.postalCode'),
          city: v('person.address.city'),
        },
      },
    };
    submit.disabled = true;
    submit.textContent = t('m.credit.asking');
    replace(result, h('p.m-status', { role: 'status' }, t('m.credit.asking')));
    try {
      let check = await api.post<CreditCheckView>('/api/mobile/credit-checks', withoutEmpty(body));
      for (let i = 0; check.status === 'pending' && i < POLL_LIMIT; i++) {
        replace(result, resultCard(check));
        await new Promise((r) => setTimeout(r, POLL_MS));
        check = await api.get<CreditCheckView>(`/api/mobile/credit-checks/${check.id}`);
      }
      replace(result, resultCard(check));
      result.querySelector<HTMLElement>('#m-result-title')?.focus();
    } catch (err) {
      replace(result);
      if (err instanceof ApiError && err.status === 400) showProblem(form, err.problem);
      else form.querySelector('.m-form-error')!.textContent = t('m.error');
    } finally {
      submit.disabled = false;
      submit.textContent = t('m.credit.submit');
    }
  }

  replace(
    view,
    h('header.m-head', {}, h('h1', { id: 'm-credit-title' }, t('m.credit.title')), h('p.m-lead', {}, t('m.credit.lead'))),
    form,
    result,
  );
}

/** Empty fields are left out, so the server names them as missing (one rule for every empty field). */
export function withoutEmpty<T>(value: T): T {
  if (Array.isArray(value) || value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === '') continue;
    out[k] = withoutEmpty(v);
  }
  return out as T;
}

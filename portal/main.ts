/**
 * Kundenportal: the customers' self-service at /portal, mobile first. Without a portal session it
 * is the sign-in form (a link by e-mail, no password); signed in, the customer's own data (read
 * only: master data, contracts, bills with their PDFs, payments, installment plan) and the requests
 * of the care kinds offered in self-service, each starting the same process as a case worker's
 * button. Views by the hash: #/ (overview), #/vertraege, #/rechnungen, #/zahlungen, #/anliegen,
 * #/anliegen/<kind>. The server side is server/portal/routes.ts.
 */
import { h, replace } from '../tasklist/ui/dom';
import { locale, registerMessages, t } from '../web/i18n';
import company from '../templates/company.json';
import { ApiError, call, setCsrfToken, whenSignedOut } from './api';
import { donePanel, renderRequestForm, type CareKind, type ContractChoice } from './forms';
import { messages } from './messages';
import './portal.css';
import type { PortalAddress, PortalOverview } from '../domain/portal/view';

registerMessages(messages);

/** The overview as the server builds it (a type only: nothing of the domain is bundled). */
type Address = PortalAddress;
type Overview = PortalOverview;
interface CareCaseItem {
  caseNumber: string;
  kind: string;
  title: { de: string; en: string } | null;
  status: string;
  createdAt: string;
}

/** The largest photo, from the server's ATTACHMENT_MAX_BYTES (shown in the hint). */
let maxPhotoMb = 5;
const euro = (cents: number) => (cents / 100).toLocaleString(locale() === 'de' ? 'de-DE' : 'en-GB', { style: 'currency', currency: 'EUR' });
const date = (iso: string | null) => {
  if (!iso) return '–';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return locale() === 'de' ? `${d}.${m}.${y}` : `${d}/${m}/${y}`;
};
const addressText = (a: Address) =>
  [`${a.street ?? ''} ${a.houseNumber ?? ''}`.trim(), `${a.postalCode ?? ''} ${a.city ?? ''}`.trim()].filter(Boolean).join(', ');
const titleOf = (title: { de: string; en: string } | null | undefined, fallback: string) => (title ? title[locale()] : fallback);

// ---- The page's frame --------------------------------------------------------------------------------
const root = document.getElementById('app')!;
const nav = h('nav.tabs', { 'aria-label': t('portal.nav') });
const main = h('main.wrap', { id: 'main', tabindex: '-1' });
const headerActions = h('div.header-actions');
document.title = `${t('portal.title')} · ${company.shortName}`;
replace(
  root,
  h('a.skip', { href: '#main' }, t('portal.skip')),
  h(
    'header.brand',
    {},
    h(
      'div.wrap.brand-row',
      {},
      h('span.logo', {}, company.shortName, h('span.sr-only', {}, ` ${company.name}`)),
      h('span.portal-name', {}, t('portal.title')),
      headerActions,
    ),
  ),
  nav,
  main,
  h(
    'footer.wrap',
    {},
    h(
      'p',
      {},
      `${company.name} · ${company.street}, ${company.postalCode} ${company.city}`,
      h('br'),
      t('portal.footer.questions', { phone: company.phone, hours: company.serviceHours }),
      ' · ',
      h('a', { href: `mailto:${company.email}` }, company.email),
    ),
    h(
      'p',
      {},
      h(
        'button.linkish',
        {
          type: 'button',
          lang: locale() === 'de' ? 'en' : 'de',
          onclick: () => {
            document.cookie = `o2c_locale=${locale() === 'de' ? 'en' : 'de'}; path=/; max-age=31536000; samesite=lax`;
            location.reload();
          },
        },
        t('portal.language'),
      ),
    ),
  ),
);
// The skip link moves the focus without touching the hash (the router's).
root.querySelector('a.skip')!.addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});

let signedIn = false;
let overview: Overview | undefined;
let kinds: CareKind[] = [];

function show(title: string, ...content: (Node | string | null)[]) {
  replace(main, h('h1', { id: 'request-title' }, title), ...content);
}

function failed(err: unknown) {
  if (err instanceof ApiError && err.status === 401) return;
  show(t('portal.title'), h('p.notice.failed', { role: 'alert' }, err instanceof ApiError ? t('portal.failed') : t('portal.offline')));
}

// ---- Sign-in -------------------------------------------------------------------------------------------
function showSignIn(notice?: string) {
  signedIn = false;
  overview = undefined;
  replace(nav);
  nav.hidden = true;
  replace(headerActions);
  const error = h('p.field-error', { id: 'err-email', hidden: true });
  const input = h('input', {
    id: 'f-email',
    name: 'email',
    type: 'email',
    autocomplete: 'email',
    inputmode: 'email',
    'aria-required': 'true',
    'aria-describedby': 'hint-email',
  });
  const status = h('p.form-msg', { role: 'status' });
  const submit = h('button.primary', { type: 'submit' }, t('signin.submit'));
  const form = h(
    'form.signin',
    { novalidate: true },
    h(
      'div.field',
      {},
      h('label', { for: 'f-email' }, t('signin.email')),
      h('p.hint', { id: 'hint-email' }, t('signin.email.hint')),
      input,
      error,
    ),
    submit,
    status,
  );
  const fail = (text: string) => {
    error.textContent = text;
    error.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', 'hint-email err-email');
    input.focus();
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    error.hidden = true;
    input.removeAttribute('aria-invalid');
    input.setAttribute('aria-describedby', 'hint-email');
    status.classList.remove('failed');
    const email = input.value.trim();
    if (!email) return fail(t('signin.email.missing'));
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return fail(t('signin.email.invalid'));
    submit.disabled = true;
    call('POST', '/api/portal/sign-in', { json: { email }, quiet401: true })
      .then(() => {
        const done = h('p.notice.done', { role: 'status', tabindex: '-1' }, t('signin.sent'));
        form.replaceWith(done);
        done.focus();
      })
      .catch((err: unknown) => {
        submit.disabled = false;
        if (err instanceof ApiError && err.status === 400) return fail(t('signin.email.invalid'));
        status.classList.add('failed');
        status.textContent = err instanceof ApiError && err.status === 429 ? t('signin.tooMany') : t('portal.failed');
      });
  });
  show(t('signin.title'), notice ? h('p.notice', { role: 'status' }, notice) : null, h('p', {}, t('signin.lead')), form);
}

whenSignedOut(() => {
  if (signedIn) showSignIn(t('portal.expired'));
});

// ---- Signed in -----------------------------------------------------------------------------------------
const VIEWS = [
  { hash: '#/', key: 'home' },
  { hash: '#/vertraege', key: 'contracts' },
  { hash: '#/rechnungen', key: 'bills' },
  { hash: '#/zahlungen', key: 'payments' },
  { hash: '#/anliegen', key: 'requests' },
] as const;

function renderNav(current: string) {
  nav.hidden = false;
  replace(
    nav,
    h(
      'ul',
      {},
      ...VIEWS.map((v) =>
        h('li', {}, h('a', { href: v.hash, ...(v.hash === current ? { 'aria-current': 'page' } : {}) }, t(`portal.nav.${v.key}`))),
      ),
    ),
  );
}

function dl(rows: Array<[string, Node | string]>): HTMLElement {
  return h('dl.facts', {}, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function homeView(o: Overview) {
  const c = o.customer;
  show(
    t('home.greeting', { name: `${c.firstName} ${c.lastName}` }),
    h('p.lead', {}, t('home.customerNumber', { n: c.customerNumber })),
    h(
      'section.card',
      { 'aria-labelledby': 'h-master' },
      h('h2', { id: 'h-master' }, t('home.masterData')),
      dl([
        [t('home.name'), `${c.firstName} ${c.lastName}`],
        [t('home.address'), addressText(c.address)],
        [t('home.email'), c.email],
        [t('home.phone'), c.phone ?? '–'],
      ]),
    ),
    h(
      'section.card',
      { 'aria-labelledby': 'h-accounts' },
      h('h2', { id: 'h-accounts' }, t('home.accounts')),
      ...o.accounts.map((a) =>
        h(
          'div.item',
          {},
          h('h3', {}, t('home.account', { n: a.accountNumber })),
          dl([
            [
              t('home.balance'),
              a.balanceCents > 0
                ? t('home.balance.due', { amount: euro(a.balanceCents) })
                : a.balanceCents < 0
                  ? t('home.balance.credit', { amount: euro(-a.balanceCents) })
                  : t('home.balance.even'),
            ],
            [
              t('home.payment'),
              a.mandate
                ? t('home.mandate', { last4: a.mandate.ibanLast4, holder: a.mandate.accountHolder })
                : t(`payment.${a.paymentMethod}`),
            ],
          ]),
        ),
      ),
    ),
    kinds.length
      ? h(
          'section.card',
          { 'aria-labelledby': 'h-quick' },
          h('h2', { id: 'h-quick' }, t('home.quick')),
          h('ul.actions', {}, ...kinds.map((k) => h('li', {}, h('a.action', { href: `#/anliegen/${k.kind}` }, titleOf(k.title, k.kind))))),
        )
      : null,
  );
}

function contractsView(o: Overview) {
  show(
    t('contracts.title'),
    o.contracts.length === 0 ? h('p', {}, t('contracts.none')) : null,
    ...o.contracts.map((k) =>
      h(
        'section.card',
        { 'aria-labelledby': `h-${k.id}` },
        h('h2', { id: `h-${k.id}` }, t('contracts.contract', { n: k.contractNumber })),
        dl([
          [t('contracts.status'), t(`contracts.status.${k.status}`)],
          [t('contracts.tariff'), k.tariffName ? `${k.tariffName} (${k.tariffCode})` : k.tariffCode],
          [
            t('contracts.period'),
            k.endDate
              ? t('contracts.until', { from: date(k.startDate), to: date(k.endDate) })
              : t('contracts.since', { date: date(k.startDate) }),
          ],
          [t('contracts.supply'), addressText(k.supplyAddress)],
          [t('contracts.meter'), k.meterNumber ?? '–'],
          [t('contracts.consumption'), `${k.annualConsumptionKwh.toLocaleString(locale() === 'de' ? 'de-DE' : 'en-GB')} kWh`],
          [t('contracts.account'), k.accountNumber],
          [t('contracts.installment'), planText(k.installmentPlan, k.pendingInstallmentPlan)],
        ]),
        h('h3', {}, t('contracts.readings')),
        k.readings.length
          ? h(
              'ul.plain',
              {},
              ...k.readings.map((r) =>
                h(
                  'li',
                  {},
                  `${date(r.date)}: ${Number(r.valueKwh).toLocaleString(locale() === 'de' ? 'de-DE' : 'en-GB')} kWh (${t(`reading.status.${r.status}`)})`,
                ),
              ),
            )
          : h('p', {}, t('contracts.readings.none')),
      ),
    ),
  );
}

function planText(
  plan: Overview['contracts'][number]['installmentPlan'],
  pending: Overview['contracts'][number]['pendingInstallmentPlan'],
): string {
  const one = (p: NonNullable<typeof plan>, key: string) =>
    t(key, { amount: euro(p.amountCents), cadence: t(`cadence.${p.cadence}`), date: date(p.validFrom) });
  const parts = [plan ? one(plan, 'contracts.installment.value') : t('contracts.installment.none')];
  if (pending) parts.push(one(pending, 'contracts.installment.pending'));
  return parts.join(' · ');
}

function billsView(o: Overview) {
  show(
    t('bills.title'),
    o.bills.length === 0 ? h('p', {}, t('bills.none')) : null,
    h(
      'ul.cards',
      {},
      ...o.bills.map((b) =>
        h(
          'li.card',
          {},
          h(
            'h2',
            {},
            `${t(`bills.kind.${b.kind}`)} · ${t('bills.bill', { n: b.billNumber })}`,
            b.cancelled ? h('span.tag', {}, t('bills.cancelled')) : null,
          ),
          dl([
            [t('bills.date'), date(b.billDate)],
            [t('bills.period'), `${date(b.periodStart)} – ${date(b.periodEnd)}`],
            [t('bills.gross'), euro(b.grossCents)],
          ]),
          h(
            'p',
            {},
            b.amountDueCents >= 0
              ? t('bills.due', { date: date(b.dueDate), amount: euro(b.amountDueCents) })
              : t('bills.credit', { amount: euro(-b.amountDueCents) }),
          ),
          b.hasPdf
            ? h(
                'a.button-link',
                {
                  href: `/api/portal/bills/${b.id}/pdf`,
                  download: `Rechnung-${b.billNumber}.pdf`,
                  'aria-label': t('bills.pdf.label', { n: b.billNumber }),
                },
                t('bills.pdf'),
              )
            : h('p.muted', {}, t('bills.pdf.pending')),
        ),
      ),
    ),
  );
}

function paymentsView(o: Overview) {
  show(
    t('payments.title'),
    o.payments.length === 0
      ? h('p', {}, t('payments.none'))
      : h(
          'table.payments',
          {},
          h('caption.sr-only', {}, t('payments.title')),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, t('payments.date')),
              h('th', { scope: 'col' }, t('payments.what')),
              h('th.num', { scope: 'col' }, t('payments.amount')),
            ),
          ),
          h(
            'tbody',
            {},
            ...o.payments.map((p) =>
              h(
                'tr',
                {},
                h('td', {}, date(p.date)),
                h('td', {}, `${t(`payments.kind.${p.kind}`)} · ${p.text}`),
                h('td.num', {}, euro(p.amountCents)),
              ),
            ),
          ),
        ),
    h(
      'section.card',
      { 'aria-labelledby': 'h-plan' },
      h('h2', { id: 'h-plan' }, t('payments.plan')),
      o.contracts.length
        ? h(
            'ul.plain',
            {},
            ...o.contracts.map((k) =>
              h('li', {}, `${t('contracts.contract', { n: k.contractNumber })}: ${planText(k.installmentPlan, k.pendingInstallmentPlan)}`),
            ),
          )
        : h('p', {}, t('contracts.none')),
    ),
  );
}

async function requestsView() {
  const cases = await call<{ items: CareCaseItem[] }>('GET', '/api/portal/care-cases');
  show(
    t('requests.title'),
    h('p.lead', {}, t('requests.lead')),
    kinds.length
      ? h('ul.actions', {}, ...kinds.map((k) => h('li', {}, h('a.action', { href: `#/anliegen/${k.kind}` }, titleOf(k.title, k.kind)))))
      : h('p', {}, t('requests.none')),
    h(
      'section.card',
      { 'aria-labelledby': 'h-mine' },
      h('h2', { id: 'h-mine' }, t('requests.mine')),
      cases.items.length
        ? h(
            'ul.plain',
            {},
            ...cases.items.map((c) =>
              h(
                'li',
                {},
                t('requests.case', { title: titleOf(c.title, c.kind), n: c.caseNumber, date: date(String(c.createdAt)) }),
                ' ',
                h('span.tag', { class: `tag-${c.status}` }, t(`requests.status.${c.status}`)),
              ),
            ),
          )
        : h('p', {}, t('requests.mine.none')),
    ),
  );
}

function requestView(o: Overview, kindName: string) {
  const kind = kinds.find((k) => k.kind === kindName);
  const back = h('a', { href: '#/anliegen' }, t('requests.back'));
  if (!kind) return show(t('requests.title'), h('p', {}, t('requests.unknown')), back);
  const contracts: ContractChoice[] = o.contracts
    .filter((k) => k.status !== 'cancelled')
    .map((k) => ({ id: k.id, contractNumber: k.contractNumber, address: addressText(k.supplyAddress), status: k.status }));
  const title = titleOf(kind.title, kind.kind);
  const form = renderRequestForm({
    kind,
    contracts,
    bills: o.bills.map((b) => ({
      value: b.id,
      label: `${t('bills.bill', { n: b.billNumber })} · ${date(b.billDate)} · ${euro(b.grossCents)}`,
    })),
    tariffs: o.tariffs.map((x) => ({ value: x.code, label: `${x.name} (${x.code})` })),
    customerName: `${o.customer.firstName} ${o.customer.lastName}`,
    maxPhotoMb,
    onDone: (out) => {
      const panel = donePanel(title, out.caseNumber, h('p', {}, h('a', { href: '#/' }, t('requests.home'))));
      form.replaceWith(panel);
      panel.focus();
      // The overview shows new readings and plans on the next visit.
      overview = undefined;
    },
  });
  show(title, h('p', {}, back), form);
}

async function route() {
  if (!signedIn) return;
  const hash = location.hash || '#/';
  const requestKind = /^#\/anliegen\/([\w-]+)$/.exec(hash)?.[1];
  const current = requestKind ? '#/anliegen' : (VIEWS.find((v) => v.hash === hash)?.hash ?? '#/');
  renderNav(current);
  try {
    overview ??= await call<Overview>('GET', '/api/portal/overview');
    const o = overview;
    if (requestKind) requestView(o, requestKind);
    else if (current === '#/vertraege') contractsView(o);
    else if (current === '#/rechnungen') billsView(o);
    else if (current === '#/zahlungen') paymentsView(o);
    else if (current === '#/anliegen') await requestsView();
    else homeView(o);
    main.focus();
  } catch (err) {
    failed(err);
  }
}

async function start() {
  show(t('portal.title'), h('p', { role: 'status' }, t('portal.loading')));
  try {
    const session = await call<{ customerNumber: string; csrfToken: string; maxPhotoBytes: number }>('GET', '/api/portal/session', {
      quiet401: true,
    });
    setCsrfToken(session.csrfToken);
    maxPhotoMb = Math.round((session.maxPhotoBytes / 1024 / 1024) * 10) / 10;
    signedIn = true;
    kinds = await call<CareKind[]>('GET', '/api/portal/care-kinds');
    replace(
      headerActions,
      h(
        'button.signout',
        {
          type: 'button',
          onclick: () => {
            call('DELETE', '/api/portal/session')
              .catch(() => undefined)
              .finally(() => {
                setCsrfToken(null);
                history.replaceState(null, '', '/portal');
                showSignIn(t('portal.signedOut'));
              });
          },
        },
        t('portal.signOut'),
      ),
    );
    await route();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) showSignIn();
    else failed(err);
  }
}

window.addEventListener('hashchange', () => void route());
void start();

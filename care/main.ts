/**
 * Kundenservice / Customer service: the case worker's account screen. One search box finds a
 * customer (#/?q=…); the customer's page (#/customers/{customerNumber}) shows it whole and starts
 * its care processes. Data: /api/care/customers (server/api/care/account.ts) and the care API.
 */
import { mountShell } from '../web/shell';
import { registerMessages, t } from '../web/i18n';
import { busy, h, replace } from '../tasklist/ui/dom';
import { day } from '../accounting/format';
import { customers } from './api';
import { messages } from './messages';
import { address, link, loadError, table } from './ui';
import { showCustomer } from './view';
import '../tasklist/ui/theme.css';
import './care.css';

registerMessages(messages);
const content = mountShell('care', t('care.title'));
content.classList.add('app-root');

const view = h('div.care-stack', { 'data-testid': 'care-view' });
let lastQuery = '';
replace(content, h('div.care-page', {}, h('header.care-top', {}, h('h1', {}, t('care.title')), h('p.muted', {}, t('care.lead'))), view));

function showSearch(initial: string): void {
  const id = 'care-q';
  const input = h('input.input', {
    id,
    name: 'q',
    type: 'search',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': `${id}-hint`,
    'data-testid': 'care-search',
    value: initial,
  });
  const submit = h('button.btn.btn-primary', { type: 'submit', 'data-action': 'search' }, t('care.search.button'));
  const results = h('div', { 'aria-live': 'polite', 'data-testid': 'care-results' });
  const form = h(
    'form.card.card-body.care-search',
    { role: 'search', novalidate: true },
    h(
      'div.field',
      {},
      h('label.field-label', { for: id }, t('care.search.label')),
      input,
      h('div.care-hint', { id: `${id}-hint` }, t('care.search.hint')),
    ),
    h('div.care-search-action', {}, submit),
  );

  async function run(q: string, autoOpen: boolean): Promise<void> {
    if (q.length < 2) {
      replace(results, h('div.alert.alert-info', {}, t('care.search.short')));
      return;
    }
    await busy(submit, async () => {
      try {
        const hits = await customers.search(q);
        // A unique hit by a number or an IBAN opens the customer at once.
        if (autoOpen && hits.length === 1 && hits[0].matchedBy !== 'name') {
          location.hash = `#/customers/${encodeURIComponent(hits[0].customerNumber)}`;
          return;
        }
        replace(
          results,
          hits.length === 0
            ? h('div.alert.alert-warning', { 'data-testid': 'care-nothing' }, t('care.search.nothing', { q }))
            : h(
                'section.card',
                {},
                h('div.card-head', {}, h('h2', {}, t('care.search.count', { n: hits.length }))),
                table(
                  'care-hits',
                  [
                    t('care.search.name'),
                    t('care.search.number'),
                    t('care.search.birth'),
                    t('care.search.address'),
                    t('care.search.matched'),
                  ],
                  hits.map((c) => [
                    link(`#/customers/${encodeURIComponent(c.customerNumber)}`, `${c.lastName}, ${c.firstName}`, {
                      'data-customer': c.customerNumber,
                    }),
                    h('code', {}, c.customerNumber),
                    day(c.birthDate),
                    address(c.address),
                    t(`care.match.${c.matchedBy}`),
                  ]),
                ),
              ),
        );
      } catch (err) {
        replace(results, loadError(err));
      }
    });
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = input.value.trim();
    // The query in the hash: back from a customer returns to the hits.
    history.replaceState(null, '', `#/?q=${encodeURIComponent(q)}`);
    lastQuery = q;
    void run(q, true);
  });
  replace(view, form, results);
  input.focus();
  if (initial) void run(initial, false);
}

function route(): void {
  const hash = location.hash.replace(/^#/, '');
  const customer = /^\/customers\/([^/?]+)$/.exec(hash);
  if (customer) {
    const back = h('a.care-back', { href: lastQuery ? `#/?q=${encodeURIComponent(lastQuery)}` : '#/' }, `← ${t('care.back')}`);
    const host = h('div.care-stack');
    replace(view, back, host);
    void showCustomer(host, decodeURIComponent(customer[1])).catch((err: unknown) => replace(host, loadError(err)));
    window.scrollTo(0, 0);
    return;
  }
  document.title = `${t('care.title')} · ${t('product.name')}`;
  lastQuery = new URLSearchParams(hash.split('?')[1] ?? '').get('q') ?? lastQuery;
  showSearch(lastQuery);
}

window.addEventListener('hashchange', route);
route();

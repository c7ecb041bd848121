/**
 * Mobil: the phone app for case workers in the field (mobile-first, 390 px up). Credit check with the
 * traffic light and every bureau (#/credit), claim capture with a photo of the invoice (#/claim), and
 * the user's own checks and claims (#/history), over /api/mobile (server/api/mobile).
 */
import { mountShellFor } from '../web/shell';
import { api } from '../web/api';
import { formatDateTime, registerMessages, t } from '../web/i18n';
import { h, replace } from '../tasklist/ui/dom';
import { showClaimCapture, formatCents, formatDay, type ClaimView } from './claim';
import { showCreditCheck, trafficLight, type CreditCheckView } from './credit';
import { messages } from './messages';
import '../tasklist/ui/theme.css';
import './mobile.css';

registerMessages(messages);
const content = mountShellFor('mobile', t('m.title'));
content.classList.add('m-app');

const TABS = [
  { id: 'credit', show: showCreditCheck },
  { id: 'claim', show: showClaimCapture },
  { id: 'history', show: showHistory },
];

const tabs = h('nav.m-tabs', { 'aria-label': t('m.title') });
const view = h('div.m-view');
replace(content, h('div.m-page', {}, tabs, view));

function route(): void {
  const current = TABS.find((tab) => location.hash === `#/${tab.id}`) ?? TABS[0];
  replace(
    tabs,
    ...TABS.map((tab) =>
      h(
        'a.m-tab',
        { href: `#/${tab.id}`, 'data-tab': tab.id, ...(tab === current ? { 'aria-current': 'page' } : {}) },
        t(`m.tab.${tab.id}`),
      ),
    ),
  );
  current.show(view);
}

/** Claims whose steps still run: the debtor may pay (told by phone, or seen on the account). */
const OPEN = ['captured', 'notified', 'reminded'];

function paidButton(c: ClaimView, target: HTMLElement): HTMLElement {
  const button = h(
    'button.m-link-button',
    { type: 'button', 'aria-label': t('m.history.paidFor', { number: c.claimNumber }) },
    t('m.history.paid'),
  );
  button.addEventListener('click', () => {
    button.disabled = true;
    void api
      .post(`/api/mobile/claims/${c.id}/payment`, {})
      .then(() => showHistory(target))
      .catch(() => {
        button.disabled = false;
        button.textContent = t('m.error');
      });
  });
  return button;
}

function showHistory(target: HTMLElement): void {
  const checks = h('ul.m-list', { 'aria-busy': 'true' });
  const claims = h('ul.m-list', { 'aria-busy': 'true' });
  replace(
    target,
    h('header.m-head', {}, h('h1', {}, t('m.tab.history'))),
    h('section.m-card', { 'aria-labelledby': 'm-h-claims' }, h('h2', { id: 'm-h-claims' }, t('m.history.claims')), claims),
    h('section.m-card', { 'aria-labelledby': 'm-h-checks' }, h('h2', { id: 'm-h-checks' }, t('m.history.checks')), checks),
  );
  const none = () => h('li.m-empty', {}, t('m.history.none'));
  void api
    .get<{ items: ClaimView[] }>('/api/mobile/claims')
    .then(({ items }) =>
      replace(
        claims,
        ...(items.length
          ? items.map((c) =>
              h(
                'li.m-item',
                { 'data-claim': c.claimNumber, 'data-status': c.status },
                h(
                  'div.m-item-main',
                  {},
                  h('strong', {}, c.debtor.name),
                  h('span', {}, `${c.claimNumber} · ${c.invoiceNumber}`),
                  h('a.m-small', { href: c.photoUrl, target: '_blank', rel: 'noopener' }, t('m.history.photo')),
                ),
                h(
                  'div.m-item-side',
                  {},
                  h('strong', {}, formatCents(c.amountCents)),
                  h(`span.m-status.m-status-${c.status}`, {}, t(`m.status.${c.status}`)),
                  h('span.m-small', {}, formatDay(c.capturedOn)),
                  OPEN.includes(c.status) ? paidButton(c, target) : null,
                ),
              ),
            )
          : [none()]),
      ),
    )
    .catch(() => replace(claims, h('li.m-empty', {}, t('m.error'))))
    .finally(() => claims.removeAttribute('aria-busy'));
  void api
    .get<{ items: Array<CreditCheckView & { purposeLabel: string }> }>('/api/mobile/credit-checks')
    .then(({ items }) =>
      replace(
        checks,
        ...(items.length
          ? items.map((c) =>
              h(
                'li.m-item',
                { 'data-check': c.id },
                trafficLight(c.trafficLight, 'small'),
                h(
                  'div.m-item-main',
                  {},
                  h('strong', {}, `${c.person.firstName} ${c.person.lastName}`),
                  h('span', {}, t(`m.credit.purpose.${c.purpose}`)),
                ),
                h('div.m-item-side', {}, h('span.m-small', {}, formatDateTime(c.createdAt))),
              ),
            )
          : [none()]),
      ),
    )
    .catch(() => replace(checks, h('li.m-empty', {}, t('m.error'))))
    .finally(() => checks.removeAttribute('aria-busy'));
}

window.addEventListener('hashchange', route);
route();

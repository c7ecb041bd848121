/** Kontostand: a contract account's balance, its open items and the cleared ones with what cleared them. */
import { ApiError } from '../web/api';
import { t } from '../web/i18n';
import { busy, button, h, replace } from '../tasklist/ui/dom';
import { balances, type AccountBalance } from './api';
import { day, euro } from './format';
import { field, loadError, table } from './ui';

type Item = AccountBalance['openItems'][number];

export function showBalance(host: HTMLElement): void {
  const account = field('accountNumber', t('acc.balance.account'), { 'data-testid': 'account-number' }, t('acc.balance.hint'));
  const result = h('div.acc-stack', { 'data-testid': 'balance-result' });
  const show = button(t('acc.balance.search'), () => void search(), 'primary', { 'data-action': 'show-balance' });
  const fromHash = new URLSearchParams(location.hash.split('?')[1] ?? '').get('account');
  if (fromHash) account.input.value = fromHash;

  async function search(): Promise<void> {
    const number = account.input.value.trim();
    if (!number) return;
    await busy(show, async () => {
      try {
        const b = await balances.of(number);
        replace(
          result,
          summary(b),
          items('open', t('acc.balance.open'), b.openItems),
          items('cleared', t('acc.balance.cleared'), b.clearedItems),
        );
      } catch (err) {
        replace(
          result,
          err instanceof ApiError && err.status === 404
            ? h('div.alert.alert-warning', { 'data-testid': 'balance-not-found' }, t('acc.balance.notFound', { account: number }))
            : loadError(err),
        );
      }
    });
  }

  replace(
    host,
    h(
      'section.card',
      {},
      h('div.card-head', {}, h('h2', {}, t('acc.balance.title'))),
      h(
        'form.card-body.acc-search',
        { novalidate: true, onsubmit: (e: Event) => (e.preventDefault(), void search()) },
        account.node,
        h('div.acc-search-action', {}, show),
      ),
    ),
    result,
  );
  if (fromHash) void search();
}

function summary(b: AccountBalance & { accountNumber: string; paymentMethod: string }): HTMLElement {
  const state = b.balanceCents > 0 ? t('acc.balance.owed') : b.balanceCents < 0 ? t('acc.balance.credit') : t('acc.balance.even');
  return h(
    'section.card.acc-balance',
    { 'data-testid': 'balance-summary' },
    h(
      'div.card-body.acc-figures',
      {},
      h(
        'div',
        {},
        h('div.acc-hint', {}, t('acc.balance.account')),
        h('div.acc-strong', {}, b.accountNumber),
        h('div.muted', {}, t(`acc.balance.method.${b.paymentMethod}`)),
      ),
      h(
        'div',
        {},
        h('div.acc-hint', {}, t('acc.balance.balance')),
        h('div.acc-figure', { 'data-testid': 'balance' }, euro(b.balanceCents)),
        h('div.muted', {}, state),
      ),
      h('div', {}, h('div.acc-hint', {}, t('acc.balance.overdue')), h('div.acc-figure', {}, euro(b.overdueCents))),
    ),
  );
}

function items(kind: 'open' | 'cleared', title: string, list: Item[]): HTMLElement {
  const rows = list.map((i) =>
    h(
      'tr',
      { 'data-line': i.lineId },
      h('td', {}, h('code', {}, i.documentNumber)),
      h('td', {}, i.text),
      h('td', {}, day(i.dueDate)),
      h('td.num', {}, euro(i.amountCents)),
      kind === 'open'
        ? h('td.num', {}, euro(i.openCents))
        : h(
            'td.muted',
            {},
            i.clearings.flatMap((c) => c.counterItems.map((o) => `${day(c.clearingDate)} · ${o.documentNumber} ${o.text}`)).join('; ') ||
              '–',
          ),
    ),
  );
  const head = [t('acc.balance.document'), t('acc.balance.text'), t('acc.balance.due'), t('acc.balance.amount')];
  return h(
    'section.card',
    {},
    h('div.card-head', {}, h('h2', {}, title), h('span.muted', {}, String(list.length))),
    table(
      `${kind}-items`,
      [...head, kind === 'open' ? t('acc.balance.openAmount') : t('acc.balance.clearedBy')],
      rows,
      kind === 'open' ? [3, 4] : [3],
    ),
  );
}

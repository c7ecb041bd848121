/**
 * Dunning strategy: the champion/challenger figures per procedure and variant (GET
 * /api/dunning/strategy), so an analyst sees which procedure realises more at what cost.
 */
import { euro } from '../accounting/format';
import { api } from '../web/api';
import { t } from '../web/i18n';
import { chip, emptyState, h, replace, skeleton } from '../tasklist/ui/dom';
import { formatNumber } from '../tasklist/ui/format';
import { errorText } from '../tasklist/ui/toast';

export interface StrategyRow {
  procedure: string | null;
  variant: string | null;
  cases: number;
  closed: number;
  paid: number;
  realisationRate: number | null;
  paidShareOfAll: number | null;
  avgDaysToPayment: number | null;
  openedCents: number;
  lettersSent: number;
  letterCostCents: number;
  feesWaivedCents: number;
  costCents: number;
  costPerCaseCents: number | null;
}

const percent = (v: number | null) => (v === null ? '–' : `${formatNumber(Math.round(v * 1000) / 10)} %`);
const days = (v: number | null) => (v === null ? '–' : formatNumber(Math.round(v * 10) / 10));

function variantChip(variant: string | null): HTMLElement {
  const key = `ck.strat.variant.${variant}`;
  const label = t(key);
  return chip(label === key ? (variant ?? '–') : label, variant === 'challenger' ? 'accent' : 'neutral');
}

function table(rows: StrategyRow[]): HTMLElement {
  const th = (key: string, num = true) => h(num ? 'th.num' : 'th', {}, t(key));
  return h(
    'table.table.ck-strategy-table',
    { 'data-testid': 'strategy' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        th('ck.strat.procedure', false),
        th('ck.strat.variant', false),
        th('ck.strat.cases'),
        th('ck.strat.closed'),
        th('ck.strat.realisation'),
        th('ck.strat.paidOfAll'),
        th('ck.strat.days'),
        th('ck.strat.letters'),
        th('ck.strat.waived'),
        th('ck.strat.cost'),
        th('ck.strat.costPerCase'),
      ),
    ),
    h(
      'tbody',
      {},
      ...rows.map((r) =>
        h(
          'tr',
          { 'data-variant': r.variant ?? '' },
          h('td', {}, r.procedure ?? '–'),
          h('td', {}, variantChip(r.variant)),
          h('td.num', {}, formatNumber(r.cases)),
          h('td.num', {}, formatNumber(r.closed)),
          h('td.num', { 'data-field': 'realisation' }, percent(r.realisationRate)),
          h('td.num', {}, percent(r.paidShareOfAll)),
          h('td.num', {}, days(r.avgDaysToPayment)),
          h('td.num', {}, formatNumber(r.lettersSent)),
          h('td.num', {}, euro(r.feesWaivedCents)),
          h('td.num', {}, euro(r.costCents)),
          h('td.num', {}, r.costPerCaseCents === null ? '–' : euro(Math.round(r.costPerCaseCents))),
        ),
      ),
    ),
  );
}

export async function showStrategy(host: HTMLElement): Promise<void> {
  const body = h('div', {}, skeleton(3));
  replace(
    host,
    h(
      'div.ck-page',
      {},
      h('div.ck-page-head', {}, h('div', {}, h('h1', {}, t('ck.strat.title')), h('p.muted', {}, t('ck.strat.subtitle')))),
      h('section.card', {}, body),
    ),
  );
  try {
    const { items } = await api.get<{ items: StrategyRow[] }>('/api/dunning/strategy');
    if (items.length === 0) return replace(body, emptyState('§', t('ck.strat.empty')));
    replace(body, table(items), h('p.muted.ck-strategy-note', {}, t('ck.strat.note')));
  } catch (err) {
    replace(body, h('div.card-body', {}, h('div.alert.alert-danger', {}, t('ck.err.load'), ': ', errorText(err))));
  }
}

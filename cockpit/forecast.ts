/**
 * Revenue forecast (Umsatzprognose): revenue and contribution margin per product and month from
 * POST /api/forecast, with the what-ifs per product (churn, new customers, a price change), a
 * chart (Chart.js, loaded as its own chunk when the view opens) and the CSV for Excel.
 */
import type { Chart as ChartType } from 'chart.js';
import { euro } from '../accounting/format';
import { ApiError, api } from '../web/api';
import { appState } from '../web/env';
import { formatNumber, locale, registerMessages, t } from '../web/i18n';
import { busy, chip, emptyState, h, replace, skeleton } from '../tasklist/ui/dom';
import { errorText, toast } from '../tasklist/ui/toast';
import './forecast.css';

registerMessages({
  de: {
    'ck.nav.forecast': 'Umsatzprognose',
    'ck.fc.title': 'Umsatzprognose',
    'ck.fc.subtitle': 'Umsatz und Deckungsbeitrag je Produkt und Monat, mit Was-wäre-wenn-Szenarien',
    'ck.fc.scenario': 'Szenario',
    'ck.fc.months': 'Zeitraum',
    'ck.fc.monthsN': '{n} Monate',
    'ck.fc.start': 'Erster Monat',
    'ck.fc.product': 'Produkt',
    'ck.fc.contracts': 'Verträge',
    'ck.fc.avgKwh': 'Ø kWh/Jahr',
    'ck.fc.churn': 'Kündigungsquote % p. a.',
    'ck.fc.newPerMonth': 'Neukunden/Monat',
    'ck.fc.priceChange': 'Preisänderung %',
    'ck.fc.priceFrom': 'ab Monat',
    'ck.fc.noCost': 'keine Kostenbasis',
    'ck.fc.run': 'Berechnen',
    'ck.fc.csv': 'CSV herunterladen',
    'ck.fc.csvDone': 'CSV heruntergeladen',
    'ck.fc.revenue': 'Umsatz netto',
    'ck.fc.margin': 'Deckungsbeitrag',
    'ck.fc.marginRate': 'DB-Quote',
    'ck.fc.procurement': 'Beschaffung',
    'ck.fc.network': 'Netz und Umlagen',
    'ck.fc.customersEnd': 'Kunden am Ende',
    'ck.fc.month': 'Monat',
    'ck.fc.customers': 'Kunden',
    'ck.fc.kwh': 'Verbrauch kWh',
    'ck.fc.chart': 'Umsatz je Produkt und Deckungsbeitrag gesamt',
    'ck.fc.marginTotal': 'Deckungsbeitrag gesamt',
    'ck.fc.table': 'Monatssummen',
    'ck.fc.empty': 'Keine Produkte',
    'ck.fc.invalid': 'Das Szenario ist nicht gültig',
    'ck.fc.note':
      'Netto, ohne Umsatzsteuer. Verbrauch nach Standardlastprofil (H0 Strom, HEF Gas), Kündigungsquote gleichmäßig auf die Monate verteilt; Kosten aus der Kostenbasis je Produkt.',
  },
  en: {
    'ck.nav.forecast': 'Revenue forecast',
    'ck.fc.title': 'Revenue forecast',
    'ck.fc.subtitle': 'Revenue and contribution margin per product and month, with what-if scenarios',
    'ck.fc.scenario': 'Scenario',
    'ck.fc.months': 'Horizon',
    'ck.fc.monthsN': '{n} months',
    'ck.fc.start': 'First month',
    'ck.fc.product': 'Product',
    'ck.fc.contracts': 'Contracts',
    'ck.fc.avgKwh': 'Avg kWh/year',
    'ck.fc.churn': 'Churn % per year',
    'ck.fc.newPerMonth': 'New customers/month',
    'ck.fc.priceChange': 'Price change %',
    'ck.fc.priceFrom': 'from month',
    'ck.fc.noCost': 'no cost basis',
    'ck.fc.run': 'Calculate',
    'ck.fc.csv': 'Download CSV',
    'ck.fc.csvDone': 'CSV downloaded',
    'ck.fc.revenue': 'Net revenue',
    'ck.fc.margin': 'Contribution margin',
    'ck.fc.marginRate': 'Margin rate',
    'ck.fc.procurement': 'Procurement',
    'ck.fc.network': 'Network and levies',
    'ck.fc.customersEnd': 'Customers at the end',
    'ck.fc.month': 'Month',
    'ck.fc.customers': 'Customers',
    'ck.fc.kwh': 'Consumption kWh',
    'ck.fc.chart': 'Revenue per product and total contribution margin',
    'ck.fc.marginTotal': 'Total contribution margin',
    'ck.fc.table': 'Monthly totals',
    'ck.fc.empty': 'No products',
    'ck.fc.invalid': 'The scenario is not valid',
    'ck.fc.note':
      'Net, without VAT. Consumption by standard load profile (H0 electricity, HEF gas), churn spread evenly over the months; costs from each product’s cost basis.',
  },
});

interface Cell {
  customers: string;
  kwh: string;
  revenueCents: number;
  procurementCents: number;
  networkCents: number;
  marginCents: number;
}
interface Product {
  tariffCode: string;
  name: string;
  commodity: string;
  contracts: number;
  averageAnnualKwh: number | null;
  hasCostBasis: boolean;
}
export interface Forecast {
  asOf: string;
  scenario: { startMonth: string; months: number };
  products: Product[];
  months: { month: string; items: (Cell & { tariffCode: string })[]; total: Cell }[];
}

const COLORS = ['#0f6cbd', '#13795b', '#a05a00', '#7a3db8', '#2b8a9e', '#c4314b', '#5d6b80'];

/** "7,5" or "7.5" → "7.5"; empty → undefined. */
const decimalInput = (input: HTMLInputElement) => {
  const v = input.value.trim().replace(',', '.');
  return v === '' ? undefined : v;
};

function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString(locale() === 'de' ? 'de-DE' : 'en-GB', {
    timeZone: 'UTC',
    month: 'short',
    year: '2-digit',
  });
}

const percentOf = (part: number, whole: number) =>
  whole === 0 ? '–' : `${formatNumber(Math.round((part / whole) * 1000) / 10, { minimumFractionDigits: 1 })} %`;

let chart: ChartType | undefined;

/** Chart.js only where the forecast is shown: its own chunk, registered once. */
async function drawChart(canvas: HTMLCanvasElement, forecast: Forecast): Promise<void> {
  const { Chart, BarController, BarElement, CategoryScale, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } =
    await import('chart.js');
  Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);
  chart?.destroy();
  const euros = (cents: number) => cents / 100;
  chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: forecast.months.map((m) => monthLabel(m.month)),
      datasets: [
        {
          type: 'line',
          label: t('ck.fc.marginTotal'),
          data: forecast.months.map((m) => euros(m.total.marginCents)),
          borderColor: '#1b2433',
          backgroundColor: '#1b2433',
          borderWidth: 2,
          pointRadius: 2,
          order: 0,
        },
        ...forecast.products.map((p, i) => ({
          type: 'bar' as const,
          label: p.name,
          data: forecast.months.map((m) => euros(m.items.find((c) => c.tariffCode === p.tariffCode)?.revenueCents ?? 0)),
          backgroundColor: COLORS[i % COLORS.length],
          stack: 'revenue',
          order: 1,
        })),
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { stacked: true, grid: { display: false } },
        y: { stacked: true, ticks: { callback: (v) => euro(Math.round(Number(v) * 100)).replace(/[,.]00(?=\D*$)/, '') } },
      },
      plugins: {
        legend: { position: 'bottom' },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${euro(Math.round(Number(c.parsed.y) * 100))}` } },
      },
    },
  });
}

function kpis(forecast: Forecast): HTMLElement {
  const sum = (f: (c: Cell) => number) => forecast.months.reduce((n, m) => n + f(m.total), 0);
  const revenue = sum((c) => c.revenueCents);
  const margin = sum((c) => c.marginCents);
  const last = forecast.months.at(-1)?.total.customers ?? '0';
  const kpi = (label: string, value: string, tone: string, field: string) =>
    h(`div.card.ck-kpi.${tone}`, { 'data-kpi': field }, h('div.ck-kpi-label', {}, label), h('div.ck-kpi-value', {}, value));
  return h(
    'div.ck-kpis',
    {},
    kpi(t('ck.fc.revenue'), euro(revenue), 'ck-kpi-info', 'revenue'),
    kpi(t('ck.fc.margin'), euro(margin), margin < 0 ? 'ck-kpi-danger' : 'ck-kpi-success', 'margin'),
    kpi(t('ck.fc.marginRate'), percentOf(margin, revenue), 'ck-kpi-info', 'marginRate'),
    kpi(t('ck.fc.customersEnd'), formatNumber(Math.round(Number(last))), 'ck-kpi-info', 'customers'),
  );
}

function totalsTable(forecast: Forecast): HTMLElement {
  const th = (key: string, num = true) => h(num ? 'th.num' : 'th', {}, t(key));
  return h(
    'table.table',
    { 'data-testid': 'forecast-totals' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        th('ck.fc.month', false),
        th('ck.fc.customers'),
        th('ck.fc.kwh'),
        th('ck.fc.revenue'),
        th('ck.fc.procurement'),
        th('ck.fc.network'),
        th('ck.fc.margin'),
      ),
    ),
    h(
      'tbody',
      {},
      ...forecast.months.map((m) =>
        h(
          'tr',
          { 'data-month': m.month },
          h('td', {}, monthLabel(m.month)),
          h('td.num', {}, formatNumber(Number(m.total.customers), { maximumFractionDigits: 0 })),
          h('td.num', {}, formatNumber(Number(m.total.kwh))),
          h('td.num', {}, euro(m.total.revenueCents)),
          h('td.num', {}, euro(m.total.procurementCents)),
          h('td.num', {}, euro(m.total.networkCents)),
          h('td.num', { 'data-field': 'margin' }, euro(m.total.marginCents)),
        ),
      ),
    ),
  );
}

interface ProductInputs {
  product: Product;
  churn: HTMLInputElement;
  perMonth: HTMLInputElement;
  pricePercent: HTMLInputElement;
  priceFrom: HTMLInputElement;
}

function scenarioForm(forecast: Forecast, onRun: (btn: HTMLButtonElement) => void, onCsv: (btn: HTMLButtonElement) => void) {
  const months = h(
    'select.select',
    { id: 'fc-months', name: 'months' },
    ...[12, 24, 36].map((n) => h('option', { value: n, selected: n === forecast.scenario.months }, t('ck.fc.monthsN', { n }))),
  );
  const start = h('input.input', { id: 'fc-start', name: 'startMonth', type: 'month', value: forecast.scenario.startMonth });
  const text = (name: string, code: string, label: string, mode: 'decimal' | 'numeric' = 'decimal') =>
    h('input.input.fc-input', { name, 'data-product': code, 'aria-label': label, inputmode: mode, autocomplete: 'off' });
  const rows: ProductInputs[] = forecast.products.map((product) => ({
    product,
    churn: text('churn', product.tariffCode, `${t('ck.fc.churn')} ${product.name}`),
    perMonth: text('perMonth', product.tariffCode, `${t('ck.fc.newPerMonth')} ${product.name}`, 'numeric'),
    pricePercent: text('pricePercent', product.tariffCode, `${t('ck.fc.priceChange')} ${product.name}`),
    priceFrom: h('input.input.fc-input', {
      name: 'priceFrom',
      type: 'month',
      'data-product': product.tariffCode,
      'aria-label': `${t('ck.fc.priceFrom')} ${product.name}`,
      value: forecast.scenario.startMonth,
    }),
  }));
  const run = h('button.btn.btn-primary', { type: 'submit', 'data-action': 'run' }, t('ck.fc.run'));
  const csv = h('button.btn.btn-secondary', { type: 'button', 'data-action': 'csv', onclick: () => onCsv(csv) }, t('ck.fc.csv'));
  const errors = h('div.fc-errors', { role: 'alert' });
  const form = h(
    'form.fc-form',
    {
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        onRun(run);
      },
    },
    h(
      'div.fc-head',
      {},
      h('div.field', {}, h('label', { for: 'fc-months' }, t('ck.fc.months')), months),
      h('div.field', {}, h('label', { for: 'fc-start' }, t('ck.fc.start')), start),
      h('span.spacer'),
      run,
      csv,
    ),
    h(
      'table.table.fc-products',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, t('ck.fc.product')),
          h('th.num', {}, t('ck.fc.contracts')),
          h('th.num', {}, t('ck.fc.avgKwh')),
          h('th', {}, t('ck.fc.churn')),
          h('th', {}, t('ck.fc.newPerMonth')),
          h('th', {}, t('ck.fc.priceChange')),
          h('th', {}, t('ck.fc.priceFrom')),
        ),
      ),
      h(
        'tbody',
        {},
        ...rows.map((r) =>
          h(
            'tr',
            { 'data-product': r.product.tariffCode },
            h(
              'td',
              {},
              h('div.fc-name', {}, r.product.name),
              h('div.muted.mono', {}, r.product.tariffCode),
              r.product.hasCostBasis ? null : chip(t('ck.fc.noCost'), 'warning'),
            ),
            h('td.num', {}, formatNumber(r.product.contracts)),
            h('td.num', {}, r.product.averageAnnualKwh === null ? '–' : formatNumber(r.product.averageAnnualKwh)),
            h('td', {}, r.churn),
            h('td', {}, r.perMonth),
            h('td', {}, r.pricePercent),
            h('td', {}, r.priceFrom),
          ),
        ),
      ),
    ),
    errors,
  );

  const scenario = () => {
    const numberOrText = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : v);
    const churn = rows.flatMap((r) => {
      const v = decimalInput(r.churn);
      return v === undefined ? [] : [{ tariffCode: r.product.tariffCode, percentPerYear: v }];
    });
    const newCustomers = rows.flatMap((r) => {
      const v = decimalInput(r.perMonth);
      return v === undefined ? [] : [{ tariffCode: r.product.tariffCode, perMonth: numberOrText(v) }];
    });
    const priceChanges = rows.flatMap((r) => {
      const v = decimalInput(r.pricePercent);
      return v === undefined ? [] : [{ tariffCode: r.product.tariffCode, fromMonth: r.priceFrom.value, percent: v }];
    });
    return { months: Number(months.value), ...(start.value ? { startMonth: start.value } : {}), churn, newCustomers, priceChanges };
  };

  /** The 400's details beside the inputs they name (`churn[0].percentPerYear` → that row's churn field). */
  const showErrors = (details: { field?: string; message?: string }[], sent: ReturnType<typeof scenario>) => {
    form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
    const inputFor = (field: string): HTMLElement | undefined => {
      if (field === 'months') return months;
      if (field === 'startMonth') return start;
      const m = /^(churn|newCustomers|priceChanges)\[(\d+)\]\.?(\w*)/.exec(field);
      if (!m) return undefined;
      const entry = (sent[m[1] as 'churn'] as { tariffCode: string }[])[Number(m[2])];
      const row = rows.find((r) => r.product.tariffCode === entry?.tariffCode);
      if (!row) return undefined;
      if (m[1] === 'churn') return row.churn;
      if (m[1] === 'newCustomers') return row.perMonth;
      return m[3] === 'fromMonth' ? row.priceFrom : row.pricePercent;
    };
    for (const d of details) inputFor(d.field ?? '')?.setAttribute('aria-invalid', 'true');
    replace(
      errors,
      details.length
        ? h(
            'div.alert.alert-danger',
            {},
            h('strong', {}, t('ck.fc.invalid')),
            h('ul', {}, ...details.map((d) => h('li', {}, `${d.field ?? ''}: ${d.message ?? ''}`))),
          )
        : null,
    );
  };
  return { form, scenario, showErrors };
}

/** The CSV as bytes (fetch, not the JSON client: its text() would drop the byte-order mark Excel needs). */
async function downloadCsv(body: unknown, fileName: string): Promise<void> {
  const res = await fetch('/api/forecast.csv', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/csv', 'x-csrf-token': appState().csrfToken ?? '' },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => ({ status: res.status })));
  const url = URL.createObjectURL(await res.blob());
  const link = h('a', { href: url, download: fileName, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function showForecast(host: HTMLElement): Promise<void> {
  const formHost = h('section.card.fc-scenario', {}, h('div.card-body', {}, skeleton(3)));
  const results = h('div.fc-results');
  replace(
    host,
    h(
      'div.ck-page',
      {},
      h('div.ck-page-head', {}, h('div', {}, h('h1', {}, t('ck.fc.title')), h('p.muted', {}, t('ck.fc.subtitle')))),
      formHost,
      results,
    ),
  );

  const render = async (forecast: Forecast) => {
    const canvas = h('canvas', { 'aria-label': t('ck.fc.chart'), role: 'img', 'data-testid': 'forecast-chart' });
    replace(
      results,
      kpis(forecast),
      h('section.card', {}, h('div.card-head', {}, h('h2', {}, t('ck.fc.chart'))), h('div.card-body', {}, h('div.fc-chart', {}, canvas))),
      h(
        'section.card',
        {},
        h('div.card-head', {}, h('h2', {}, t('ck.fc.table'))),
        h('div.fc-table', {}, totalsTable(forecast)),
        h('p.muted.fc-note', {}, t('ck.fc.note')),
      ),
    );
    await drawChart(canvas, forecast);
    host.querySelector('.fc-results')?.setAttribute('data-ready', forecast.months[0]?.month ?? '');
  };

  let first: Forecast;
  try {
    first = await api.get<Forecast>('/api/forecast');
  } catch (err) {
    replace(formHost, h('div.card-body', {}, h('div.alert.alert-danger', {}, t('ck.err.load'), ': ', errorText(err))));
    return;
  }
  if (first.products.length === 0) return replace(formHost, emptyState('↗', t('ck.fc.empty')));

  const { form, scenario, showErrors } = scenarioForm(
    first,
    (btn) => {
      const sent = scenario();
      void busy(btn, async () => {
        try {
          const forecast = await api.post<Forecast>('/api/forecast', sent);
          showErrors([], sent);
          await render(forecast);
        } catch (err) {
          if (err instanceof ApiError && err.status === 400) showErrors(err.problem.details ?? [], sent);
          else toast(errorText(err), 'danger');
        }
      });
    },
    (btn) => {
      const sent = scenario();
      void busy(btn, async () => {
        try {
          await downloadCsv(sent, `umsatzprognose-${sent.startMonth ?? first.scenario.startMonth}-${sent.months}m.csv`);
          showErrors([], sent);
          toast(t('ck.fc.csvDone'));
        } catch (err) {
          if (err instanceof ApiError && err.status === 400) showErrors(err.problem.details ?? [], sent);
          else toast(errorText(err), 'danger');
        }
      });
    },
  );
  replace(formHost, h('div.card-head', {}, h('h2', {}, t('ck.fc.scenario'))), h('div.card-body', {}, form));
  await render(first);
}

/** Leaving the view: the chart lets go of its canvas and listeners. */
export function leaveForecast(): void {
  chart?.destroy();
  chart = undefined;
}

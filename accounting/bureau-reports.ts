/**
 * Auskunfteien / Credit bureaus: the transmission log of the reports of negative payment
 * experiences (§31 BDSG) — every delivery with exactly what was sent and what the bureau answered,
 * and the reported claims, searchable by period, bureau and contract account. Admins may start a
 * run. Its texts live here (German and English), registered on import.
 */
import { api } from '../web/api';
import { appState } from '../web/env';
import { formatDateTime, registerMessages, t } from '../web/i18n';
import { busy, button, chip, h, replace, skeleton, type Tone } from '../tasklist/ui/dom';
import type { DeliveryDetail, DeliveryInfo, RecordInfo } from '../domain/bureau-reporting/log';
import { day, euro } from './format';
import { field, loadError, showProblem, table } from './ui';

const de = {
  'acc.tab.bureaus': 'Auskunfteien',
  'acc.bureaus.title': 'Meldungen an Auskunfteien',
  'acc.bureaus.lead':
    'Negative Zahlungserfahrungen (§31 BDSG) gehen monatlich an die Auskunfteien: nach zwei Mahnungen, die erste mindestens vier Wochen alt und mit Hinweis auf die Meldung, nur unbestrittene Forderungen; Zahlungen, Minderungen, Erhöhungen und Ausbuchungen als Änderung.',
  'acc.bureaus.period': 'Zeitraum (JJJJ-MM)',
  'acc.bureaus.periodCol': 'Zeitraum',
  'acc.bureaus.account': 'Vertragskonto',
  'acc.bureaus.bureau': 'Auskunftei',
  'acc.bureaus.all': 'alle',
  'acc.bureaus.search': 'Anzeigen',
  'acc.bureaus.deliveries': 'Übermittlungen',
  'acc.bureaus.records': 'Gemeldete Forderungen',
  'acc.bureaus.reportDate': 'Stichtag',
  'acc.bureaus.count': 'Meldungen',
  'acc.bureaus.status': 'Status',
  'acc.bureaus.sent': 'Gesendet',
  'acc.bureaus.answer': 'Antwort',
  'acc.bureaus.receipt': 'Quittung',
  'acc.bureaus.details': 'Details',
  'acc.bureaus.payload': 'Gesendet (genau so übermittelt)',
  'acc.bureaus.response': 'Antwort der Auskunftei',
  'acc.bureaus.case': 'Mahnfall',
  'acc.bureaus.type': 'Art',
  'acc.bureaus.claim': 'Forderung',
  'acc.bureaus.open': 'Offen',
  'acc.bureaus.writtenOff': 'Ausgebucht',
  'acc.bureaus.level': 'Mahnstufe',
  'acc.bureaus.error': 'Fehler',
  'acc.bureaus.run': 'Meldelauf starten',
  'acc.bureaus.runLead': 'Ohne Zeitraum: der Vormonat. Jede Forderung geht je Auskunftei und Zeitraum höchstens einmal hinaus.',
  'acc.bureaus.started': 'Meldelauf für {period} gestartet (Stichtag {date})',
  'acc.bureaus.type.new': 'Neu',
  'acc.bureaus.type.update': 'Änderung',
  'acc.bureaus.claim.open': 'offen',
  'acc.bureaus.claim.settled': 'erledigt',
  'acc.bureaus.claim.written_off': 'ausgebucht',
  'acc.bureaus.claim.disputed': 'bestritten',
  'acc.bureaus.state.pending': 'ausstehend',
  'acc.bureaus.state.accepted': 'angenommen',
  'acc.bureaus.state.partly_accepted': 'teilweise angenommen',
  'acc.bureaus.state.rejected': 'abgelehnt',
  'acc.bureaus.name.creditreform': 'Creditreform Boniversum',
  'acc.bureaus.name.schufa': 'SCHUFA',
};

const en: Record<keyof typeof de, string> = {
  'acc.tab.bureaus': 'Credit bureaus',
  'acc.bureaus.title': 'Reports to credit bureaus',
  'acc.bureaus.lead':
    'Negative payment experiences (§31 BDSG) go to the credit bureaus monthly: after two dunning notices, the first at least four weeks old and announcing the report, undisputed claims only; payments, reductions, raises and write-offs as updates.',
  'acc.bureaus.period': 'Period (YYYY-MM)',
  'acc.bureaus.periodCol': 'Period',
  'acc.bureaus.account': 'Contract account',
  'acc.bureaus.bureau': 'Bureau',
  'acc.bureaus.all': 'all',
  'acc.bureaus.search': 'Show',
  'acc.bureaus.deliveries': 'Transmissions',
  'acc.bureaus.records': 'Reported claims',
  'acc.bureaus.reportDate': 'Cut-off day',
  'acc.bureaus.count': 'Records',
  'acc.bureaus.status': 'Status',
  'acc.bureaus.sent': 'Sent',
  'acc.bureaus.answer': 'Answer',
  'acc.bureaus.receipt': 'Receipt',
  'acc.bureaus.details': 'Details',
  'acc.bureaus.payload': 'Sent (exactly as transmitted)',
  'acc.bureaus.response': "The bureau's answer",
  'acc.bureaus.case': 'Dunning case',
  'acc.bureaus.type': 'Kind',
  'acc.bureaus.claim': 'Claim',
  'acc.bureaus.open': 'Open',
  'acc.bureaus.writtenOff': 'Written off',
  'acc.bureaus.level': 'Level',
  'acc.bureaus.error': 'Error',
  'acc.bureaus.run': 'Start a reporting run',
  'acc.bureaus.runLead': 'Without a period: the previous month. A claim goes out at most once per bureau and period.',
  'acc.bureaus.started': 'Reporting run for {period} started (cut-off {date})',
  'acc.bureaus.type.new': 'New',
  'acc.bureaus.type.update': 'Update',
  'acc.bureaus.claim.open': 'open',
  'acc.bureaus.claim.settled': 'settled',
  'acc.bureaus.claim.written_off': 'written off',
  'acc.bureaus.claim.disputed': 'disputed',
  'acc.bureaus.state.pending': 'pending',
  'acc.bureaus.state.accepted': 'accepted',
  'acc.bureaus.state.partly_accepted': 'partly accepted',
  'acc.bureaus.state.rejected': 'rejected',
  'acc.bureaus.name.creditreform': 'Creditreform Boniversum',
  'acc.bureaus.name.schufa': 'SCHUFA',
};

registerMessages({ de, en });

const seg = (s: string) => encodeURIComponent(s);
const stateTone: Record<string, Tone> = { pending: 'warning', accepted: 'success', partly_accepted: 'warning', rejected: 'danger' };
const stateChip = (status: string) => chip(t(`acc.bureaus.state.${status}`), stateTone[status] ?? 'neutral');

export const bureauReports = {
  deliveries: async (query: string) => (await api.get<{ items: DeliveryInfo[] }>(`/api/bureau-reports/deliveries${query}`)).items,
  delivery: (id: string) => api.get<DeliveryDetail>(`/api/bureau-reports/deliveries/${seg(id)}`),
  records: async (query: string) => (await api.get<{ items: RecordInfo[] }>(`/api/bureau-reports${query}`)).items,
  run: (period: string) =>
    api.post<{ processInstanceKey: string; period: string; reportDate: string }>('/api/bureau-report-runs', period ? { period } : {}),
};

export function showBureauReports(host: HTMLElement): void {
  const period = field('period', t('acc.bureaus.period'), { 'data-testid': 'bureau-period', placeholder: '2026-10', inputmode: 'numeric' });
  const account = field('accountNumber', t('acc.bureaus.account'), { 'data-testid': 'bureau-account' });
  const bureau = h(
    'select.input',
    { id: 'acc-f-bureau', name: 'bureau', 'data-testid': 'bureau-select' },
    h('option', { value: '' }, t('acc.bureaus.all')),
    h('option', { value: 'creditreform' }, t('acc.bureaus.name.creditreform')),
    h('option', { value: 'schufa' }, t('acc.bureaus.name.schufa')),
  );
  const alert = h('div.alert.alert-danger', { role: 'alert', hidden: true });
  const deliveries = h('section.card', {}, h('div.card-head', {}, h('h2', {}, t('acc.bureaus.deliveries'))), skeleton(3));
  const records = h('section.card', {}, h('div.card-head', {}, h('h2', {}, t('acc.bureaus.records'))), skeleton(3));
  const detail = h('div.acc-stack', { 'data-testid': 'bureau-delivery-detail' });
  const show = button(t('acc.bureaus.search'), () => void load(), 'primary', { 'data-action': 'show-bureau-reports' });

  function query(withAccount: boolean): string {
    const q = new URLSearchParams();
    if (period.input.value.trim()) q.set('period', period.input.value.trim());
    if (bureau.value) q.set('bureau', bureau.value);
    if (withAccount && account.input.value.trim()) q.set('accountNumber', account.input.value.trim());
    const text = q.toString();
    return text ? `?${text}` : '';
  }

  async function load(): Promise<void> {
    await busy(show, async () => {
      alert.hidden = true;
      replace(detail);
      try {
        const [ds, rs] = await Promise.all([bureauReports.deliveries(query(false)), bureauReports.records(query(true))]);
        replace(
          deliveries,
          h('div.card-head', {}, h('h2', {}, t('acc.bureaus.deliveries')), h('span.muted', {}, String(ds.length))),
          deliveryTable(ds),
        );
        replace(
          records,
          h('div.card-head', {}, h('h2', {}, t('acc.bureaus.records')), h('span.muted', {}, String(rs.length))),
          recordTable(rs),
        );
      } catch (err) {
        showProblem(err, [period, account], alert);
      }
    });
  }

  function deliveryTable(list: DeliveryInfo[]): HTMLElement {
    const rows = list.map((d) =>
      h(
        'tr',
        { 'data-delivery': d.id },
        h('td', {}, t(`acc.bureaus.name.${d.bureau}`)),
        h('td', {}, d.period, h('div.acc-hint', {}, h('code', {}, d.deliveryId))),
        h('td', {}, day(d.reportDate)),
        h('td.num', {}, String(d.recordCount)),
        h('td', {}, stateChip(d.status)),
        h('td', {}, d.sentAt ? formatDateTime(d.sentAt) : '–'),
        h('td', {}, d.responseStatus === null ? '–' : `HTTP ${d.responseStatus}`, d.receiptId ? h('div.acc-hint', {}, d.receiptId) : null),
        h(
          'td.acc-actions',
          {},
          button(t('acc.bureaus.details'), () => void open(d.id), 'secondary', { 'data-action': 'delivery-details' }),
        ),
      ),
    );
    return table(
      'bureau-deliveries',
      [
        t('acc.bureaus.bureau'),
        t('acc.bureaus.periodCol'),
        t('acc.bureaus.reportDate'),
        t('acc.bureaus.count'),
        t('acc.bureaus.status'),
        t('acc.bureaus.sent'),
        t('acc.bureaus.answer'),
        '',
      ],
      rows,
      [3],
    );
  }

  async function open(id: string): Promise<void> {
    replace(detail, skeleton(4));
    try {
      const d = await bureauReports.delivery(id);
      replace(
        detail,
        h(
          'section.card',
          {},
          h('div.card-head', {}, h('h2', {}, `${t(`acc.bureaus.name.${d.bureau}`)} · ${d.period}`), stateChip(d.status)),
          recordTable(d.records),
          h(
            'div.card-body',
            {},
            h('h3', {}, t('acc.bureaus.payload')),
            h('pre.acc-payload', { 'data-testid': 'bureau-payload' }, d.payload),
          ),
          h('div.card-body', {}, h('h3', {}, t('acc.bureaus.response')), h('pre.acc-payload', {}, d.responseBody ?? '–')),
        ),
      );
      detail.scrollIntoView?.({ block: 'nearest' });
    } catch (err) {
      replace(detail, loadError(err));
    }
  }

  const isAdmin = (appState().user?.roles ?? []).includes('admin');
  const runPeriod = field('runPeriod', t('acc.bureaus.period'), { 'data-testid': 'bureau-run-period', placeholder: '2026-10' });
  const runAlert = h('div.alert', { role: 'status', hidden: true });
  const runButton = button(
    t('acc.bureaus.run'),
    () =>
      void busy(runButton, async () => {
        try {
          const started = await bureauReports.run(runPeriod.input.value.trim());
          runAlert.className = 'alert alert-info';
          runAlert.hidden = false;
          replace(runAlert, t('acc.bureaus.started', { period: started.period, date: day(started.reportDate) }));
        } catch (err) {
          runAlert.className = 'alert alert-danger';
          showProblem(err, [runPeriod], runAlert);
        }
      }),
    'secondary',
    { 'data-action': 'start-bureau-run' },
  );

  replace(
    host,
    h(
      'section.card',
      {},
      h('div.card-head', {}, h('div', {}, h('h2', {}, t('acc.bureaus.title')), h('p.muted', {}, t('acc.bureaus.lead')))),
      h(
        'form.card-body.acc-search.acc-bureau-search',
        { novalidate: true, onsubmit: (e: Event) => (e.preventDefault(), void load()) },
        period.node,
        h('div.field', {}, h('label.field-label', { for: 'acc-f-bureau' }, t('acc.bureaus.bureau')), bureau),
        account.node,
        h('div.acc-search-action', {}, show),
        alert,
      ),
    ),
    deliveries,
    detail,
    records,
    isAdmin
      ? h(
          'section.card',
          {},
          h('div.card-head', {}, h('div', {}, h('h2', {}, t('acc.bureaus.run')), h('p.muted', {}, t('acc.bureaus.runLead')))),
          h('div.card-body.acc-search.acc-bureau-search', {}, runPeriod.node, h('div.acc-search-action', {}, runButton), runAlert),
        )
      : null,
  );
  void load();
}

function recordTable(list: RecordInfo[]): HTMLElement {
  const rows = list.map((r) =>
    h(
      'tr',
      { 'data-record': r.id },
      h('td', {}, r.accountNumber),
      h('td', {}, h('code', {}, r.caseNumber)),
      h('td', {}, t(`acc.bureaus.name.${r.bureau}`), h('div.acc-hint', {}, r.period)),
      h('td', {}, t(`acc.bureaus.type.${r.recordType}`)),
      h('td', {}, t(`acc.bureaus.claim.${r.claimStatus}`)),
      h('td.num', {}, euro(r.openCents)),
      h('td.num', {}, euro(r.writtenOffCents)),
      h('td.num', {}, String(r.dunningLevel)),
      h('td', {}, stateChip(r.status), r.error ? h('div.acc-hint', {}, r.error) : null),
    ),
  );
  return table(
    'bureau-records',
    [
      t('acc.bureaus.account'),
      t('acc.bureaus.case'),
      t('acc.bureaus.bureau'),
      t('acc.bureaus.type'),
      t('acc.bureaus.claim'),
      t('acc.bureaus.open'),
      t('acc.bureaus.writtenOff'),
      t('acc.bureaus.level'),
      t('acc.bureaus.status'),
    ],
    rows,
    [5, 6, 7],
  );
}

/** Zahlungsdateien: the SEPA files of the payment runs, each to download as XML for the bank. */
import { formatDateTime, t } from '../web/i18n';
import { h, replace, skeleton } from '../tasklist/ui/dom';
import { paymentFiles } from './api';
import { day, euro } from './format';
import { loadError, table } from './ui';

export async function showFiles(host: HTMLElement): Promise<void> {
  const body = h('div', {}, skeleton(3));
  replace(
    host,
    h(
      'section.card',
      {},
      h('div.card-head', {}, h('div', {}, h('h2', {}, t('acc.files.title')), h('p.muted', {}, t('acc.files.lead')))),
      body,
    ),
  );
  try {
    const list = await paymentFiles.list();
    if (list.length === 0) return replace(body, h('div.card-body.muted', { 'data-testid': 'files-empty' }, t('acc.files.empty')));
    const rows = list.map((f) =>
      h(
        'tr',
        { 'data-file': f.id },
        h('td', {}, t(`acc.files.kind.${f.kind}`), h('div.acc-hint', {}, f.kind)),
        h('td', {}, h('code', {}, f.messageId)),
        h('td', {}, day(f.executionDate)),
        h('td.num', {}, String(f.transactionCount)),
        h('td.num', {}, euro(f.controlSumCents)),
        h('td', {}, formatDateTime(f.createdAt)),
        h(
          'td.acc-actions',
          {},
          h(
            'a.btn.btn-secondary',
            { href: paymentFiles.xmlUrl(f.id), download: `${f.messageId}.xml`, 'data-action': 'download' },
            t('acc.files.download'),
          ),
        ),
      ),
    );
    replace(
      body,
      table(
        'files-table',
        [
          t('acc.files.kind'),
          t('acc.files.messageId'),
          t('acc.files.execution'),
          t('acc.files.count'),
          t('acc.files.sum'),
          t('acc.files.created'),
          '',
        ],
        rows,
        [3, 4],
      ),
    );
  } catch (err) {
    replace(body, loadError(err));
  }
}

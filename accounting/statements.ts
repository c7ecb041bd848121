/** Kontoauszüge: upload a camt file (read in the browser, sent as JSON) and the statements with status and match rate. */
import { formatDateTime, t } from '../web/i18n';
import { busy, button, chip, h, replace, skeleton, type Tone } from '../tasklist/ui/dom';
import { errorText, toast } from '../tasklist/ui/toast';
import { statements, type StatementSummary } from './api';
import { percent } from './format';
import { loadError, table } from './ui';

const TONES: Record<string, Tone> = { received: 'neutral', matching: 'info', done: 'success', failed: 'danger' };

export async function showStatements(host: HTMLElement): Promise<void> {
  const input = h('input.input', { type: 'file', id: 'acc-camt-file', name: 'file', accept: '.xml,application/xml,text/xml' });
  const error = h('div.alert.alert-danger', { role: 'alert', hidden: true, 'data-testid': 'upload-error' });
  const send = button(t('acc.statements.send'), () => void upload(), 'primary', { 'data-action': 'upload' });
  const body = h('div', {}, skeleton(3));

  async function upload(): Promise<void> {
    const file = input.files?.[0];
    error.hidden = true;
    if (!file) {
      error.hidden = false;
      return replace(error, t('acc.statements.choose'));
    }
    await busy(send, async () => {
      try {
        const answer = await statements.upload(file.name, await file.text());
        toast(
          answer.duplicate
            ? t('acc.statements.duplicate', { file: file.name })
            : t('acc.statements.received', { file: file.name, n: answer.statement.entryCount }),
          answer.duplicate ? 'info' : 'success',
        );
        input.value = '';
        await reload();
      } catch (err) {
        error.hidden = false;
        const p = (err as { problem?: { code?: string; path?: string | null } }).problem;
        replace(
          error,
          `${t('acc.statements.refused')}: ${errorText(err)}`,
          p?.code ? h('div.acc-hint', {}, [p.code, p.path].filter(Boolean).join(' · ')) : null,
        );
      }
    });
  }

  async function reload(): Promise<void> {
    try {
      replace(body, list(await statements.list()));
    } catch (err) {
      replace(body, loadError(err));
    }
  }

  replace(
    host,
    h(
      'section.card',
      {},
      h('div.card-head', {}, h('h2', {}, t('acc.statements.upload'))),
      h(
        'form.card-body.acc-search',
        { novalidate: true, onsubmit: (e: Event) => (e.preventDefault(), void upload()) },
        h('div.field', {}, h('label.field-label', { for: 'acc-camt-file' }, t('acc.statements.file')), input),
        h('div.acc-search-action', {}, send),
      ),
      h('div.card-body', {}, error),
    ),
    h('section.card', {}, h('div.card-head', {}, h('h2', {}, t('acc.statements.title'))), body),
  );
  await reload();
}

function list(items: StatementSummary[]): HTMLElement {
  if (items.length === 0) return h('div.card-body.muted', { 'data-testid': 'statements-empty' }, t('acc.statements.empty'));
  const rows = items.map((s) =>
    h(
      'tr',
      { 'data-statement': s.statement.id },
      h('td', {}, s.statement.fileName, h('div.acc-hint', {}, h('code', {}, s.statement.messageId))),
      h('td', {}, `${s.statement.format} (${s.statement.version})`),
      h('td.num', {}, String(s.statement.entryCount)),
      h('td', {}, chip(t(`acc.statements.status.${s.statement.status}`), TONES[s.statement.status] ?? 'neutral')),
      h('td.num', { 'data-testid': 'match-rate' }, percent(s.matchRate)),
      h('td', {}, formatDateTime(s.statement.createdAt), h('div.acc-hint', {}, s.statement.uploadedBy ?? '')),
    ),
  );
  return table(
    'statements-table',
    [
      t('acc.statements.fileName'),
      t('acc.statements.format'),
      t('acc.statements.entries'),
      t('acc.statements.status'),
      t('acc.statements.matchRate'),
      t('acc.statements.uploaded'),
    ],
    rows,
    [2, 4],
  );
}

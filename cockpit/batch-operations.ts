/**
 * The batch operations page, as Operate 8.8's: every batch with its state and item counts, and one
 * batch with its items; admins suspend, resume or cancel a batch that has not ended. Both follow a
 * running batch every 2 s.
 */
import { t } from '../web/i18n';
import { batchAction, batchItems, getBatch, searchBatches, type BatchAction, type BatchOperation } from './operations-api';
import { operationError, operationErrorTitle } from './operation-error';
import { busy, button, chip, emptyState, h, replace, spinner, type Tone } from '../tasklist/ui/dom';
import { formatDateTime } from '../tasklist/ui/format';
import { errorText, toast } from '../tasklist/ui/toast';

const STATE_TONE: Record<string, Tone> = {
  CREATED: 'info',
  ACTIVE: 'info',
  COMPLETED: 'success',
  PARTIALLY_COMPLETED: 'warning',
  FAILED: 'danger',
  CANCELED: 'neutral',
  SUSPENDED: 'neutral',
};
const running = (b: BatchOperation) => b.state === 'CREATED' || b.state === 'ACTIVE';
const label = (prefix: string, value: string) => {
  const key = `${prefix}.${value}`;
  return t(key) === key ? value : t(key);
};
const stateChip = (b: BatchOperation) =>
  chip(label('ck.batch.state', b.state), STATE_TONE[b.state] ?? 'neutral', { 'data-batch-state': b.state });
const items = (b: BatchOperation) =>
  h(
    'span.ck-batch-items',
    { 'data-testid': 'batch-items' },
    t('ck.batch.itemCounts', {
      completed: b.operationsCompletedCount ?? 0,
      failed: b.operationsFailedCount ?? 0,
      total: b.operationsTotalCount ?? 0,
    }),
  );

let stop: (() => void) | undefined;
export function leaveBatches(): void {
  stop?.();
  stop = undefined;
}

/** Re-renders every 2 s while a batch runs (and the page is shown). */
function poll(render: () => Promise<boolean>): void {
  leaveBatches();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let live = true;
  const tick = async () => {
    const again = await render().catch(() => true);
    if (live && again) timer = setTimeout(() => void tick(), 2000);
  };
  stop = () => {
    live = false;
    clearTimeout(timer);
  };
  void tick();
}

export function showBatches(host: HTMLElement): void {
  const list = h('section.card', {}, spinner());
  replace(
    host,
    h(
      'div.ck-page',
      {},
      h('div.ck-page-head', {}, h('div', {}, h('h1', {}, t('ck.batch.title')), h('p.muted', {}, t('ck.batch.hint')))),
      list,
    ),
  );
  poll(async () => {
    let res;
    try {
      res = await searchBatches();
    } catch (err) {
      replace(list, h('div.card-body', {}, operationError(err)));
      return false;
    }
    if (res.items.length === 0) {
      replace(list, emptyState('≡', t('ck.batch.empty')));
      return false;
    }
    replace(
      list,
      h(
        'table.table.ck-batches',
        {},
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['ck.batch.col.type', 'ck.batch.col.state', 'ck.batch.col.items', 'ck.col.started', 'ck.col.ended'].map((k) =>
              h('th', {}, t(k)),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          ...res.items.map((b) =>
            h(
              'tr.clickable',
              { 'data-batch-key': b.batchOperationKey, onclick: () => (location.hash = `#/batch-operations/${b.batchOperationKey}`) },
              h('td', {}, label('ck.batch.type', b.batchOperationType)),
              h('td', {}, stateChip(b)),
              h('td', {}, items(b)),
              h('td', {}, formatDateTime(b.startDate)),
              h('td', {}, formatDateTime(b.endDate)),
            ),
          ),
        ),
      ),
    );
    return res.items.some(running);
  });
}

/** Operate's lifecycle actions per state: suspend and cancel a running batch, resume or cancel a suspended one. */
const ACTIONS: Record<string, BatchAction[]> = {
  CREATED: ['cancellation'],
  ACTIVE: ['suspension', 'cancellation'],
  SUSPENDED: ['resumption', 'cancellation'],
};

function lifecycleButtons(b: BatchOperation, again: () => void): HTMLElement {
  return h(
    'div.ck-actions',
    {},
    ...(ACTIONS[b.state] ?? []).map((action) => {
      const btn: HTMLButtonElement = button(
        t(`ck.batch.action.${action}`),
        () =>
          void busy(btn, async () => {
            try {
              await batchAction(b.batchOperationKey, action);
              toast(t(`ck.batch.actionDone.${action}`));
            } catch (err) {
              toast(operationErrorTitle(err), 'danger', errorText(err));
            }
            again();
          }),
        action === 'cancellation' ? 'danger' : 'secondary',
        { 'data-action': `batch-${action}` },
      );
      return btn;
    }),
  );
}

export function showBatch(host: HTMLElement, key: string, canOperate: boolean): void {
  replace(host, spinner());
  poll(async () => {
    let b: BatchOperation;
    try {
      b = await getBatch(key);
    } catch (err) {
      replace(host, emptyState('!', t('ck.err.load'), errorText(err)));
      return false;
    }
    // The items (8.8: /batch-operation-items/search); the summary stands without them.
    const itemRows = await batchItems(key)
      .then((r) => r.items)
      .catch(() => []);
    replace(
      host,
      h(
        'div.ck-page.ck-batch',
        { 'data-batch-key': key },
        h('a.ck-back', { href: '#/batch-operations' }, '← ', t('ck.batch.back')),
        h(
          'header.card.ck-inst-head',
          {},
          h(
            'div.ck-inst-title',
            {},
            h('div.ck-inst-line', {}, h('h1', {}, label('ck.batch.type', b.batchOperationType)), stateChip(b)),
            h(
              'div.ck-inst-meta',
              {},
              h('span.mono', {}, b.batchOperationKey),
              items(b),
              h('span.muted', {}, t('ck.inst.started', { when: formatDateTime(b.startDate) })),
              b.endDate ? h('span.muted', {}, t('ck.inst.ended', { when: formatDateTime(b.endDate) })) : null,
            ),
          ),
          canOperate ? lifecycleButtons(b, () => showBatch(host, key, canOperate)) : null,
        ),
        ...(b.errors ?? []).map((e) => h('div.alert.alert-danger', {}, e.type ?? '', ' ', e.message ?? '')),
        itemRows.length
          ? h(
              'section.card',
              {},
              h(
                'table.table',
                {},
                h(
                  'thead',
                  {},
                  h('tr', {}, ...['ck.col.key', 'ck.col.state', 'ck.batch.col.processed', 'ck.inc.message'].map((k) => h('th', {}, t(k)))),
                ),
                h(
                  'tbody',
                  {},
                  ...itemRows.map((i) =>
                    h(
                      'tr',
                      { 'data-item-key': i.itemKey },
                      h('td.mono', {}, h('a', { href: `#/instances/${i.processInstanceKey}` }, i.processInstanceKey)),
                      h(
                        'td',
                        {},
                        chip(label('ck.batch.item', i.state), STATE_TONE[i.state] ?? (i.state === 'SKIPPED' ? 'neutral' : 'info'), {
                          'data-item-state': i.state,
                        }),
                      ),
                      h('td', {}, formatDateTime(i.processedDate)),
                      h('td.muted', {}, i.errorMessage ?? ''),
                    ),
                  ),
                ),
              ),
            )
          : null,
      ),
    );
    return running(b);
  });
}

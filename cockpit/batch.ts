/**
 * Batch operations, as in Operate 8.8: from the instance list (the selected instances or all that
 * match the filter) cancel, resolve incidents or migrate; then the batch operations page shows each
 * batch's state and item counts until it is done.
 */
import { t } from '../web/i18n';
import type { ProcessInstance } from './api';
import { openBatchMigration } from './migration';
import {
  batchCancel,
  batchItems,
  batchResolveIncidents,
  getBatch,
  searchBatches,
  type BatchCreated,
  type BatchOperation,
} from './operations-api';
import { operationError, operationErrorTitle } from './operation-error';
import { openDialog } from '../tasklist/ui/dialog';
import { button, chip, emptyState, h, replace, spinner, type Tone } from '../tasklist/ui/dom';
import { formatDateTime } from '../tasklist/ui/format';
import { errorText, toast } from '../tasklist/ui/toast';

export interface BatchSelection {
  /** Instances picked one by one (on the page shown). */
  selected: ProcessInstance[];
  /** Everything the search filter matches, not only the page shown. */
  matching: boolean;
  total: number;
  filter: Record<string, unknown>;
  /** The instances shown: their definition is the migration source when all match. */
  shown: ProcessInstance[];
}

const targetFilter = (s: BatchSelection) =>
  s.matching ? s.filter : { processInstanceKey: { $in: s.selected.map((i) => i.processInstanceKey) } };
const count = (s: BatchSelection) => (s.matching ? s.total : s.selected.length);

/** The one definition all instances of the batch run on; undefined when they differ. */
function sourceDefinition(s: BatchSelection): ProcessInstance | undefined {
  const of = s.matching ? s.shown : s.selected;
  const keys = new Set(of.map((i) => i.processDefinitionKey));
  const definitionFiltered = !s.matching || s.filter.processDefinitionKey !== undefined || s.total === s.shown.length;
  return keys.size === 1 && definitionFiltered ? of[0] : undefined;
}

function started(batch: BatchCreated): void {
  toast(t('ck.batch.started'), 'success', t(`ck.batch.type.${batch.batchOperationType}`));
  location.hash = `#/batch-operations/${batch.batchOperationKey}`;
}

function confirmBatch(title: string, text: string, run: () => Promise<BatchCreated>): void {
  const error = h('div');
  openDialog({
    title,
    confirm: t('ck.batch.start'),
    cancel: t('ck.act.keep'),
    tone: 'danger',
    body: h('div', {}, h('p', { style: 'margin:0' }, text), error),
    onConfirm: async () => {
      try {
        started(await run());
      } catch (err) {
        replace(error, operationError(err));
        throw err;
      }
    },
  });
}

/** The list's batch buttons; `sync` enables them for the current selection. */
export function batchActions(selection: () => BatchSelection): { buttons: HTMLButtonElement[]; sync(): void } {
  const cancel = button(
    t('ck.batch.cancel'),
    () => {
      const s = selection();
      confirmBatch(t('ck.batch.cancelTitle'), t('ck.batch.cancelText', { n: count(s) }), () => batchCancel(targetFilter(s)));
    },
    'danger',
    { 'data-action': 'batch-cancel', disabled: true },
  );
  const resolve = button(
    t('ck.batch.resolve'),
    () => {
      const s = selection();
      confirmBatch(t('ck.batch.resolveTitle'), t('ck.batch.resolveText', { n: count(s) }), () => batchResolveIncidents(targetFilter(s)));
    },
    'secondary',
    { 'data-action': 'batch-resolve', disabled: true },
  );
  const migrate = button(
    t('ck.batch.migrate'),
    () => {
      const s = selection();
      const source = sourceDefinition(s);
      if (!source) return;
      openBatchMigration(
        {
          processDefinitionKey: source.processDefinitionKey,
          processDefinitionId: source.processDefinitionId,
          version: source.processDefinitionVersion,
        },
        count(s),
        targetFilter(s),
        started,
      ).catch((err: unknown) => toast(operationErrorTitle(err), 'danger', errorText(err)));
    },
    'secondary',
    { 'data-action': 'batch-migrate', disabled: true },
  );
  return {
    buttons: [resolve, migrate, cancel],
    sync: () => {
      const s = selection();
      const none = count(s) === 0;
      cancel.disabled = none;
      resolve.disabled = none;
      migrate.disabled = none || !sourceDefinition(s);
      migrate.title = !none && !sourceDefinition(s) ? t('ck.batch.oneVersion') : '';
    },
  };
}

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

export function showBatch(host: HTMLElement, key: string): void {
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

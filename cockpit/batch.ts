/**
 * Batch operations, as in Operate 8.8: from the instance list (the selected instances or all that
 * match the filter) cancel, resolve incidents or migrate; then the batch's page (batch-operations.ts)
 * follows it until it is done.
 */
import { t } from '../web/i18n';
import type { ProcessInstance } from './api';
import { openBatchMigration } from './migration';
import { openBatchMove } from './batch-move';
import { batchCancel, batchResolveIncidents, type BatchCreated } from './operations-api';
import { operationError, operationErrorTitle } from './operation-error';
import { openDialog } from '../tasklist/ui/dialog';
import { button, h, replace } from '../tasklist/ui/dom';
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

/** The one definition all instances of the batch run on (a migration's or move's source); undefined when they differ. */
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
      // Camunda 8.8 cancels root instances only (their called instances end with them); called ones picked are skipped.
      const called = (s.matching ? s.shown : s.selected).some((i) => i.parentProcessInstanceKey);
      const text = `${t('ck.batch.cancelText', { n: count(s) })}${called ? ` ${t('ck.batch.rootsOnly')}` : ''}`;
      confirmBatch(t('ck.batch.cancelTitle'), text, () => batchCancel(targetFilter(s)));
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
  const move = button(
    t('ck.batch.move'),
    () => {
      const s = selection();
      const source = sourceDefinition(s);
      if (!source) return;
      openBatchMove(source, count(s), targetFilter(s), started).catch((err: unknown) =>
        toast(operationErrorTitle(err), 'danger', errorText(err)),
      );
    },
    'secondary',
    { 'data-action': 'batch-move', disabled: true },
  );
  return {
    buttons: [resolve, move, migrate, cancel],
    sync: () => {
      const s = selection();
      const none = count(s) === 0;
      cancel.disabled = none;
      resolve.disabled = none;
      migrate.disabled = none || !sourceDefinition(s);
      migrate.title = !none && !sourceDefinition(s) ? t('ck.batch.oneVersion') : '';
      move.disabled = migrate.disabled;
      move.title = migrate.title;
    },
  };
}

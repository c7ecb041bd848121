/**
 * Batch move, as Operate 8.8's batch modification: in every instance of one process version the
 * filter matches, the tokens of one element move to another (8.8: POST /v2/process-instances/modification).
 */
import { t } from '../web/i18n';
import { definitionXml } from './api';
import { canActivate, canMoveFrom, flowNodes } from './flow-nodes';
import { bpmnNames } from './names';
import { batchMove, type BatchCreated } from './operations-api';
import { operationError } from './operation-error';
import { openDialog } from '../tasklist/ui/dialog';
import { h, replace } from '../tasklist/ui/dom';

/** Elements a token can wait in: not start, end or throw events, not a sub-process itself. */
const WAITS = (type: string) => !['START_EVENT', 'END_EVENT', 'INTERMEDIATE_THROW_EVENT'].includes(type) && canMoveFrom(type);

export async function openBatchMove(
  { processDefinitionKey, processDefinitionId }: { processDefinitionKey: string; processDefinitionId: string },
  count: number,
  filter: object,
  created: (batch: BatchCreated) => void,
): Promise<void> {
  const xml = await definitionXml(processDefinitionKey);
  const nodes = flowNodes(xml, processDefinitionId);
  const names = bpmnNames(xml);
  const label = (id: string) => `${names.label(id, names.typeOf(id))} (${id})`;
  const options = (ids: string[]) => ids.map((id) => h('option', { value: id }, label(id)));
  const source = h('select.select', { name: 'moveSource' }, ...options(nodes.filter((n) => WAITS(n.type)).map((n) => n.id)));
  const target = h('select.select', { name: 'moveTarget' }, ...options(nodes.filter(canActivate).map((n) => n.id)));
  const error = h('div');
  openDialog({
    title: t('ck.move.title'),
    confirm: t('ck.batch.start'),
    cancel: t('ck.act.cancelBtn'),
    tone: 'accent',
    body: h(
      'div.ck-form',
      { 'data-testid': 'batch-move' },
      h('p', { style: 'margin:0' }, t('ck.move.intro', { n: count })),
      h('div.field', {}, h('label', {}, t('ck.move.source')), source),
      h('div.field', {}, h('label', {}, t('ck.mod.target')), target),
      error,
    ),
    onConfirm: async () => {
      replace(error);
      if (!source.value || !target.value || source.value === target.value) {
        replace(error, h('div.alert.alert-danger', {}, t('ck.move.same')));
        throw new Error('same element');
      }
      try {
        const filterOfVersion = { ...filter, processDefinitionKey };
        created(await batchMove(filterOfVersion, [{ sourceElementId: source.value, targetElementId: target.value }]));
      } catch (err) {
        replace(error, operationError(err));
        throw err;
      }
    },
  });
}

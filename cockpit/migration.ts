/**
 * Migration to another version of the same process, as in Operate 8.8: choose the target version,
 * map each source element to a target element of the same type (pre-filled where the ids match),
 * apply. One instance: its active elements must all be mapped. A batch: the mapped elements of the
 * source version, for every instance the filter matches.
 */
import { t } from '../web/i18n';
import { definitionXml, type ElementInstance, type ProcessInstance } from './api';
import { flowNodes, type FlowNode } from './flow-nodes';
import { bpmnNames, type BpmnNames } from './names';
import { batchMigrate, migrateInstance, processVersions, type BatchCreated, type MigrationPlan } from './operations-api';
import { operationError } from './operation-error';
import { openDialog } from '../tasklist/ui/dialog';
import { h, replace, spinner } from '../tasklist/ui/dom';
import { toast } from '../tasklist/ui/toast';

interface Source {
  id: string;
  type: string;
}

interface MigrationDialog {
  processDefinitionId: string;
  sourceKey: string;
  sourceVersion: number;
  sources: Source[];
  names: BpmnNames;
  /** One instance: every active element needs a target (Zeebe rejects the migration otherwise). */
  required: boolean;
  intro: string;
  apply(plan: MigrationPlan): Promise<void>;
}

function open(d: MigrationDialog): void {
  const error = h('div');
  const version = h('select.select', { name: 'targetVersion', 'aria-label': t('ck.mig.target') });
  const table = h('div.ck-mig-map', {}, spinner());
  let targetNodes: FlowNode[] = [];
  let selects = new Map<string, HTMLSelectElement>();

  const renderMapping = (nodes: FlowNode[], targetNames: BpmnNames) => {
    targetNodes = nodes;
    selects = new Map();
    const label = (names: BpmnNames, id: string) => `${names.label(id, names.typeOf(id))} (${id})`;
    replace(
      table,
      h(
        'table.table',
        { 'data-testid': 'migration-mapping' },
        h('thead', {}, h('tr', {}, h('th', {}, t('ck.mig.source', { v: d.sourceVersion })), h('th', {}, t('ck.mig.targetElement')))),
        h(
          'tbody',
          {},
          ...d.sources.map((s) => {
            const candidates = targetNodes.filter((n) => n.type === s.type);
            const select = h(
              'select.select',
              { name: `map-${s.id}`, 'data-source': s.id, 'aria-label': t('ck.mig.mapFor', { element: label(d.names, s.id) }) },
              h('option', { value: '' }, t('ck.mig.unmapped')),
              ...candidates.map((n) => h('option', { value: n.id, selected: n.id === s.id }, label(targetNames, n.id))),
            );
            selects.set(s.id, select);
            return h('tr', { 'data-source': s.id }, h('td', { title: s.id }, label(d.names, s.id)), h('td', {}, select));
          }),
        ),
      ),
    );
  };

  const loadTarget = async () => {
    replace(table, spinner());
    replace(error);
    try {
      const xml = await definitionXml(version.value);
      renderMapping(flowNodes(xml, d.processDefinitionId), bpmnNames(xml));
    } catch (err) {
      replace(table);
      replace(error, operationError(err));
    }
  };
  version.addEventListener('change', () => void loadTarget());

  void processVersions(d.processDefinitionId)
    .then(async (res) => {
      const others = res.items.filter((v) => v.processDefinitionKey !== d.sourceKey);
      if (others.length === 0) return replace(table, h('p.muted', {}, t('ck.mig.noVersions')));
      replace(
        version,
        ...others.map((v) =>
          h('option', { value: v.processDefinitionKey }, `${t('ck.proc.version')} ${v.version}${v.versionTag ? ` (${v.versionTag})` : ''}`),
        ),
      );
      await loadTarget();
    })
    .catch((err: unknown) => replace(error, operationError(err)));

  openDialog({
    title: t('ck.mig.title'),
    confirm: t('ck.mig.apply'),
    cancel: t('ck.act.cancelBtn'),
    tone: 'accent',
    body: h(
      'div.ck-form',
      { 'data-testid': 'migration' },
      h('p', { style: 'margin:0' }, d.intro),
      h('div.field', {}, h('label', {}, t('ck.mig.target')), version),
      table,
      error,
    ),
    onConfirm: async () => {
      replace(error);
      if (!version.value || selects.size === 0) {
        replace(error, h('div.alert.alert-danger', {}, t('ck.mig.chooseTarget')));
        throw new Error('no target');
      }
      const mappingInstructions = [...selects]
        .filter(([, s]) => s.value)
        .map(([sourceElementId, s]) => ({ sourceElementId, targetElementId: s.value }));
      const unmapped = [...selects].filter(([, s]) => !s.value).map(([id]) => id);
      if ((d.required && unmapped.length > 0) || mappingInstructions.length === 0) {
        replace(
          error,
          h(
            'div.alert.alert-danger',
            {},
            t('ck.mig.unmappedError', { elements: (unmapped.length ? unmapped : [...selects.keys()]).join(', ') }),
          ),
        );
        throw new Error('unmapped');
      }
      try {
        await d.apply({ targetProcessDefinitionKey: version.value, mappingInstructions });
      } catch (err) {
        replace(error, operationError(err));
        throw err;
      }
    },
  });
}

/** The instance's active elements, each once (a multi-instance body and its inner instances share the id). */
function activeSources(elements: ElementInstance[], names: BpmnNames): Source[] {
  const seen = new Map<string, Source>();
  for (const e of elements)
    if (e.state === 'ACTIVE' && e.type !== 'PROCESS' && !seen.has(e.elementId))
      seen.set(e.elementId, { id: e.elementId, type: names.typeOf(e.elementId) ?? e.type });
  return [...seen.values()];
}

export function openInstanceMigration(
  instance: ProcessInstance,
  elements: ElementInstance[],
  names: BpmnNames,
  done: () => Promise<void>,
): void {
  open({
    processDefinitionId: instance.processDefinitionId,
    sourceKey: instance.processDefinitionKey,
    sourceVersion: instance.processDefinitionVersion,
    sources: activeSources(elements, names),
    names,
    required: true,
    intro: t('ck.mig.intro', { key: instance.processInstanceKey }),
    apply: async (plan) => {
      await migrateInstance(instance.processInstanceKey, plan);
      toast(t('ck.mig.done'));
      await done();
    },
  });
}

/** Elements that can hold a token when the batch runs (start, end and throw events never wait). */
const mappable = (n: FlowNode) => !['START_EVENT', 'END_EVENT', 'INTERMEDIATE_THROW_EVENT'].includes(n.type);

export async function openBatchMigration(
  source: { processDefinitionKey: string; processDefinitionId: string; version: number },
  count: number,
  filter: object,
  created: (batch: BatchCreated) => void,
): Promise<void> {
  const xml = await definitionXml(source.processDefinitionKey);
  open({
    processDefinitionId: source.processDefinitionId,
    sourceKey: source.processDefinitionKey,
    sourceVersion: source.version,
    sources: flowNodes(xml, source.processDefinitionId).filter(mappable),
    names: bpmnNames(xml),
    required: false,
    intro: t('ck.mig.batchIntro', { n: count }),
    apply: async (plan) => created(await batchMigrate({ ...filter, processDefinitionKey: source.processDefinitionKey }, plan)),
  });
}

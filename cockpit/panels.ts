/** The tabs below the diagram: incidents, variables, called instances, history. */
import { t } from '../web/i18n';
import type { ElementInstance, Incident, ProcessInstance, Variable } from './api';
import { retry, retryAll, type Done } from './actions';
import type { BpmnNames } from './names';
import { busy } from '../tasklist/ui/dom';
import { stateChip } from './instances';
import { button, chip, emptyState, h } from '../tasklist/ui/dom';
import { formatDateTime, relativeTime } from '../tasklist/ui/format';

/** JSON values pretty enough to read in a cell; long ones stay scrollable. */
function valueCell(v: Variable): HTMLElement {
  let text = v.value;
  try {
    const parsed: unknown = JSON.parse(v.value);
    text = typeof parsed === 'string' ? JSON.stringify(parsed) : JSON.stringify(parsed, null, 1).replace(/\n\s*/g, ' ');
  } catch {
    /* keep raw */
  }
  return h('td.mono.ck-value', { title: v.value }, text.length > 400 ? `${text.slice(0, 400)}…` : text, v.isTruncated ? ' …' : '');
}

export function variablesPanel(vars: Variable[], instanceKey: string, names: Map<string, string>): HTMLElement {
  if (vars.length === 0) return emptyState('{}', t('ck.inst.noVariables'));
  return h(
    'table.table.ck-vars',
    { 'data-testid': 'variables' },
    h('thead', {}, h('tr', {}, h('th', {}, t('ck.var.name')), h('th', {}, t('ck.var.value')), h('th', {}, t('ck.var.scope')))),
    h(
      'tbody',
      {},
      ...vars.map((v) =>
        h(
          'tr',
          { 'data-variable': v.name },
          h('td.ck-var-name', {}, v.name),
          valueCell(v),
          h('td.muted', {}, v.scopeKey === instanceKey ? t('ck.var.instance') : (names.get(v.scopeKey) ?? v.scopeKey)),
        ),
      ),
    ),
  );
}

/** Error types in the UI language, the code in the tooltip. */
function errorTypeChip(type: string): HTMLElement {
  const key = `ck.errtype.${type}`;
  const label = t(key);
  return chip(label === key ? type : label, 'danger', { title: type });
}

export function incidentsPanel(
  incidents: Incident[],
  canOperate: boolean,
  elementName: (i: Incident) => string,
  ownKey: string,
  called: ProcessInstance[],
  done: Done,
): HTMLElement {
  if (incidents.length === 0) return emptyState('✓', t('ck.inst.noIncidents'), t('ck.inst.noIncidentsText'));
  const retryAllBtn: HTMLButtonElement = button(
    t('ck.inc.retryAll', { n: incidents.length }),
    () =>
      void busy(retryAllBtn, async () => {
        await done({ resolved: await retryAll(incidents) });
      }),
    'secondary',
    { 'data-action': 'retry-all' },
  );
  const calledBy = new Map(called.map((c) => [c.processInstanceKey, c]));
  return h(
    'div.ck-incidents',
    {},
    canOperate && incidents.length > 1 ? h('div.ck-bulk', {}, h('span.spacer'), retryAllBtn) : null,
    ...incidents.map((i) => {
      const inCalled = i.processInstanceKey !== ownKey ? calledBy.get(i.processInstanceKey) : undefined;
      const btn: HTMLButtonElement = button(t('ck.inc.retry'), () => void retry(btn, i, done), 'primary', {
        'data-action': 'retry',
        'data-incident-key': i.incidentKey,
      });
      return h(
        'div.ck-incident',
        { 'data-incident-key': i.incidentKey },
        h('div.ck-incident-icon', { 'aria-hidden': 'true' }, '!'),
        h(
          'div.ck-incident-main',
          {},
          h(
            'div.ck-incident-head',
            {},
            h('strong', { title: i.elementId }, elementName(i)),
            errorTypeChip(i.errorType),
            h('span.muted', { title: formatDateTime(i.creationTime) }, relativeTime(i.creationTime)),
          ),
          i.processInstanceKey !== ownKey
            ? h(
                'div.muted',
                {},
                t('ck.inc.inCalled', { process: inCalled?.processDefinitionName ?? '' }),
                ' ',
                h(
                  'a.mono',
                  { href: `#/instances/${i.processInstanceKey}`, 'data-called-instance': i.processInstanceKey },
                  i.processInstanceKey,
                ),
              )
            : null,
          h('div.ck-incident-msg', {}, i.errorMessage || '–'),
          i.jobKey ? h('div.muted.mono', {}, `Job ${i.jobKey}`) : null,
        ),
        canOperate ? btn : null,
      );
    }),
  );
}

export function childrenPanel(children: ProcessInstance[]): HTMLElement {
  return h(
    'table.table',
    {},
    h('thead', {}, h('tr', {}, ...['ck.col.key', 'ck.col.process', 'ck.col.started', 'ck.col.state'].map((k) => h('th', {}, t(k))))),
    h(
      'tbody',
      {},
      ...children.map((c) =>
        h(
          'tr.clickable',
          {
            'data-instance-key': c.processInstanceKey,
            onclick: () => {
              location.hash = `#/instances/${c.processInstanceKey}`;
            },
          },
          h('td.mono', {}, c.processInstanceKey),
          h('td', {}, c.processDefinitionName),
          h('td', {}, formatDateTime(c.startDate)),
          h('td', {}, stateChip(c)),
        ),
      ),
    ),
  );
}

export function historyPanel(elements: ElementInstance[], names: BpmnNames): HTMLElement {
  const steps = elements.filter((e) => !['PROCESS', 'SEQUENCE_FLOW'].includes(e.type));
  return h(
    'ol.ck-history',
    {},
    ...steps.map((e) =>
      h(
        'li',
        { class: `ck-history-${e.hasIncident ? 'incident' : e.state.toLowerCase()}`, 'data-element-id': e.elementId },
        h('span.ck-history-dot'),
        h(
          'div',
          {},
          h(
            'div',
            { title: e.elementId },
            h('strong.ck-history-name', {}, names.label(e.elementId, e.type)),
            ' ',
            h('span.muted.ck-history-type', {}, names.typeLabel(e.type)),
          ),
          h('div.muted', {}, formatDateTime(e.startDate), e.endDate ? ` → ${formatDateTime(e.endDate)}` : ''),
        ),
        e.hasIncident
          ? chip(t('ck.state.INCIDENT'), 'danger')
          : stateChip({ state: e.state as ProcessInstance['state'], hasIncident: false }),
      ),
    ),
  );
}

/**
 * One instance: header with actions, the diagram with active/completed/incident markers, and tabs for
 * incidents, variables, called instances and history. It polls, so a retried instance is seen moving on.
 */
import { t } from '../web/i18n';
import {
  activeIncidents,
  definitionXml,
  descendants,
  elementInstances,
  elementStatistics,
  getElementInstance,
  getInstance,
  instanceVariables,
  type ElementInstance,
  type ElementStatistics,
  type Incident,
  type ProcessInstance,
  type Variable,
} from './api';
import { confirmCancel, messageNames, openPublish, type Changed } from './actions';
import { renderDiagram, type DiagramControls, type Viewbox } from './diagram';
import { flowNodes } from './flow-nodes';
import { openInstanceMigration } from './migration';
import { ModificationMode } from './modification';
import { bpmnNames } from './names';
import { orderNumber, stateChip } from './instances';
import { childrenPanel, historyPanel, incidentsPanel, variablesPanel } from './panels';
import { button, chip, emptyState, h, replace, spinner } from '../tasklist/ui/dom';
import { formatDateTime } from '../tasklist/ui/format';
import { pollUntil } from '../tasklist/ui/poll';
import { errorText } from '../tasklist/ui/toast';

const POLL_MS = 3000;
type Tab = 'incidents' | 'variables' | 'children' | 'history';

interface Snapshot {
  instance: ProcessInstance;
  stats: ElementStatistics[];
  /** Its own incidents and those of the instances it called (at any depth), as Operate lists them. */
  incidents: Incident[];
  variables: Variable[];
  /** Every instance it called, directly or further down. */
  children: ProcessInstance[];
  elements: ElementInstance[];
  /** Element names of incidents in called instances (their elements are not in `elements`). */
  calledNames: Map<string, string>;
}

async function load(key: string, known = new Map<string, string>()): Promise<Snapshot> {
  const [instance, stats, variables, children, elements] = await Promise.all([
    getInstance(key),
    elementStatistics(key),
    instanceVariables(key),
    descendants([key]),
    elementInstances(key),
  ]);
  const incidents = await activeIncidents([key, ...children.map((c) => c.processInstanceKey)]);
  const calledNames = new Map<string, string>();
  await Promise.all(
    incidents
      .filter((i) => i.processInstanceKey !== key)
      .map(async (i) => {
        const name =
          known.get(i.elementInstanceKey) ?? (await getElementInstance(i.elementInstanceKey).catch(() => undefined))?.elementName;
        if (name) calledNames.set(i.elementInstanceKey, name);
      }),
  );
  return { instance, stats, incidents, variables: variables.items, children, elements: elements.items, calledNames };
}

/** What changes on screen; a poll re-renders only when this differs. */
const signature = (s: Snapshot) =>
  JSON.stringify([
    s.instance.state,
    s.instance.hasIncident,
    s.stats,
    s.incidents.map((i) => i.incidentKey),
    s.variables.map((v) => [v.name, v.value]),
    s.children.map((c) => [c.processInstanceKey, c.state, c.hasIncident]),
  ]);

let stopPolling: (() => void) | undefined;

export async function showInstance(host: HTMLElement, key: string, canOperate: boolean): Promise<void> {
  stopPolling?.();
  replace(host, spinner());
  let snap: Snapshot;
  let xml: string;
  try {
    snap = await load(key);
    xml = await definitionXml(snap.instance.processDefinitionKey);
  } catch (err) {
    return replace(host, emptyState('!', t('ck.err.load'), errorText(err)));
  }
  let tab: Tab = snap.incidents.length ? 'incidents' : 'variables';
  let diagram: DiagramControls | undefined;
  let viewbox: Viewbox | undefined;
  const names = bpmnNames(xml);
  let mode: ModificationMode | undefined;
  const enterModification = () => {
    mode = new ModificationMode({
      instanceKey: key,
      nodes: flowNodes(xml, snap.instance.processDefinitionId),
      names,
      mark: (id) => diagram?.mark(id),
      showPending: (counts) => diagram?.pending(counts),
      left: async (applied) => {
        mode = undefined;
        diagram?.mark(undefined);
        diagram?.pending(new Map());
        if (applied) await settle({});
        await render();
      },
    });
    void render();
  };

  // Loads are numbered and an answer older than the one shown is dropped: a poll that started
  // before an action must not bring back the state before it.
  let started = 0;
  let shown = 0;
  const loadNext = async () => {
    const seq = ++started;
    return { seq, next: await load(key, snap.calledNames) };
  };
  const apply = async ({ seq, next }: { seq: number; next: Snapshot }) => {
    if (seq < shown) return;
    shown = seq;
    if (signature(next) !== signature(snap)) {
      snap = next;
      await render();
    }
  };

  const refresh = async () => {
    try {
      await apply(await loadNext());
    } catch {
      /* keep the last view; the next poll tries again */
    }
  };

  /** After a retry or cancel: read until the view shows it (a cluster's search lags by seconds), for at most 10 s. */
  const settle = async (changed: Changed) => {
    const reflected = ({ next }: { next: Snapshot }) =>
      'cancelled' in changed
        ? next.instance.state !== 'ACTIVE'
        : 'resolved' in changed
          ? !next.incidents.some((i) => changed.resolved.includes(i.incidentKey))
          : true;
    try {
      await apply(await pollUntil(loadNext, reflected));
    } catch {
      /* keep the last view; the regular poll goes on */
    }
  };

  async function render(): Promise<void> {
    const { instance, stats, incidents, variables, children, elements, calledNames } = snap;
    const scopeNames = new Map(elements.map((e) => [e.elementInstanceKey, names.label(e.elementId, e.type)]));
    const typeOf = (id: string) => elements.find((e) => e.elementId === id)?.type;
    const incidentElement = (i: Incident) =>
      i.processInstanceKey === instance.processInstanceKey
        ? names.label(i.elementId, typeOf(i.elementId))
        : (calledNames.get(i.elementInstanceKey) ?? i.elementId);
    const orderVar =
      variables.find((v) => v.name === 'orderId' && v.scopeKey === instance.processInstanceKey) ??
      variables.find((v) => v.name === 'orderId');
    const orderId = orderVar ? (JSON.parse(orderVar.value) as string) : undefined;
    const direct = children.filter((c) => c.parentProcessInstanceKey === instance.processInstanceKey);
    const failingChildren = direct.filter((c) => c.hasIncident && c.state === 'ACTIVE');
    const active = instance.state === 'ACTIVE';

    const actions =
      canOperate && active
        ? h(
            'div.ck-actions',
            {},
            button(t('ck.act.message'), () => openPublish(messageNames(xml), orderId ?? '', () => void refresh()), 'secondary', {
              'data-action': 'publish',
            }),
            mode
              ? null
              : button(t('ck.mod.enter'), enterModification, 'secondary', {
                  'data-action': 'modify',
                }),
            button(
              t('ck.mig.open'),
              () => openInstanceMigration(instance, elements, names, () => showInstance(host, key, canOperate)),
              'secondary',
              { 'data-action': 'migrate' },
            ),
            button(t('ck.act.cancel'), () => confirmCancel(instance.processInstanceKey, settle), 'danger', {
              'data-action': 'cancel',
            }),
          )
        : !canOperate
          ? chip(t('ck.readOnly'), 'neutral')
          : null;

    const tabs: [Tab, string, number | null][] = [
      ['incidents', t('ck.inst.incidents'), incidents.length],
      ['variables', t('ck.inst.variables'), variables.length],
      ...(children.length ? [['children', t('ck.inst.children'), children.length] as [Tab, string, number]] : []),
      ['history', t('ck.inst.history'), null],
    ];
    const panel =
      tab === 'incidents'
        ? incidentsPanel(incidents, canOperate, incidentElement, instance.processInstanceKey, children, settle)
        : tab === 'variables'
          ? variablesPanel(variables, instance.processInstanceKey, scopeNames)
          : tab === 'children'
            ? childrenPanel(children)
            : historyPanel(elements, names);

    if (mode && !active) mode = undefined;
    mode?.update(elements);
    const diagramHost = h('div.ck-diagram', { 'data-testid': 'diagram' });
    if (diagram) viewbox = diagram.viewbox();
    diagram?.destroy();
    diagram = undefined;
    const zoom = (label: string, action: string, icon: string, fn: (d: DiagramControls) => void) =>
      h(
        'button.btn.btn-ghost.ck-zoom',
        {
          type: 'button',
          title: label,
          'aria-label': label,
          'data-action': action,
          onclick: () => {
            if (diagram) fn(diagram);
          },
        },
        icon,
      );
    replace(
      host,
      h(
        'div.ck-page.ck-instance',
        {
          'data-instance-key': instance.processInstanceKey,
          'data-state': instance.hasIncident ? 'INCIDENT' : instance.state,
          class: mode ? 'is-modifying' : null,
        },
        h('a.ck-back', { href: '#/instances' }, '← ', t('ck.inst.back')),
        h(
          'header.card.ck-inst-head',
          {},
          h(
            'div.ck-inst-title',
            {},
            h(
              'div.ck-inst-line',
              {},
              h('h1', {}, instance.processDefinitionName),
              chip(`v${instance.processDefinitionVersion}`, 'accent'),
              stateChip(instance),
            ),
            h(
              'div.ck-inst-meta',
              {},
              h('span.mono', {}, instance.processInstanceKey),
              orderId
                ? h('span', {}, h('span.muted', {}, `${t('ck.inst.order')} `), h('strong.mono', { title: orderId }, orderNumber(orderId)))
                : null,
              h('span.muted', {}, t('ck.inst.started', { when: formatDateTime(instance.startDate) })),
              instance.endDate ? h('span.muted', {}, t('ck.inst.ended', { when: formatDateTime(instance.endDate) })) : null,
              instance.parentProcessInstanceKey
                ? h(
                    'a',
                    { href: `#/instances/${instance.parentProcessInstanceKey}` },
                    t('ck.inst.parent', { key: instance.parentProcessInstanceKey }),
                  )
                : null,
            ),
          ),
          actions,
        ),
        ...failingChildren.map((c) =>
          h(
            'div.alert.alert-danger.ck-banner',
            {},
            h('strong', {}, t('ck.inst.childIncident')),
            ` · ${c.processDefinitionName} ${c.processInstanceKey} `,
            h('a', { href: `#/instances/${c.processInstanceKey}`, 'data-child-incident': c.processInstanceKey }, `${t('ck.inst.open')} →`),
          ),
        ),
        h(
          'section.card.ck-diagram-card',
          {},
          h(
            'div.card-head',
            {},
            h('h2', {}, t('ck.inst.diagram')),
            h('span.spacer'),
            h(
              'div.ck-legend',
              {},
              h('span.ck-legend-active', {}, t('ck.legend.active')),
              h('span.ck-legend-completed', {}, t('ck.legend.completed')),
              h('span.ck-legend-incident', {}, t('ck.legend.incident')),
            ),
            h(
              'div.ck-zoom-group',
              { role: 'group', 'aria-label': t('ck.zoom.group') },
              zoom(t('ck.zoom.out'), 'zoom-out', '−', (d) => d.zoomOut()),
              zoom(t('ck.zoom.in'), 'zoom-in', '+', (d) => d.zoomIn()),
              zoom(t('ck.zoom.fit'), 'zoom-fit', '⤢', (d) => d.fit()),
            ),
          ),
          diagramHost,
        ),
        mode?.host,
        h(
          'section.card',
          {},
          h(
            'div.ck-tabs',
            { role: 'tablist' },
            ...tabs.map(([id, label, n]) =>
              h(
                'button.ck-tab',
                {
                  type: 'button',
                  role: 'tab',
                  'data-tab': id,
                  'aria-selected': String(tab === id),
                  onclick: () => {
                    tab = id;
                    void render();
                  },
                },
                label,
                n !== null ? h('span.ck-tab-count', { class: id === 'incidents' && n > 0 ? 'is-danger' : '' }, String(n)) : null,
              ),
            ),
          ),
          h('div.ck-tab-panel', {}, panel),
        ),
      ),
    );

    // Call activities whose called instance failed carry the incident in the parent's diagram too.
    const extraIncidents = elements
      .filter((e) => failingChildren.some((c) => c.parentElementInstanceKey === e.elementInstanceKey))
      .map((e) => e.elementId);
    diagram = await renderDiagram(diagramHost, xml, {
      stats,
      extraIncidents,
      viewbox,
      selected: mode?.isSelected,
      onElementClick: (id) => {
        if (mode) return mode.select(id);
        const child = direct.find((c) => elements.find((e) => e.elementInstanceKey === c.parentElementInstanceKey)?.elementId === id);
        if (child) location.hash = `#/instances/${child.processInstanceKey}`;
      },
    });
    if (mode) diagram.pending(mode.pendingCounts());
  }

  await render();
  const timer = setInterval(() => {
    if (!document.hidden) void refresh();
  }, POLL_MS);
  stopPolling = () => {
    clearInterval(timer);
    diagram?.destroy();
  };
}

export function leaveInstance(): void {
  stopPolling?.();
  stopPolling = undefined;
}

/** The start page: key figures and every deployed process with its versions and instance counts. */
import { t } from '../web/i18n';
import { countInstances, searchDefinitions, type ProcessDefinition } from './api';
import { chip, emptyState, h, replace, skeleton } from '../tasklist/ui/dom';
import { formatNumber } from '../tasklist/ui/format';
import { errorText } from '../tasklist/ui/toast';

interface VersionRow {
  def: ProcessDefinition;
  active: number;
  incidents: number;
}

function kpi(label: string, value: number, tone: string, testId: string): HTMLElement {
  return h(
    'div.card.ck-kpi',
    { class: `ck-kpi-${tone}`, 'data-testid': testId },
    h('div.ck-kpi-label', {}, label),
    h('div.ck-kpi-value', {}, formatNumber(value)),
  );
}

function countCell(n: number, tone: 'info' | 'danger'): HTMLElement {
  return h('td.num', {}, n > 0 ? chip(formatNumber(n), tone) : h('span.muted', {}, '0'));
}

function groupRows(rows: VersionRow[]): HTMLElement[] {
  const [latest] = rows;
  const sum = (f: (r: VersionRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  const open = (hash: string) => () => {
    location.hash = hash;
  };
  const head = h(
    'tr.clickable.ck-proc-row',
    {
      'data-process-id': latest.def.processDefinitionId,
      onclick: open(`#/instances?process=${encodeURIComponent(latest.def.processDefinitionId)}`),
    },
    h(
      'td',
      {},
      h('div.ck-proc-name', {}, latest.def.name || latest.def.processDefinitionId),
      h('div.mono.muted', {}, latest.def.processDefinitionId),
    ),
    h(
      'td',
      {},
      chip(`v${latest.def.version}`, 'accent'),
      ' ',
      rows.length > 1 ? h('span.muted', {}, t('ck.proc.versions', { n: rows.length })) : null,
    ),
    h('td.muted', {}, latest.def.resourceName),
    countCell(
      sum((r) => r.active),
      'info',
    ),
    countCell(
      sum((r) => r.incidents),
      'danger',
    ),
  );
  const versions =
    rows.length > 1
      ? rows.map((r) =>
          h(
            'tr.clickable.ck-version-row',
            { onclick: open(`#/instances?definition=${r.def.processDefinitionKey}`) },
            h('td', {}, h('span.ck-indent', {}, '↳ '), h('span.mono.muted', {}, r.def.processDefinitionKey)),
            h('td', {}, chip(`v${r.def.version}`, 'neutral'), r === latest ? h('span.muted', {}, ` ${t('ck.proc.latest')}`) : null),
            h('td.muted', {}, r.def.versionTag ?? ''),
            countCell(r.active, 'info'),
            countCell(r.incidents, 'danger'),
          ),
        )
      : [];
  return [head, ...versions];
}

export async function showProcesses(host: HTMLElement): Promise<void> {
  const kpis = h('div.ck-kpis', {}, ...Array.from({ length: 4 }, () => h('div.card.ck-kpi.is-loading')));
  const body = h('div', {}, skeleton(4));
  replace(
    host,
    h(
      'div.ck-page',
      {},
      h('div.ck-page-head', {}, h('div', {}, h('h1', {}, t('ck.proc.title')), h('p.muted', {}, t('ck.proc.subtitle')))),
      kpis,
      h('section.card', {}, body),
    ),
  );
  try {
    const defs = (await searchDefinitions()).items;
    const rows: VersionRow[] = await Promise.all(
      defs.map(async (def) => ({
        def,
        active: await countInstances({ processDefinitionKey: def.processDefinitionKey, state: 'ACTIVE' }),
        incidents: await countInstances({ processDefinitionKey: def.processDefinitionKey, state: 'ACTIVE', hasIncident: true }),
      })),
    );
    const [active, incidents, completed] = await Promise.all([
      countInstances({ state: 'ACTIVE' }),
      countInstances({ state: 'ACTIVE', hasIncident: true }),
      countInstances({ state: 'COMPLETED' }),
    ]);
    const groups = new Map<string, VersionRow[]>();
    for (const r of rows) groups.set(r.def.processDefinitionId, [...(groups.get(r.def.processDefinitionId) ?? []), r]);
    for (const g of groups.values()) g.sort((a, b) => b.def.version - a.def.version);
    replace(
      kpis,
      kpi(t('ck.kpi.processes'), groups.size, 'neutral', 'kpi-processes'),
      kpi(t('ck.kpi.active'), active, 'info', 'kpi-active'),
      kpi(t('ck.kpi.incidents'), incidents, incidents > 0 ? 'danger' : 'neutral', 'kpi-incidents'),
      kpi(t('ck.kpi.completed'), completed, 'success', 'kpi-completed'),
    );
    if (groups.size === 0) return replace(body, emptyState('◇', t('ck.proc.empty')));
    replace(
      body,
      h(
        'table.table.ck-proc-table',
        {},
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, t('ck.proc.name')),
            h('th', {}, t('ck.proc.version')),
            h('th', {}, t('ck.proc.resource')),
            h('th.num', {}, t('ck.proc.active')),
            h('th.num', {}, t('ck.proc.incidents')),
          ),
        ),
        h('tbody', {}, ...[...groups.values()].flatMap(groupRows)),
      ),
    );
  } catch (err) {
    replace(body, h('div.card-body', {}, h('div.alert.alert-danger', {}, t('ck.err.load'), ': ', errorText(err))));
  }
}

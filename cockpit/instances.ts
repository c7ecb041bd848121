/**
 * Instance search: by order (business key), customer or instance key, by state, process, version and
 * start date. Running instances (or all matching the filter) can be selected: incidents retried at
 * once, or a batch operation started (batch.ts).
 */
import { t } from '../web/i18n';
import { api } from '../web/api';
import { retryAll } from './actions';
import { batchActions } from './batch';
import { activeIncidents, descendants, findOrders, searchInstances, type Page, type ProcessInstance, type Variable } from './api';
import { busy, button, chip, emptyState, h, replace, skeleton, type Tone } from '../tasklist/ui/dom';
import { formatDateTime } from '../tasklist/ui/format';
import { pollUntil } from '../tasklist/ui/poll';
import { errorText, toast } from '../tasklist/ui/toast';

export type StateFilter = '' | 'ACTIVE' | 'INCIDENT' | 'COMPLETED' | 'TERMINATED';
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function stateChip(i: Pick<ProcessInstance, 'state' | 'hasIncident'>): HTMLElement {
  if (i.state === 'ACTIVE' && i.hasIncident) return chip(t('ck.state.INCIDENT'), 'danger', { 'data-state': 'INCIDENT' });
  const tone: Record<string, Tone> = { ACTIVE: 'info', COMPLETED: 'success', TERMINATED: 'neutral' };
  return chip(t(`ck.state.${i.state}`), tone[i.state] ?? 'neutral', { 'data-state': i.state });
}

/** Order numbers as the product prints them: "A-" and the id's first eight hex digits. */
export const orderNumber = (orderId: string) => `A-${orderId.slice(0, 8).toUpperCase()}`;

/** The /v2 filter of the search form; undefined when a customer search found no orders. */
async function toFilter(params: URLSearchParams): Promise<Record<string, unknown> | undefined> {
  const filter: Record<string, unknown> = {};
  const state = params.get('state') as StateFilter | null;
  if (state === 'INCIDENT') Object.assign(filter, { state: 'ACTIVE', hasIncident: true });
  else if (state) filter.state = state;
  if (params.get('process')) filter.processDefinitionId = params.get('process');
  if (params.get('definition')) filter.processDefinitionKey = params.get('definition');
  const version = Number(params.get('version'));
  if (Number.isInteger(version) && version > 0) filter.processDefinitionVersion = version;
  // Start dates are days in the operator's time zone: from its midnight to the midnight after `to`.
  const day = (d: string | null, plusDays = 0) => {
    if (!d || !/^\d{4}-\d{2}-\d{2}$/.test(d)) return undefined;
    const at = new Date(`${d}T00:00:00`);
    at.setDate(at.getDate() + plusDays);
    return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
  };
  const from = day(params.get('from'));
  const to = day(params.get('to'), 1);
  if (from || to) filter.startDate = { ...(from ? { $gte: from } : {}), ...(to ? { $lt: to } : {}) };
  const q = (params.get('q') ?? '').trim();
  if (!q) return filter;
  if (/^\d{6,}$/.test(q)) return { ...filter, processInstanceKey: q };
  if (uuid.test(q)) return { ...filter, variables: [{ name: 'orderId', value: JSON.stringify(q.toLowerCase()) }] };
  const orders = await findOrders(q);
  if (!orders?.length) return undefined;
  return { ...filter, $or: orders.slice(0, 50).map((o) => ({ variables: [{ name: 'orderId', value: JSON.stringify(o.orderId) }] })) };
}

/** orderId per instance, in one variables search. */
async function orderIds(keys: string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const res = (await api.post('/v2/variables/search', {
    filter: { name: 'orderId', processInstanceKey: { $in: keys } },
    page: { limit: 1000 },
  })) as Page<Variable>;
  const map = new Map<string, string>();
  for (const v of res.items) {
    try {
      const id: unknown = JSON.parse(v.value);
      if (typeof id === 'string') map.set(v.processInstanceKey, id);
    } catch {
      /* not an order instance */
    }
  }
  return map;
}

function searchForm(params: URLSearchParams, definitions: { id: string; name: string }[]): HTMLElement {
  const q = h('input.input', {
    name: 'q',
    type: 'search',
    value: params.get('q') ?? '',
    placeholder: t('ck.search.placeholder'),
    'aria-label': t('ck.search.query'),
  });
  const state = h(
    'select.select',
    { name: 'state', 'aria-label': t('ck.search.state') },
    ...(['', 'ACTIVE', 'INCIDENT', 'COMPLETED', 'TERMINATED'] as const).map((s) =>
      h('option', { value: s, selected: (params.get('state') ?? '') === s }, s ? t(`ck.state.${s}`) : t('ck.search.any')),
    ),
  );
  const process = h(
    'select.select',
    { name: 'process', 'aria-label': t('ck.search.process') },
    h('option', { value: '' }, t('ck.search.any')),
    ...definitions.map((d) => h('option', { value: d.id, selected: params.get('process') === d.id }, d.name)),
  );
  const version = h('input.input', {
    name: 'version',
    type: 'number',
    min: '1',
    step: '1',
    value: params.get('version') ?? '',
    placeholder: t('ck.search.any'),
    'aria-label': t('ck.search.version'),
  });
  const from = h('input.input', { name: 'from', type: 'date', value: params.get('from') ?? '', 'aria-label': t('ck.search.from') });
  const to = h('input.input', { name: 'to', type: 'date', value: params.get('to') ?? '', 'aria-label': t('ck.search.to') });
  const form = h(
    'form.card.ck-search',
    {
      onsubmit: (e: Event) => {
        e.preventDefault();
        const next = new URLSearchParams();
        if (q.value.trim()) next.set('q', q.value.trim());
        if (state.value) next.set('state', state.value);
        if (process.value) next.set('process', process.value);
        if (version.value) next.set('version', version.value);
        if (from.value) next.set('from', from.value);
        if (to.value) next.set('to', to.value);
        // Keep a definition picked in the process table unless the process changes.
        if (params.get('definition') && process.value === (params.get('process') ?? '')) next.set('definition', params.get('definition')!);
        location.hash = `#/instances?${next}`;
      },
    },
    h('div.field.ck-search-q', {}, h('label', {}, t('ck.search.query')), q),
    h('div.field', {}, h('label', {}, t('ck.search.state')), state),
    h('div.field', {}, h('label', {}, t('ck.search.process')), process),
    h('div.field', {}, h('label', {}, t('ck.search.version')), version),
    h('div.field', {}, h('label', {}, t('ck.search.from')), from),
    h('div.field', {}, h('label', {}, t('ck.search.to')), to),
    h('button.btn.btn-primary', { type: 'submit' }, t('ck.search.go')),
  );
  return form;
}

const retryable = (i: ProcessInstance) => i.state === 'ACTIVE' && i.hasIncident;
/** Only running instances can be cancelled, migrated or have incidents (Camunda's batches skip the others). */
const selectable = (i: ProcessInstance) => i.state === 'ACTIVE';

/**
 * Retries every active incident of the selected instances and of the instances they called, and
 * waits (bounded) until the incident search no longer lists them: a cluster's search shows the
 * resolutions seconds later, and the list is read again right after.
 */
async function retrySelected(keys: string[]): Promise<void> {
  const tree = [...keys, ...(await descendants(keys)).map((c) => c.processInstanceKey)];
  const retried = new Set(await retryAll(await activeIncidents(tree)));
  if (retried.size === 0) return;
  await pollUntil(
    () => activeIncidents(tree),
    (now) => !now.some((i) => retried.has(i.incidentKey)),
  ).catch(() => undefined);
}

function resultTable(
  items: ProcessInstance[],
  orders: Map<string, string>,
  canOperate: boolean,
  done: () => void,
  search: { filter: Record<string, unknown>; total: number },
): HTMLElement {
  const selected = new Set<string>();
  const candidates = items.filter(selectable);
  const count = h('span.muted', { 'data-testid': 'selected-count' }, t('ck.bulk.selected', { n: 0 }));
  const retryBtn: HTMLButtonElement = button(
    t('ck.bulk.retry'),
    () =>
      void busy(retryBtn, async () => {
        try {
          await retrySelected(items.filter((i) => selected.has(i.processInstanceKey) && retryable(i)).map((i) => i.processInstanceKey));
        } catch (err) {
          toast(t('ck.act.failed'), 'danger', errorText(err));
        }
        done();
      }),
    'primary',
    { 'data-action': 'bulk-retry', disabled: true },
  );
  const boxes: HTMLInputElement[] = [];
  const all = h('input', {
    type: 'checkbox',
    'data-select': 'all',
    'aria-label': t('ck.bulk.selectAll'),
    disabled: candidates.length === 0,
  });
  // "All that match the filter", beyond the page shown: batches take the search filter itself.
  const matching = h('input', { type: 'checkbox', 'data-select': 'matching', name: 'matching' });
  const batch = batchActions(() => ({
    selected: items.filter((i) => selected.has(i.processInstanceKey)),
    matching: matching.checked,
    total: search.total,
    filter: search.filter,
    shown: items,
  }));
  const sync = () => {
    replace(count, matching.checked ? t('ck.bulk.matching', { n: search.total }) : t('ck.bulk.selected', { n: selected.size }));
    retryBtn.disabled = matching.checked || !items.some((i) => selected.has(i.processInstanceKey) && retryable(i));
    all.checked = candidates.length > 0 && selected.size === candidates.length;
    all.indeterminate = selected.size > 0 && selected.size < candidates.length;
    batch.sync();
  };
  matching.addEventListener('change', sync);
  all.addEventListener('change', () => {
    for (const box of boxes) {
      box.checked = all.checked;
      if (all.checked) selected.add(box.value);
      else selected.delete(box.value);
    }
    sync();
  });
  const selectCell = (i: ProcessInstance) => {
    if (!canOperate) return null;
    if (!selectable(i)) return h('td.ck-select');
    const box = h('input', {
      type: 'checkbox',
      value: i.processInstanceKey,
      'data-select': i.processInstanceKey,
      'aria-label': t('ck.bulk.select', { key: i.processInstanceKey }),
    });
    box.addEventListener('change', () => {
      if (box.checked) selected.add(i.processInstanceKey);
      else selected.delete(i.processInstanceKey);
      sync();
    });
    boxes.push(box);
    // A click on the box selects; it does not open the instance like the rest of the row.
    return h('td.ck-select', { onclick: (e: Event) => e.stopPropagation() }, box);
  };
  const table = h(
    'table.table.ck-instances',
    {},
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        canOperate ? h('th.ck-select', {}, all) : null,
        ...['ck.col.key', 'ck.col.process', 'ck.col.order', 'ck.col.started', 'ck.col.ended', 'ck.col.state'].map((k) => h('th', {}, t(k))),
      ),
    ),
    h(
      'tbody',
      {},
      ...items.map((i) =>
        h(
          'tr.clickable',
          {
            'data-instance-key': i.processInstanceKey,
            onclick: () => {
              location.hash = `#/instances/${i.processInstanceKey}`;
            },
          },
          selectCell(i),
          h('td.mono', {}, i.processInstanceKey),
          h(
            'td',
            {},
            i.processDefinitionName,
            ' ',
            h('span.muted', {}, `v${i.processDefinitionVersion}`),
            i.parentProcessInstanceKey ? h('span.ck-sub', {}, ' ↳') : null,
          ),
          h(
            'td',
            {},
            orders.has(i.processInstanceKey)
              ? h('span.mono', { title: orders.get(i.processInstanceKey) }, orderNumber(orders.get(i.processInstanceKey)!))
              : h('span.muted', {}, '–'),
          ),
          h('td', {}, formatDateTime(i.startDate)),
          h('td', {}, formatDateTime(i.endDate)),
          h('td', {}, stateChip(i)),
        ),
      ),
    ),
  );
  if (!canOperate || candidates.length === 0) return table;
  return h(
    'div',
    {},
    h(
      'div.ck-bulk',
      {},
      count,
      h('label.ck-matching', {}, matching, ' ', t('ck.bulk.allMatching', { n: search.total })),
      h('span.spacer'),
      retryBtn,
      ...batch.buttons,
    ),
    table,
  );
}

export async function showInstances(
  host: HTMLElement,
  params: URLSearchParams,
  definitions: { id: string; name: string }[],
  canOperate = false,
): Promise<void> {
  const count = h('span.muted');
  const results = h('section.card', {}, skeleton(5));
  replace(
    host,
    h(
      'div.ck-page',
      {},
      h('div.ck-page-head', {}, h('div', {}, h('h1', {}, t('ck.search.title')), h('p.muted', {}, t('ck.search.hint'))), count),
      searchForm(params, definitions),
      results,
    ),
  );
  try {
    const filter = await toFilter(params);
    const page = filter ? await searchInstances(filter) : { items: [], page: { totalItems: 0 } };
    replace(count, t('ck.search.count', { n: page.page.totalItems }));
    if (page.items.length === 0) return replace(results, emptyState('⌕', t('ck.search.empty'), t('ck.search.emptyText')));
    const orders = await orderIds(page.items.map((i) => i.processInstanceKey));
    replace(
      results,
      resultTable(page.items, orders, canOperate, () => void showInstances(host, params, definitions, canOperate), {
        filter: filter ?? {},
        total: page.page.totalItems,
      }),
    );
  } catch (err) {
    replace(results, h('div.card-body', {}, h('div.alert.alert-danger', {}, t('ck.err.load'), ': ', errorText(err))));
  }
}

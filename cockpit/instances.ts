/** Instance search: by order (business key), customer or instance key, and by state. */
import { t } from '../web/i18n';
import { api } from '../web/api';
import { findOrders, searchInstances, type Page, type ProcessInstance, type Variable } from './api';
import { chip, emptyState, h, replace, skeleton, type Tone } from '../tasklist/ui/dom';
import { formatDateTime } from '../tasklist/ui/format';
import { errorText } from '../tasklist/ui/toast';

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
  const res = (await api.post('/v2/variables/search', { filter: { name: 'orderId', processInstanceKey: { $in: keys } }, page: { limit: 1000 } })) as Page<Variable>;
  const map = new Map<string, string>();
  for (const v of res.items) {
    try {
      const id: unknown = JSON.parse(v.value);
      if (typeof id === 'string') map.set(v.processInstanceKey, id);
    } catch { /* not an order instance */ }
  }
  return map;
}

function searchForm(params: URLSearchParams, definitions: { id: string; name: string }[]): HTMLElement {
  const q = h('input.input', { name: 'q', type: 'search', value: params.get('q') ?? '', placeholder: t('ck.search.placeholder'), 'aria-label': t('ck.search.query') });
  const state = h('select.select', { name: 'state', 'aria-label': t('ck.search.state') },
    ...(['', 'ACTIVE', 'INCIDENT', 'COMPLETED', 'TERMINATED'] as const).map((s) =>
      h('option', { value: s, selected: (params.get('state') ?? '') === s }, s ? t(`ck.state.${s}`) : t('ck.search.any'))));
  const process = h('select.select', { name: 'process', 'aria-label': t('ck.search.process') },
    h('option', { value: '' }, t('ck.search.any')),
    ...definitions.map((d) => h('option', { value: d.id, selected: params.get('process') === d.id }, d.name)));
  const form = h('form.card.ck-search', {
    onsubmit: (e: Event) => {
      e.preventDefault();
      const next = new URLSearchParams();
      if (q.value.trim()) next.set('q', q.value.trim());
      if (state.value) next.set('state', state.value);
      if (process.value) next.set('process', process.value);
      location.hash = `#/instances?${next}`;
    },
  },
  h('div.field.ck-search-q', {}, h('label', {}, t('ck.search.query')), q),
  h('div.field', {}, h('label', {}, t('ck.search.state')), state),
  h('div.field', {}, h('label', {}, t('ck.search.process')), process),
  h('button.btn.btn-primary', { type: 'submit' }, t('ck.search.go')));
  return form;
}

function resultTable(items: ProcessInstance[], orders: Map<string, string>): HTMLElement {
  return h('table.table.ck-instances', {},
    h('thead', {}, h('tr', {}, ...['ck.col.key', 'ck.col.process', 'ck.col.order', 'ck.col.started', 'ck.col.ended', 'ck.col.state'].map((k) => h('th', {}, t(k))))),
    h('tbody', {}, ...items.map((i) => h('tr.clickable', { 'data-instance-key': i.processInstanceKey, onclick: () => { location.hash = `#/instances/${i.processInstanceKey}`; } },
      h('td.mono', {}, i.processInstanceKey),
      h('td', {}, i.processDefinitionName, ' ', h('span.muted', {}, `v${i.processDefinitionVersion}`), i.parentProcessInstanceKey ? h('span.ck-sub', {}, ' ↳') : null),
      h('td', {}, orders.has(i.processInstanceKey) ? h('span.mono', { title: orders.get(i.processInstanceKey) }, orderNumber(orders.get(i.processInstanceKey)!)) : h('span.muted', {}, '–')),
      h('td', {}, formatDateTime(i.startDate)),
      h('td', {}, formatDateTime(i.endDate)),
      h('td', {}, stateChip(i))))));
}

export async function showInstances(host: HTMLElement, params: URLSearchParams, definitions: { id: string; name: string }[]): Promise<void> {
  const count = h('span.muted');
  const results = h('section.card', {}, skeleton(5));
  replace(host, h('div.ck-page', {},
    h('div.ck-page-head', {}, h('div', {}, h('h1', {}, t('ck.search.title')), h('p.muted', {}, t('ck.search.hint'))), count),
    searchForm(params, definitions), results));
  try {
    const filter = await toFilter(params);
    const page = filter ? await searchInstances(filter) : { items: [], page: { totalItems: 0 } };
    replace(count, t('ck.search.count', { n: page.page.totalItems }));
    if (page.items.length === 0) return replace(results, emptyState('⌕', t('ck.search.empty'), t('ck.search.emptyText')));
    replace(results, resultTable(page.items, await orderIds(page.items.map((i) => i.processInstanceKey))));
  } catch (err) {
    replace(results, h('div.card-body', {}, h('div.alert.alert-danger', {}, t('ck.err.load'), ': ', errorText(err))));
  }
}

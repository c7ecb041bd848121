/**
 * Tasklist: open user tasks of the embedded engine (or a Camunda 8.8) over `/v2`, claimed and
 * completed with their linked form. The list polls every few seconds so new tasks appear without reload.
 */
import { appState } from '../web/env';
import { mountShell } from '../web/shell';
import { registerMessages, t } from '../web/i18n';
import { latestProcesses, orderCards, orderIdsOf, orderNumberOf, searchTasks, type OrderCard, type UserTask } from './api';
import { showNothing, showTask } from './detail';
import { defaultFilter, renderFilterBar, toSearchFilter, type TaskFilter } from './filters';
import { renderTaskList } from './list';
import { messages } from './messages';
import { chip, h, replace, skeleton } from './ui/dom';
import { RecentlyDone } from './ui/poll';
import { errorText } from './ui/toast';
import './ui/theme.css';
import './tasklist.css';

const POLL_MS = 3000;

registerMessages(messages);
const username = appState().user?.username ?? '';
const content = mountShell('tasklist', t('tl.title'));
content.classList.add('app-root');

const filterHost = h('div.tl-filter-host');
const countHost = h('div.tl-count');
const listHost = h('div.tl-list', {}, skeleton(5));
const pane = h('section.tl-pane', { 'aria-live': 'polite' });
replace(
  content,
  h(
    'div.tl-layout',
    {},
    h(
      'aside.tl-sidebar',
      {},
      filterHost,
      h('div.tl-list-head', {}, countHost, chip(t('tl.list.live'), 'success', { title: `${POLL_MS / 1000}s` })),
      listHost,
    ),
    pane,
  ),
);

let filter: TaskFilter = { ...defaultFilter };
let tasks: UserTask[] = [];
let seen: Set<string> | undefined;
const fresh = new Set<string>();
/** Completed here; a cluster's search returns a task for seconds after its completion. */
const completed = new RecentlyDone();
let groups: string[] = [];
let processes: { id: string; name: string }[] = [];
/** Order behind each process instance, and the card data of each order: looked up once, kept. */
const orderIdByInstance = new Map<string, string | null>();
const cardByOrder = new Map<string, OrderCard>();

const orderOf = (task: UserTask): Partial<OrderCard> | undefined => {
  const orderId = orderIdByInstance.get(task.processInstanceKey);
  return orderId ? (cardByOrder.get(orderId) ?? { orderId, orderNumber: orderNumberOf(orderId) }) : undefined;
};

async function loadOrders(list: UserTask[]): Promise<void> {
  const unknown = [...new Set(list.map((x) => x.processInstanceKey).filter((k) => !orderIdByInstance.has(k)))];
  if (unknown.length) {
    const found = await orderIdsOf(unknown);
    for (const k of unknown) orderIdByInstance.set(k, found.get(k) ?? null);
  }
  const missing = [
    ...new Set(list.map((x) => orderIdByInstance.get(x.processInstanceKey)).filter((id): id is string => !!id && !cardByOrder.has(id))),
  ];
  for (const card of await orderCards(missing.slice(0, 200))) cardByOrder.set(card.orderId, card);
}

const selectedKey = () => /^#\/tasks\/(\d+)/.exec(location.hash)?.[1];

function renderFilters(): void {
  replace(
    filterHost,
    renderFilterBar(filter, { groups, processes }, (f) => {
      filter = f;
      renderFilters();
      replace(listHost, skeleton(3));
      void refresh();
    }),
  );
}

function renderList(): void {
  replace(countHost, tasks.length === 1 ? t('tl.list.countOne') : t('tl.list.count', { n: tasks.length }));
  replace(
    listHost,
    renderTaskList(
      tasks,
      selectedKey(),
      fresh,
      username,
      (key) => {
        location.hash = `#/tasks/${key}`;
      },
      orderOf,
    ),
  );
}

async function refresh(): Promise<void> {
  try {
    const res = await searchTasks(toSearchFilter(filter, username));
    // Customer and order number on the cards; without them (bare Camunda) the cards still show.
    await loadOrders(res.items).catch(() => undefined);
    tasks = completed.filter(res.items, (x) => x.userTaskKey);
    // Tasks that arrived since the first load are marked "new" until opened.
    if (seen) for (const task of tasks) if (!seen.has(task.userTaskKey)) fresh.add(task.userTaskKey);
    seen = new Set([...(seen ?? []), ...tasks.map((x) => x.userTaskKey)]);
    const known = new Set([...groups, ...tasks.flatMap((x) => x.candidateGroups)]);
    if (known.size !== groups.length) {
      groups = [...known].sort();
      renderFilters();
    }
    renderList();
  } catch (err) {
    replace(listHost, h('div.alert.alert-danger', {}, t('tl.list.error'), ': ', errorText(err)));
  }
}

const deps = {
  username,
  isDone: (key: string) => completed.has(key),
  onChanged(completedKey?: string): void {
    if (completedKey) completed.add(completedKey);
    void refresh();
    // After completion the pane empties; after claim/unclaim it shows the task's new state.
    if (completedKey) location.hash = '#/';
    else {
      const key = selectedKey();
      if (key) void showTask(pane, key, deps);
    }
  },
};

function route(): void {
  const key = selectedKey();
  if (key) {
    fresh.delete(key);
    void showTask(pane, key, deps);
  } else showNothing(pane);
  renderList();
}

window.addEventListener('hashchange', route);
renderFilters();
void latestProcesses()
  .then((defs) => {
    processes = defs.map((d) => ({ id: d.processDefinitionId, name: d.name || d.processDefinitionId }));
    renderFilters();
  })
  .catch(() => undefined);
void refresh().then(route);
setInterval(() => {
  if (!document.hidden) void refresh();
}, POLL_MS);

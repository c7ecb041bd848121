/**
 * Cockpit: deployed processes, instance search and the instance view with repair actions
 * (modification, migration, batch operations), over Camunda 8.8's `/v2` REST. Admins operate;
 * analysts get the same views read-only.
 */
import { appState } from '../web/env';
import { mountShell } from '../web/shell';
import { registerMessages, t } from '../web/i18n';
import { searchDefinitions } from './api';
import { leaveInstance, showInstance } from './instance';
import { showInstances } from './instances';
import { messages } from './messages';
import { operationMessages } from './operations-messages';
import { leaveBatches, showBatch, showBatches } from './batch-operations';
import { showProcesses } from './processes';
import { showStrategy } from './strategy';
import { leaveForecast, showForecast } from './forecast';
import { h, replace } from '../tasklist/ui/dom';
import '../tasklist/ui/theme.css';
import './cockpit.css';

registerMessages(messages);
registerMessages(operationMessages);
const roles = appState().user?.roles ?? [];
const canOperate = roles.includes('admin');

const content = mountShell('cockpit', t('ck.title'));
content.classList.add('app-root');
const nav = h('nav.ck-nav', { 'aria-label': t('ck.title') });
const view = h('div.ck-view');
replace(content, h('div.ck-layout', {}, nav, view));

let definitions: { id: string; name: string }[] = [];
const loadDefinitions = searchDefinitions()
  .then((res) => {
    const seen = new Map<string, string>();
    for (const d of res.items) if (!seen.has(d.processDefinitionId)) seen.set(d.processDefinitionId, d.name || d.processDefinitionId);
    definitions = [...seen].map(([id, name]) => ({ id, name }));
  })
  .catch(() => undefined);

function renderNav(active: 'processes' | 'instances' | 'batches' | 'strategy' | 'forecast'): void {
  const link = (id: typeof active, href: string, label: string, icon: string) =>
    h(
      'a.ck-nav-link',
      { href, 'aria-current': active === id ? 'page' : null, 'data-nav': id },
      h('span.ck-nav-icon', { 'aria-hidden': 'true' }, icon),
      label,
    );
  replace(
    nav,
    link('processes', '#/', t('ck.nav.processes'), '◇'),
    link('instances', '#/instances', t('ck.nav.instances'), '☰'),
    // Batch operations are read and run by admins only (the server's rules).
    canOperate ? link('batches', '#/batch-operations', t('ck.nav.batches'), '≡') : null,
    link('strategy', '#/strategy', t('ck.nav.strategy'), '§'),
    link('forecast', '#/forecast', t('ck.nav.forecast'), '↗'),
    h('span.spacer'),
    canOperate ? null : h('span.ck-nav-note', {}, t('ck.readOnly')),
  );
}

async function route(): Promise<void> {
  const [path, query = ''] = location.hash.replace(/^#/, '').split('?');
  const instance = /^\/instances\/(\d+)$/.exec(path);
  if (!instance) leaveInstance();
  if (path !== '/forecast') leaveForecast();
  leaveBatches();
  const batch = /^\/batch-operations\/([\w-]+)$/.exec(path);
  if (instance) {
    renderNav('instances');
    await showInstance(view, instance[1], canOperate);
  } else if (batch) {
    renderNav('batches');
    showBatch(view, batch[1], canOperate);
  } else if (path === '/batch-operations') {
    renderNav('batches');
    showBatches(view);
  } else if (path === '/strategy') {
    renderNav('strategy');
    await showStrategy(view);
  } else if (path === '/forecast') {
    renderNav('forecast');
    await showForecast(view);
  } else if (path.startsWith('/instances')) {
    renderNav('instances');
    await loadDefinitions;
    await showInstances(view, new URLSearchParams(query), definitions, canOperate);
  } else {
    renderNav('processes');
    await showProcesses(view);
  }
}

window.addEventListener('hashchange', () => void route());
void route();

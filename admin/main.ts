/**
 * Administration (role admin): users with their roles, and the API keys of connected systems,
 * over /api/users and /api/api-keys. Two tabs, addressed by the hash (#/users, #/keys).
 */
import { mountShell } from '../web/shell';
import { registerMessages, t } from '../web/i18n';
import { h, replace } from '../tasklist/ui/dom';
import { showKeys } from './keys';
import { messages } from './messages';
import { showUsers } from './users';
import '../tasklist/ui/theme.css';
import './admin.css';

registerMessages(messages);
const content = mountShell('admin', t('adm.title'));
content.classList.add('app-root');

const TABS = [
  { id: 'users', show: showUsers },
  { id: 'keys', show: showKeys },
] as const;
const tabs = h('nav.adm-tabs', { 'aria-label': t('adm.title') });
const view = h('div.adm-view');
replace(content, h('div.adm-page', {}, h('header.adm-head', {}, h('h1', {}, t('adm.title')), h('p.muted', {}, t('adm.lead'))), tabs, view));

function route(): void {
  const current = TABS.find((tab) => location.hash === `#/${tab.id}`) ?? TABS[0];
  replace(
    tabs,
    ...TABS.map((tab) =>
      h(
        'a.adm-tab',
        { href: `#/${tab.id}`, 'data-tab': tab.id, ...(tab === current ? { 'aria-current': 'page' } : {}) },
        t(`adm.tab.${tab.id}`),
      ),
    ),
  );
  void current.show(view);
}

window.addEventListener('hashchange', route);
route();

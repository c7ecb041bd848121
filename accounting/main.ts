/**
 * Abrechnung / Accounting: tariffs and price changes, account balances, SEPA payment files and bank
 * statements, dunning and credit bureau reports, over /api (server/api/accounting). Tabs addressed by
 * the hash (#/tariffs, #/balance, #/files, #/statements, #/dunning, #/bureaus); a role sees the tabs whose data the API gives it.
 */
import { mountShell } from '../web/shell';
import { appState } from '../web/env';
import { registerMessages, t } from '../web/i18n';
import { h, replace } from '../tasklist/ui/dom';
import { showBalance } from './balance';
import { showBureauReports } from './bureau-reports';
import { showDunning } from './dunning';
import { showFiles } from './files';
import { messages } from './messages';
import { showStatements } from './statements';
import { showTariffs } from './tariffs';
import '../tasklist/ui/theme.css';
import './accounting.css';

registerMessages(messages);
const content = mountShell('accounting', t('acc.title'));
content.classList.add('app-root');

const roles = appState().user?.roles ?? [];
const CASES = ['caseworker', 'admin'];
const TABS = [
  { id: 'tariffs', show: showTariffs, roles: ['analyst', 'caseworker', 'admin'] },
  { id: 'balance', show: showBalance, roles: CASES },
  { id: 'files', show: showFiles, roles: CASES },
  { id: 'statements', show: showStatements, roles: CASES },
  { id: 'dunning', show: showDunning, roles: CASES },
  { id: 'bureaus', show: showBureauReports, roles: ['analyst', 'caseworker', 'admin'] },
].filter((tab) => tab.roles.some((r) => roles.includes(r)));

const tabs = h('nav.acc-tabs', { 'aria-label': t('acc.title') });
const view = h('div.acc-view.acc-stack');
replace(content, h('div.acc-page', {}, h('header.acc-head', {}, h('h1', {}, t('acc.title')), h('p.muted', {}, t('acc.lead'))), tabs, view));

function route(): void {
  const current = TABS.find((tab) => location.hash.split('?')[0] === `#/${tab.id}`) ?? TABS[0];
  replace(
    tabs,
    ...TABS.map((tab) =>
      h(
        'a.acc-tab',
        { href: `#/${tab.id}`, 'data-tab': tab.id, ...(tab === current ? { 'aria-current': 'page' } : {}) },
        t(`acc.tab.${tab.id}`),
      ),
    ),
  );
  if (current) void current.show(view);
}

window.addEventListener('hashchange', route);
route();

import '../shell.css';
import './pages.css';
import { appState } from '../env';
import { t } from '../i18n';
import { icons } from '../icons';
import { escapeHtml, mountShellFor, type AppName } from '../shell';

const appTitle = (app: string) => t(`app.${app}`);

/** The 403 page of an app the user may not open. The title names both languages on purpose. */
export function renderForbidden(app: string): void {
  const content = mountShellFor(null, t('forbidden.title'));
  const user = appState().user;
  content.innerHTML = `
  <div class="notice">
    <div class="notice-card card">
      <div class="notice-icon danger">${icons.lock(28)}</div>
      <h1>Keine Berechtigung / Not allowed</h1>
      <p>${escapeHtml(t('forbidden.text', { username: user?.username ?? '', app: appTitle(app) }))}</p>
      <a class="btn primary" href="/">${escapeHtml(t('forbidden.back'))}</a>
      <div class="notice-code">HTTP 403 · ${escapeHtml(`/${app}`)}</div>
    </div>
  </div>`;
}

export function renderPlaceholder(app: string): void {
  const content = mountShellFor((['modeler', 'tasklist', 'cockpit'].includes(app) ? app : null) as AppName | null, appTitle(app));
  content.innerHTML = `
  <div class="notice">
    <div class="notice-card card">
      <div class="notice-icon">${icons.wrench(28)}</div>
      <h1>${escapeHtml(t('placeholder.title', { app: appTitle(app) }))}</h1>
      <p>${escapeHtml(t('placeholder.text'))}</p>
      <a class="btn" href="/">${escapeHtml(t('forbidden.back'))}</a>
    </div>
  </div>`;
}

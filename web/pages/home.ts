import '../shell.css';
import './pages.css';
import { api } from '../api';
import { appState } from '../env';
import { t } from '../i18n';
import { icons } from '../icons';
import { APPS, canOpen, escapeHtml, mountShellFor } from '../shell';

interface UserView {
  username: string;
  displayName: string;
  roles: string[];
  locale: string;
}

function greetingName(): string {
  const name = appState().user?.displayName ?? '';
  return name.split(/\s+/)[0] ?? name;
}

export async function renderHome(): Promise<void> {
  const content = mountShellFor(null, t('shell.home'));
  // The administration is no app a user asks for: only admins see its card.
  const cards = APPS.filter((app) => app !== 'admin' || canOpen(app))
    .map((app) => {
      const ok = canOpen(app);
      const inner = `
      <div class="app-card-icon ${app}">${icons[app](26)}</div>
      <h2>${t(`app.${app}`)}</h2>
      <p>${escapeHtml(t(`app.${app}.description`))}</p>
      <span class="app-card-cta">${ok ? `${escapeHtml(t('home.open'))} ${icons.arrow(16)}` : `${icons.lock(14)} ${escapeHtml(t('home.noAccess'))}`}</span>`;
      return ok
        ? `<a class="app-card card" href="/${app}" data-app="${app}">${inner}</a>`
        : `<div class="app-card card disabled" data-app="${app}" aria-disabled="true">${inner}</div>`;
    })
    .join('');
  content.innerHTML = `
  <div class="home-hero"><div class="page">
    <h1 class="page-title">${escapeHtml(t('home.greeting', { name: greetingName() }))}</h1>
    <p class="page-lead">${escapeHtml(t('home.lead'))}</p>
  </div></div>
  <div class="page home-body">
    <div class="app-grid">${cards}</div>
    <div id="users"></div>
    <footer class="home-foot"><span class="status-dot" id="status-dot"></span><span id="status-text">…</span><span class="sep"></span><span>${escapeHtml(t('product.name'))} ${escapeHtml(t('product.suffix'))}</span></footer>
  </div>`;
  void showStatus(content);
  if (appState().user?.roles.includes('admin')) await renderUsers(content.querySelector('#users')!);
}

/** /health is public: a small, honest sign that the engine is up. */
async function showStatus(root: HTMLElement): Promise<void> {
  const dot = root.querySelector<HTMLElement>('#status-dot')!;
  const text = root.querySelector<HTMLElement>('#status-text')!;
  const health = await fetch('/health')
    .then((r) => (r.ok ? (r.json() as Promise<{ status: string; engine: string }>) : undefined))
    .catch(() => undefined);
  const up = health?.status === 'UP';
  dot.classList.toggle('up', up);
  text.textContent = up ? t('home.status.up', { engine: t(`home.engine.${health!.engine}`) }) : t('home.status.down');
}

async function renderUsers(el: HTMLElement): Promise<void> {
  const { items } = await api.get<{ items: UserView[] }>('/api/users');
  const rows = items
    .map(
      (u) => `<tr><td><div class="user-cell"><span class="avatar">${escapeHtml(
        u.displayName
          .split(/\s+/)
          .map((p) => p[0] ?? '')
          .join('')
          .slice(0, 2)
          .toUpperCase(),
      )}</span>
    <span>${escapeHtml(u.displayName)}</span></div></td><td><code>${escapeHtml(u.username)}</code></td>
    <td>${u.roles.map((r) => `<span class="badge">${escapeHtml(t(`role.${r}`))}</span>`).join(' ')}</td><td>${u.locale.toUpperCase()}</td></tr>`,
    )
    .join('');
  el.innerHTML = `
  <section class="card users-card">
    <header class="section-head">${icons.users(20)}<div><h2>${escapeHtml(t('home.users'))}</h2><p class="muted">${escapeHtml(t('home.users.lead'))}</p></div>
      <a class="btn section-action" href="/admin#/users">${escapeHtml(t('home.users.manage'))}</a></header>
    <table class="table"><thead><tr><th>${escapeHtml(t('home.users.name'))}</th><th>${escapeHtml(t('home.users.username'))}</th><th>${escapeHtml(t('home.users.roles'))}</th><th>${escapeHtml(t('shell.language'))}</th></tr></thead>
    <tbody>${rows}</tbody></table>
  </section>`;
}

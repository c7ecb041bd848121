/**
 * The app shell: top bar with product name, app switcher (only the apps the user may open),
 * language switch and user menu. `mountShell` fills #app and returns the content container.
 */
import './shell.css';
import { appState } from './env';
import { locale, setLocale, t } from './i18n';
import { icons } from './icons';

export type AppName = 'modeler' | 'tasklist' | 'cockpit' | 'accounting' | 'care' | 'mobile' | 'admin';

/** Mirrors server/auth/roles.ts APP_ROLES and server/web/index.ts (the server decides; this only hides links). */
export const APP_ROLES: Record<AppName, string[]> = {
  modeler: ['analyst', 'admin'],
  tasklist: ['caseworker', 'admin'],
  cockpit: ['analyst', 'admin'],
  accounting: ['analyst', 'caseworker', 'admin'],
  care: ['caseworker', 'admin'],
  mobile: ['caseworker', 'admin'],
  admin: ['admin'],
};
export const APPS: AppName[] = ['modeler', 'tasklist', 'cockpit', 'accounting', 'care', 'mobile', 'admin'];

export function canOpen(app: AppName, roles: string[] = appState().user?.roles ?? []): boolean {
  return APP_ROLES[app].some((r) => roles.includes(r));
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, html = ''): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (html) el.innerHTML = html;
  return el;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function initials(name: string): string {
  return (
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((p) => p[0]!.toUpperCase())
      .join('') || '?'
  );
}

async function signOut(): Promise<void> {
  const csrf = appState().csrfToken;
  await fetch('/api/session', { method: 'DELETE', headers: csrf ? { 'x-csrf-token': csrf } : {} }).catch(() => undefined);
  location.assign('/login');
}

function languageSwitch(): HTMLElement {
  const wrap = h('div', { class: 'lang-switch', role: 'group', 'aria-label': t('shell.language') });
  for (const l of ['de', 'en'] as const) {
    const b = h(
      'button',
      { type: 'button', class: l === locale() ? 'active' : '', 'aria-pressed': String(l === locale()), 'data-locale': l },
      l.toUpperCase(),
    );
    b.addEventListener('click', () => {
      if (l !== locale()) void setLocale(l);
    });
    wrap.append(b);
  }
  return wrap;
}

function userMenu(): HTMLElement {
  const user = appState().user;
  const wrap = h('div', { class: 'user-menu' });
  if (!user) return wrap;
  const button = h(
    'button',
    { type: 'button', class: 'user-button', 'aria-haspopup': 'menu', 'aria-expanded': 'false' },
    `<span class="avatar">${escapeHtml(initials(user.displayName))}</span><span class="user-name">${escapeHtml(user.displayName)}</span>${icons.chevron(16)}`,
  );
  const roles = user.roles.map((r) => `<span class="badge">${escapeHtml(t(`role.${r}`))}</span>`).join('');
  const menu = h(
    'div',
    { class: 'menu', role: 'menu', hidden: '' },
    `<div class="menu-head"><span class="avatar avatar-lg">${escapeHtml(initials(user.displayName))}</span><div><div class="menu-name">${escapeHtml(user.displayName)}</div>
     <div class="menu-sub">${escapeHtml(t('shell.signedInAs', { username: user.username }))}</div></div></div><div class="menu-roles">${roles}</div>
     <button type="button" class="menu-item" role="menuitem" data-action="sign-out">${icons.signOut(18)}<span>${escapeHtml(t('shell.signOut'))}</span></button>`,
  );
  const toggle = (open: boolean) => {
    menu.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
  };
  button.addEventListener('click', (e) => {
    e.stopPropagation();
    toggle(menu.hidden);
  });
  document.addEventListener('click', (e) => {
    if (!wrap.contains(e.target as Node)) toggle(false);
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') toggle(false);
  });
  menu.querySelector('[data-action="sign-out"]')!.addEventListener('click', () => void signOut());
  wrap.append(button, menu);
  return wrap;
}

/** The shell around any page; `current` is the highlighted app, or null on shared pages. */
export function mountShellFor(current: AppName | null, title: string): HTMLElement {
  const root = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app' }));
  root.innerHTML = '';
  root.className = 'shell';
  document.title = current || title ? `${title} · ${t('product.name')}` : t('product.name');
  document.documentElement.lang = locale();

  const bar = h('header', { class: 'topbar' });
  bar.append(
    h(
      'a',
      { class: 'brand', href: '/' },
      `${icons.logo(28)}<span class="brand-name">${t('product.name')}</span><span class="brand-suffix">${t('product.suffix')}</span>`,
    ),
  );
  const nav = h('nav', { class: 'app-switcher', 'aria-label': 'Apps' });
  for (const app of APPS.filter((a) => canOpen(a))) {
    nav.append(
      h(
        'a',
        { href: `/${app}`, class: app === current ? 'active' : '', ...(app === current ? { 'aria-current': 'page' } : {}) },
        `${icons[app](18)}<span>${t(`app.${app}`)}</span>`,
      ),
    );
  }
  bar.append(nav, h('div', { class: 'topbar-spacer' }), languageSwitch(), userMenu());

  const content = h('main', { class: 'shell-content', id: 'content' });
  root.append(bar, content);
  return content;
}

export function mountShell(appName: AppName, title: string): HTMLElement {
  return mountShellFor(appName, title);
}

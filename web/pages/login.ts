import '../shell.css';
import './pages.css';
import { ApiError, api } from '../api';
import { locale, setLocale, t } from '../i18n';
import { icons } from '../icons';
import { escapeHtml } from '../shell';

function nextPath(): string {
  const next = new URLSearchParams(location.search).get('next') ?? '/';
  return /^\/(?![/\\])/.test(next) ? next : '/';
}

export function renderLogin(): void {
  document.title = `${t('login.title')} · ${t('product.name')}`;
  document.documentElement.lang = locale();
  const root = document.getElementById('app')!;
  root.className = 'login';
  const features = ['login.feature1', 'login.feature2', 'login.feature3']
    .map((k) => `<li><span class="check">${icons.check(16)}</span>${escapeHtml(t(k))}</li>`)
    .join('');
  root.innerHTML = `
  <aside class="login-brand">
    <div class="login-brand-top">${icons.logo(36)}<span class="brand-name">${t('product.name')}</span><span class="brand-suffix">${t('product.suffix')}</span></div>
    <div class="login-pitch">
      <h1>${escapeHtml(t('login.headline'))}</h1>
      <p>${escapeHtml(t('login.lead'))}</p>
      <ul>${features}</ul>
    </div>
    <div class="login-flow" aria-hidden="true">
      ${['order', 'credit', 'contract', 'cash'].map((k) => `<span>${escapeHtml(t(`login.flow.${k}`))}</span>`).join('<i></i>')}
    </div>
  </aside>
  <section class="login-main">
    <div class="login-lang lang-switch light" role="group" aria-label="${escapeHtml(t('shell.language'))}">
      <button type="button" data-locale="de" class="${locale() === 'de' ? 'active' : ''}">DE</button>
      <button type="button" data-locale="en" class="${locale() === 'en' ? 'active' : ''}">EN</button>
    </div>
    <form class="login-card" novalidate>
      <h2>${escapeHtml(t('login.title'))}</h2>
      <p class="muted">${escapeHtml(t('login.subtitle'))}</p>
      <div class="alert danger" id="login-error" role="alert" hidden></div>
      <label class="field"><span>${escapeHtml(t('login.username'))}</span>
        <input class="input lg" name="username" id="username" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus></label>
      <label class="field"><span>${escapeHtml(t('login.password'))}</span>
        <input class="input lg" name="password" id="password" type="password" autocomplete="current-password" required></label>
      <button class="btn primary lg" type="submit" id="login-submit">${escapeHtml(t('login.submit'))}</button>
      <p class="login-foot">${icons.lock(14)}<span>${escapeHtml(t('login.footer'))}</span></p>
    </form>
  </section>`;

  root
    .querySelectorAll<HTMLButtonElement>('.login-lang button')
    .forEach((b) => b.addEventListener('click', () => void setLocale(b.dataset.locale === 'en' ? 'en' : 'de')));

  const form = root.querySelector('form')!;
  const error = root.querySelector<HTMLElement>('#login-error')!;
  const submit = root.querySelector<HTMLButtonElement>('#login-submit')!;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const username = String(data.get('username') ?? '').trim();
    const password = String(data.get('password') ?? '');
    if (!username || !password) return;
    error.hidden = true;
    submit.disabled = true;
    submit.textContent = t('login.busy');
    try {
      await api.post('/api/session', { username, password });
      location.assign(nextPath());
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0;
      const wait = err instanceof ApiError ? /(\d+)\s*s/.exec(err.problem.detail ?? '')?.[1] : undefined;
      error.textContent =
        status === 401 ? t('login.failed') : status === 429 ? t('login.locked', { seconds: wait ?? '60' }) : t('login.error');
      error.hidden = false;
      submit.disabled = false;
      submit.textContent = t('login.submit');
      (root.querySelector('#password') as HTMLInputElement).select();
    }
  });
}

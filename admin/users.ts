/** Users: the list, create with roles, change roles, reset the password, deactivate and activate. */
import { appState } from '../web/env';
import { formatDateTime, t } from '../web/i18n';
import { button, busy, chip, h, replace, skeleton } from '../tasklist/ui/dom';
import { openDialog } from '../tasklist/ui/dialog';
import { errorText, toast } from '../tasklist/ui/toast';
import { MIN_PASSWORD_LENGTH, USER_ROLES, users, type UserItem } from './api';
import { dialogAlert, field, roleChoice, showProblem, textInput } from './form';

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]!.toUpperCase())
    .join('') || '?';

export async function showUsers(host: HTMLElement): Promise<void> {
  const count = h('span.muted', {});
  const body = h('div', {}, skeleton(4));
  replace(
    host,
    h(
      'section.card',
      {},
      h(
        'div.card-head',
        {},
        h('h2', {}, t('adm.users.title')),
        count,
        h('span.spacer'),
        button(t('adm.users.new'), () => createUser(reload), 'primary', { id: 'adm-new-user' }),
      ),
      body,
    ),
  );
  async function reload(): Promise<void> {
    try {
      const list = await users.list();
      replace(count, t('adm.users.count', { n: list.length, active: list.filter((u) => u.active).length }));
      replace(body, table(list, reload));
    } catch (err) {
      replace(body, h('div.card-body', {}, h('div.alert.alert-danger', {}, t('adm.err.load'), ': ', errorText(err))));
    }
  }
  await reload();
}

function table(list: UserItem[], reload: () => Promise<void>): HTMLElement {
  const me = appState().user?.username;
  const row = (u: UserItem) =>
    h(
      'tr',
      { 'data-username': u.username, class: u.active ? '' : 'adm-inactive' },
      h(
        'td',
        {},
        h(
          'div.adm-user',
          {},
          h('span.avatar', {}, initials(u.displayName)),
          h(
            'div',
            {},
            h('div.adm-strong', {}, u.displayName, u.username === me ? h('span.muted', {}, ` (${t('adm.you')})`) : null),
            u.createdAt ? h('div.adm-hint', {}, formatDateTime(u.createdAt)) : null,
          ),
        ),
      ),
      h('td', {}, h('code', {}, u.username)),
      h(
        'td',
        {},
        h(
          'div.adm-role-cell',
          {},
          u.roles.length
            ? u.roles.map((r) => chip(t(`role.${r}`), r === 'admin' ? 'accent' : 'info'))
            : h('span.muted', {}, t('adm.users.noRoles')),
        ),
      ),
      h('td', {}, u.locale.toUpperCase()),
      h(
        'td',
        {},
        u.active
          ? chip(t('adm.users.active'), 'success', { 'data-status': 'active' })
          : chip(t('adm.users.inactive'), 'neutral', { 'data-status': 'inactive' }),
      ),
      h(
        'td.adm-actions',
        {},
        button(t('adm.users.editRoles'), () => editRoles(u, reload), 'secondary', { 'data-action': 'roles' }),
        button(t('adm.users.resetPassword'), () => resetPassword(u), 'secondary', { 'data-action': 'password' }),
        u.active
          ? button(t('adm.users.deactivate'), () => deactivate(u, reload), 'danger', { 'data-action': 'deactivate' })
          : activateButton(u, reload),
      ),
    );
  return h(
    'table.table.adm-table',
    { 'data-testid': 'users-table' },
    h(
      'thead',
      {},
      h('tr', {}, ...['name', 'username', 'roles', 'language', 'status', 'actions'].map((k) => h('th', {}, t(`adm.users.${k}`)))),
    ),
    h('tbody', {}, ...list.map(row)),
  );
}

function createUser(reload: () => Promise<void>): void {
  const username = field(
    'username',
    t('adm.users.username'),
    textInput({ maxlength: '64', autocapitalize: 'off' }),
    t('adm.users.usernameHint'),
  );
  const displayName = field('displayName', t('adm.users.displayName'), textInput({ maxlength: '200' }));
  const password = field(
    'password',
    t('adm.users.password'),
    textInput({ type: 'password', autocomplete: 'new-password' }),
    t('adm.users.passwordHint', { n: MIN_PASSWORD_LENGTH }),
  );
  const locale = field(
    'locale',
    t('adm.users.language'),
    h('select.select', {}, h('option', { value: 'de' }, 'Deutsch'), h('option', { value: 'en' }, 'English')),
  );
  const roles = roleChoice('new-user-role', USER_ROLES, ['caseworker']);
  const alert = dialogAlert();
  const errors = {
    username: username.error,
    displayName: displayName.error,
    password: password.error,
    roles: roles.error,
    locale: locale.error,
  };
  openDialog({
    title: t('adm.users.new'),
    confirm: t('adm.users.new'),
    cancel: t('adm.cancel'),
    body: h(
      'form.adm-form',
      { id: 'new-user-form', onsubmit: (e: Event) => e.preventDefault() },
      alert,
      username.node,
      displayName.node,
      password.node,
      locale.node,
      roles.node,
    ),
    onConfirm: async () => {
      try {
        const created = await users.create({
          username: username.input.value.trim(),
          displayName: displayName.input.value.trim(),
          password: password.input.value,
          roles: roles.selected(),
          locale: locale.input.value as 'de' | 'en',
        });
        toast(t('adm.users.created', { username: created.username }));
        await reload();
      } catch (err) {
        showProblem(err, alert, errors);
      }
    },
  });
  username.input.focus();
}

function editRoles(u: UserItem, reload: () => Promise<void>): void {
  const roles = roleChoice('edit-role', USER_ROLES, u.roles);
  const alert = dialogAlert();
  openDialog({
    title: t('adm.users.rolesTitle', { name: u.displayName }),
    confirm: t('adm.save'),
    cancel: t('adm.cancel'),
    body: h('div.adm-form', {}, alert, roles.node, h('div.adm-hint', {}, t('adm.users.rolesNote'))),
    onConfirm: async () => {
      try {
        await users.update(u.username, { roles: roles.selected() });
        toast(t('adm.users.rolesSaved', { username: u.username }));
        await reload();
      } catch (err) {
        showProblem(err, alert, { roles: roles.error });
      }
    },
  });
}

function resetPassword(u: UserItem): void {
  const password = field(
    'password',
    t('adm.users.password'),
    textInput({ type: 'password', autocomplete: 'new-password' }),
    t('adm.users.passwordHint', { n: MIN_PASSWORD_LENGTH }),
  );
  const alert = dialogAlert();
  openDialog({
    title: t('adm.users.passwordTitle', { name: u.displayName }),
    confirm: t('adm.users.resetPassword'),
    cancel: t('adm.cancel'),
    body: h(
      'form.adm-form',
      { onsubmit: (e: Event) => e.preventDefault() },
      alert,
      password.node,
      h('div.adm-hint', {}, t('adm.users.passwordNote', { username: u.username })),
    ),
    onConfirm: async () => {
      try {
        await users.setPassword(u.username, password.input.value);
        toast(t('adm.users.passwordSaved', { username: u.username }));
      } catch (err) {
        showProblem(err, alert, { password: password.error });
      }
    },
  });
  password.input.focus();
}

function deactivate(u: UserItem, reload: () => Promise<void>): void {
  const alert = dialogAlert();
  openDialog({
    title: t('adm.users.deactivateTitle', { name: u.displayName }),
    confirm: t('adm.users.deactivate'),
    cancel: t('adm.cancel'),
    tone: 'danger',
    body: h('div.adm-form', {}, alert, h('p', {}, t('adm.users.deactivateNote', { username: u.username }))),
    onConfirm: async () => {
      try {
        await users.update(u.username, { active: false });
        toast(t('adm.users.deactivated', { username: u.username }));
        await reload();
      } catch (err) {
        showProblem(err, alert, {});
      }
    },
  });
}

function activateButton(u: UserItem, reload: () => Promise<void>): HTMLButtonElement {
  const btn: HTMLButtonElement = button(t('adm.users.activate'), () => void activate(u, btn, reload), 'secondary', {
    'data-action': 'activate',
  });
  return btn;
}

async function activate(u: UserItem, btn: HTMLButtonElement, reload: () => Promise<void>): Promise<void> {
  try {
    await busy(btn, () => users.update(u.username, { active: true }));
    toast(t('adm.users.activated', { username: u.username }));
    await reload();
  } catch (err) {
    toast(errorText(err), 'danger');
  }
}

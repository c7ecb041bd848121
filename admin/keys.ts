/** API keys: the list (the configuration's key marked as such), create with roles (the secret shown once), revoke. */
import { formatDateTime, t } from '../web/i18n';
import { button, chip, emptyState, h, replace, skeleton } from '../tasklist/ui/dom';
import { openDialog } from '../tasklist/ui/dialog';
import { errorText, toast } from '../tasklist/ui/toast';
import { apiKeys, KEY_ROLES, type ApiKeyItem } from './api';
import { dialogAlert, field, roleChoice, showProblem, textInput } from './form';

export async function showKeys(host: HTMLElement): Promise<void> {
  const count = h('span.muted', {});
  const secret = h('div', { 'data-testid': 'secret-host' });
  const body = h('div', {}, skeleton(3));
  replace(
    host,
    h(
      'div.adm-stack',
      {},
      secret,
      h(
        'section.card',
        {},
        h(
          'div.card-head',
          {},
          h('h2', {}, t('adm.keys.title')),
          count,
          h('span.spacer'),
          button(t('adm.keys.new'), () => createKey(reload, (name, key) => showSecret(secret, name, key)), 'primary', {
            id: 'adm-new-key',
          }),
        ),
        h('div.card-body.adm-intro', {}, h('p', {}, t('adm.keys.lead')), h('p.adm-hint', {}, t('adm.keys.revokeNote'))),
        body,
      ),
    ),
  );
  async function reload(): Promise<void> {
    try {
      const list = await apiKeys.list();
      replace(count, t('adm.keys.count', { n: list.length }));
      replace(body, list.length ? table(list, reload) : emptyState('⚿', t('adm.keys.empty')));
    } catch (err) {
      replace(body, h('div.card-body', {}, h('div.alert.alert-danger', {}, t('adm.err.load'), ': ', errorText(err))));
    }
  }
  await reload();
}

function table(list: ApiKeyItem[], reload: () => Promise<void>): HTMLElement {
  const row = (k: ApiKeyItem) =>
    h(
      'tr',
      { 'data-key': k.name },
      h('td', {}, h('code.adm-strong', {}, k.name)),
      h(
        'td',
        {},
        h(
          'div.adm-role-cell',
          {},
          k.roles.map((r) => chip(t(`role.${r}`), r === 'admin' ? 'accent' : r === 'system' ? 'warning' : 'info')),
        ),
      ),
      h('td', {}, formatDateTime(k.createdAt), k.createdBy ? h('div.adm-hint', {}, t('adm.keys.createdBy', { who: k.createdBy })) : null),
      h('td', {}, k.lastUsedAt ? formatDateTime(k.lastUsedAt) : h('span.muted', {}, t('adm.keys.never'))),
      h(
        'td.adm-actions',
        {},
        k.managedBy === 'configuration'
          ? chip(t('adm.keys.config'), 'neutral', { title: t('adm.keys.configTitle'), 'data-managed': 'configuration' })
          : button(t('adm.keys.revoke'), () => revoke(k, reload), 'danger', { 'data-action': 'revoke' }),
      ),
    );
  return h(
    'table.table.adm-table',
    { 'data-testid': 'keys-table' },
    h('thead', {}, h('tr', {}, ...['name', 'roles', 'created', 'lastUsed', 'managed'].map((c) => h('th', {}, t(`adm.keys.${c}`))))),
    h('tbody', {}, ...list.map(row)),
  );
}

function createKey(reload: () => Promise<void>, created: (name: string, key: string) => void): void {
  const name = field('name', t('adm.keys.name'), textInput({ maxlength: '64', autocapitalize: 'off' }), t('adm.keys.nameHint'));
  const roles = roleChoice('new-key-role', KEY_ROLES, []);
  const alert = dialogAlert();
  openDialog({
    title: t('adm.keys.new'),
    confirm: t('adm.keys.new'),
    cancel: t('adm.cancel'),
    body: h('form.adm-form', { id: 'new-key-form', onsubmit: (e: Event) => e.preventDefault() }, alert, name.node, roles.node),
    onConfirm: async () => {
      try {
        if (roles.selected().length === 0) {
          replace(roles.error, t('adm.err.roles'));
          throw new Error(t('adm.err.roles'));
        }
        const res = await apiKeys.create(name.input.value.trim(), roles.selected());
        created(res.name, res.key);
        await reload();
      } catch (err) {
        if (roles.selected().length === 0) throw err;
        showProblem(err, alert, { name: name.error, roles: roles.error });
      }
    },
  });
  name.input.focus();
}

/** The secret, once: a read-only field to copy from, until the admin confirms it is stored. */
function showSecret(host: HTMLElement, name: string, key: string): void {
  const input = h('input.input.mono.adm-secret-value', {
    type: 'text',
    readonly: true,
    value: key,
    id: 'new-key-secret',
    'aria-label': t('adm.keys.secretTitle', { name }),
  });
  const copy = button(
    t('adm.keys.copy'),
    () => {
      input.select();
      navigator.clipboard
        ?.writeText(key)
        .then(() => replace(copy, t('adm.keys.copied')))
        .catch(() => undefined);
    },
    'secondary',
    { 'data-action': 'copy' },
  );
  replace(
    host,
    h(
      'section.card.adm-secret',
      { role: 'status' },
      h(
        'div.card-body',
        {},
        h('h2', {}, t('adm.keys.secretTitle', { name })),
        h('p', {}, t('adm.keys.secretNote')),
        h('div.adm-secret-row', {}, input, copy),
        h(
          'div.adm-secret-foot',
          {},
          button(t('adm.keys.done'), () => replace(host), 'primary', { 'data-action': 'secret-done' }),
        ),
      ),
    ),
  );
  input.focus();
  input.select();
}

function revoke(k: ApiKeyItem, reload: () => Promise<void>): void {
  const alert = dialogAlert();
  openDialog({
    title: t('adm.keys.revokeTitle', { name: k.name }),
    confirm: t('adm.keys.revoke'),
    cancel: t('adm.cancel'),
    tone: 'danger',
    body: h('div.adm-form', {}, alert, h('p', {}, t('adm.keys.revokeText')), h('p.adm-hint', {}, t('adm.keys.revokeNote'))),
    onConfirm: async () => {
      try {
        await apiKeys.revoke(k.name);
        toast(t('adm.keys.revoked', { name: k.name }));
        await reload();
      } catch (err) {
        showProblem(err, alert, {});
      }
    },
  });
}

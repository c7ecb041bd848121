/** The task pane: header with claim/unclaim, the form (editable only when claimed by me), the case context. */
import { t } from '../web/i18n';
import { assign, complete, getForm, getTask, orderNumberOf, orderSummary, taskVariables, unassign, type UserTask } from './api';
import { renderContext } from './context';
import { mountForm, type MountedForm } from './form';
import { assigneeChip, groupLabel, isOverdue } from './list';
import { busy, button, chip, emptyState, h, replace, spinner } from './ui/dom';
import { formatDateTime } from './ui/format';
import { pollUntil } from './ui/poll';
import { clearToasts, errorText, toast } from './ui/toast';

export interface DetailDeps {
  username: string;
  /** Called after claim, unclaim or completion, so the list refreshes at once. */
  onChanged(completedKey?: string): void;
  /** Tasks completed here a moment ago: a lagging GET may still call them open. */
  isDone(key: string): boolean;
}

let current: { key: string; form?: MountedForm } | undefined;

export function showNothing(pane: HTMLElement): void {
  current?.form?.destroy();
  current = undefined;
  replace(pane, emptyState('☰', t('tl.detail.none'), t('tl.detail.noneText')));
}

export async function showTask(pane: HTMLElement, key: string, deps: DetailDeps): Promise<void> {
  current?.form?.destroy();
  const mine = { key } as { key: string; form?: MountedForm };
  current = mine;
  replace(pane, spinner());
  try {
    const task = await getTask(key);
    if (task.state !== 'CREATED' || deps.isDone(key)) {
      replace(pane, emptyState('✓', t('tl.detail.gone')));
      return;
    }
    const [form, vars] = await Promise.all([getForm(key), taskVariables(key)]);
    const order = typeof vars.orderId === 'string' ? await orderSummary(vars.orderId) : undefined;
    if (current !== mine) return; // another task was picked meanwhile
    await render(pane, task, form?.schema, vars, order, deps, mine);
  } catch (err) {
    if (current === mine) replace(pane, emptyState('!', t('tl.list.error'), errorText(err)));
  }
}

async function render(
  pane: HTMLElement,
  task: UserTask,
  schema: string | object | undefined,
  vars: Record<string, unknown>,
  order: Awaited<ReturnType<typeof orderSummary>>,
  deps: DetailDeps,
  mine: { form?: MountedForm },
): Promise<void> {
  const claimedByMe = task.assignee === deps.username;
  // After claim or unclaim, read the task until it shows the new assignee (a cluster's GET lags).
  const act = (btn: HTMLButtonElement, fn: () => Promise<void>, done: string, shows: (t: UserTask) => boolean) =>
    busy(btn, async () => {
      try {
        await fn();
        await pollUntil(() => getTask(task.userTaskKey), shows).catch(() => undefined);
        toast(done);
        deps.onChanged();
      } catch (err) {
        toast(t('tl.detail.failed'), 'danger', errorText(err));
      }
    });

  const claimBtn: HTMLButtonElement = claimedByMe
    ? button(
        t('tl.detail.unclaim'),
        () =>
          act(
            claimBtn,
            () => unassign(task.userTaskKey),
            t('tl.detail.unclaimed'),
            (x) => !x.assignee,
          ),
        'secondary',
        { 'data-action': 'unclaim' },
      )
    : button(
        t('tl.detail.claim'),
        () =>
          act(
            claimBtn,
            () => assign(task.userTaskKey, deps.username),
            t('tl.detail.claimed'),
            (x) => x.assignee === deps.username,
          ),
        'primary',
        { 'data-action': 'claim' },
      );

  const formHost = h('div.tl-form', { 'data-testid': 'task-form' });
  const completeBtn: HTMLButtonElement = button(
    t('tl.detail.complete'),
    () =>
      void busy(completeBtn, async () => {
        const data = mine.form ? mine.form.submit() : {};
        if (!data) {
          toast(t('tl.detail.invalid'), 'danger');
          return;
        }
        try {
          await complete(task.userTaskKey, data);
          clearToasts('danger'); // the earlier "check the fields" no longer applies
          toast(t('tl.detail.completed'), 'success', t('tl.detail.completedText', { name: task.name }));
          deps.onChanged(task.userTaskKey);
        } catch (err) {
          toast(t('tl.detail.failed'), 'danger', errorText(err));
        }
      }),
    'primary',
    { 'data-action': 'complete', disabled: !claimedByMe },
  );

  const hint = claimedByMe
    ? null
    : h('div.alert.alert-info', {}, task.assignee ? t('tl.detail.otherHint', { name: task.assignee }) : t('tl.detail.claimHint'));

  replace(
    pane,
    h(
      'div.tl-detail',
      { 'data-task-key': task.userTaskKey },
      h(
        'header.tl-detail-head',
        {},
        h(
          'div.tl-detail-title',
          {},
          h(
            'div.tl-breadcrumb',
            {},
            task.processName ?? task.processDefinitionId,
            ' · ',
            h('span.mono', {}, t('tl.detail.instance', { key: task.processInstanceKey })),
          ),
          h('h1', {}, task.name),
          h(
            'div.tl-detail-chips',
            {},
            assigneeChip(task, deps.username),
            ...task.candidateGroups.map((g) => chip(groupLabel(g), 'neutral', { 'data-group': g })),
            h('span.muted', { title: task.creationDate }, formatDateTime(task.creationDate)),
            task.dueDate ? chip(t('tl.task.due', { when: formatDateTime(task.dueDate) }), isOverdue(task) ? 'danger' : 'info') : null,
          ),
        ),
        h('div.tl-detail-actions', {}, claimBtn),
      ),
      h(
        'div.tl-detail-body',
        {},
        h(
          'section.card.tl-form-card',
          {},
          h('div.card-head', {}, h('h2', {}, t('tl.detail.form'))),
          h('div.card-body', {}, hint, schema ? formHost : h('p.muted', {}, t('tl.detail.noForm'))),
          h('div.tl-form-foot', {}, completeBtn),
        ),
        renderContext(vars, order),
      ),
    ),
  );

  // One order number everywhere: the form's read-only "Auftrag" field shows it, as the context does
  // (disabled fields are not submitted, so it never becomes a process variable).
  const orderNumber = order?.orderNumber ?? (typeof vars.orderId === 'string' ? orderNumberOf(vars.orderId) : undefined);
  if (schema) mine.form = await mountForm(formHost, schema, orderNumber ? { ...vars, orderNumber } : vars, !claimedByMe);
}

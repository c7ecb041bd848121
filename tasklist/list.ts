/** The task list: one card per open task, the selected one highlighted, new arrivals marked. */
import { t } from '../web/i18n';
import type { OrderCard, UserTask } from './api';
import { chip, emptyState, h } from './ui/dom';
import { formatDate, relativeTime } from './ui/format';

export function assigneeChip(task: UserTask, username: string): HTMLElement {
  if (!task.assignee) return chip(t('tl.task.unassigned'), 'warning');
  if (task.assignee === username) return chip(t('tl.task.me'), 'accent');
  return chip(t('tl.task.assignedTo', { name: task.assignee }), 'neutral');
}

/** Candidate groups are ids (`case-worker`); people read their German or English label. */
export const groupLabel = (group: string): string => {
  const label = t(`tl.group.${group}`);
  return label === `tl.group.${group}` ? group : label;
};

export function isOverdue(task: UserTask, now = Date.now()): boolean {
  return !!task.dueDate && new Date(task.dueDate).getTime() < now;
}

function taskCard(
  task: UserTask,
  order: Partial<OrderCard> | undefined,
  selected: boolean,
  isNew: boolean,
  username: string,
  onSelect: (key: string) => void,
): HTMLElement {
  return h(
    'button.tl-task',
    {
      type: 'button',
      'data-task-key': task.userTaskKey,
      'data-element-id': task.elementId,
      'aria-current': selected ? 'true' : null,
      class: [selected ? 'is-selected' : '', isNew ? 'is-new' : ''].join(' '),
      onclick: () => onSelect(task.userTaskKey),
    },
    h('div.tl-task-top', {}, h('span.tl-task-name', {}, task.name), isNew ? chip(t('tl.list.new'), 'info') : null),
    order?.customerName || order?.orderNumber
      ? h(
          'div.tl-task-case',
          {},
          order.customerName ? h('span.tl-task-customer', {}, order.customerName) : null,
          order.orderNumber ? h('span.tl-task-order.mono', {}, order.orderNumber) : null,
        )
      : null,
    h('div.tl-task-process', {}, task.processName ?? task.processDefinitionId),
    h(
      'div.tl-task-chips',
      {},
      assigneeChip(task, username),
      ...task.candidateGroups.map((g) => h('span.tl-group', { 'data-group': g }, groupLabel(g))),
    ),
    h(
      'div.tl-task-meta',
      {},
      h('span', { title: task.creationDate }, t('tl.task.created', { when: relativeTime(task.creationDate) })),
      h(
        'span.tl-task-due',
        { class: isOverdue(task) ? 'tl-overdue' : '' },
        !task.dueDate
          ? t('tl.task.noDue')
          : isOverdue(task)
            ? t('tl.task.overdueSince', { when: formatDate(task.dueDate) })
            : t('tl.task.due', { when: formatDate(task.dueDate) }),
      ),
    ),
  );
}

export function renderTaskList(
  tasks: UserTask[],
  selectedKey: string | undefined,
  newKeys: Set<string>,
  username: string,
  onSelect: (key: string) => void,
  orderOf: (task: UserTask) => Partial<OrderCard> | undefined = () => undefined,
): HTMLElement {
  if (tasks.length === 0) return emptyState('✓', t('tl.list.empty'), t('tl.list.emptyText'));
  return h(
    'div.tl-tasks',
    { role: 'list' },
    ...tasks.map((task) =>
      taskCard(task, orderOf(task), task.userTaskKey === selectedKey, newKeys.has(task.userTaskKey), username, onSelect),
    ),
  );
}

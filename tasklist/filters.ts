/** The filter bar: candidate group, assignee (mine / unassigned / all), process, due date. */
import { t } from '../web/i18n';
import { groupLabel } from './list';
import { h } from './ui/dom';

export type AssigneeMode = 'mine' | 'unassigned' | 'all';
export type DueMode = 'any' | 'overdue' | 'today' | 'week';

export interface TaskFilter {
  group: string;
  assignee: AssigneeMode;
  process: string;
  due: DueMode;
}

export const defaultFilter: TaskFilter = { group: '', assignee: 'all', process: '', due: 'any' };

/** The `/v2/user-tasks/search` filter of the bar's state. */
export function toSearchFilter(f: TaskFilter, username: string, now = new Date()): Record<string, unknown> {
  const filter: Record<string, unknown> = { state: 'CREATED' };
  if (f.group) filter.candidateGroup = f.group;
  if (f.assignee === 'mine') filter.assignee = username;
  if (f.assignee === 'unassigned') filter.assignee = { $exists: false };
  if (f.process) filter.processDefinitionId = f.process;
  const endOfDay = new Date(now);
  endOfDay.setHours(23, 59, 59, 999);
  if (f.due === 'overdue') filter.dueDate = { $lt: now.toISOString() };
  if (f.due === 'today') filter.dueDate = { $lte: endOfDay.toISOString() };
  if (f.due === 'week') filter.dueDate = { $lte: new Date(endOfDay.getTime() + 6 * 86400_000).toISOString() };
  return filter;
}

export interface FilterOptions {
  groups: string[];
  processes: { id: string; name: string }[];
}

function select(label: string, value: string, options: [string, string][], onChange: (v: string) => void, name: string): HTMLElement {
  const sel = h(
    'select.select',
    { name, 'aria-label': label, onchange: () => onChange(sel.value) },
    ...options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)),
  );
  return h('div.field', {}, h('label', {}, label), sel);
}

export function renderFilterBar(f: TaskFilter, opts: FilterOptions, onChange: (f: TaskFilter) => void): HTMLElement {
  const set = (patch: Partial<TaskFilter>) => onChange({ ...f, ...patch });
  const modes: [AssigneeMode, string][] = [
    ['all', t('tl.filter.all')],
    ['mine', t('tl.filter.mine')],
    ['unassigned', t('tl.filter.unassigned')],
  ];
  const seg = h(
    'div.segmented',
    { role: 'group', 'aria-label': t('tl.filter.assignee') },
    ...modes.map(([m, label]) =>
      h(
        'button',
        { type: 'button', 'data-assignee': m, 'aria-pressed': String(f.assignee === m), onclick: () => set({ assignee: m }) },
        label,
      ),
    ),
  );
  return h(
    'div.tl-filters',
    {},
    h('div.field', {}, h('span.field-label', {}, t('tl.filter.assignee')), seg),
    h(
      'div.tl-filter-row',
      {},
      select(
        t('tl.filter.group'),
        f.group,
        [['', t('tl.filter.allGroups')], ...opts.groups.map((g): [string, string] => [g, groupLabel(g)])],
        (v) => set({ group: v }),
        'group',
      ),
      select(
        t('tl.filter.due'),
        f.due,
        [
          ['any', t('tl.filter.anyDue')],
          ['overdue', t('tl.filter.overdue')],
          ['today', t('tl.filter.today')],
          ['week', t('tl.filter.week')],
        ],
        (v) => set({ due: v as DueMode }),
        'due',
      ),
    ),
    select(
      t('tl.filter.process'),
      f.process,
      [['', t('tl.filter.allProcesses')], ...opts.processes.map((p): [string, string] => [p.id, p.name])],
      (v) => set({ process: v }),
      'process',
    ),
  );
}

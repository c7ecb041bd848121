/** Small pieces of the account screen: tables, collapsible long lists, labelled values, chips. */
import { h } from '../tasklist/ui/dom';
import { errorText } from '../tasklist/ui/toast';
import { t } from '../web/i18n';

type Cell = Node | string | number | null | undefined;

/** A table, or "nothing here"; `numeric` are the right-aligned columns. */
export function table(testId: string, head: string[], rows: Cell[][], numeric: number[] = []): HTMLElement {
  if (rows.length === 0) return h('div.card-body.muted', { 'data-testid': `${testId}-empty` }, t('care.none'));
  const cls = (i: number) => (numeric.includes(i) ? 'num' : '');
  return h(
    'div.care-table-wrap',
    {},
    h(
      'table.table',
      { 'data-testid': testId },
      h('thead', {}, h('tr', {}, ...head.map((label, i) => h('th', { class: cls(i) }, label)))),
      h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c, i) => h('td', { class: cls(i) }, c ?? '–'))))),
    ),
  );
}

/** The first `shown` rows in view, the rest behind "show all" (a customer of years has hundreds). */
export function longTable(testId: string, head: string[], rows: Cell[][], numeric: number[] = [], shown = 12): HTMLElement {
  if (rows.length <= shown) return table(testId, head, rows, numeric);
  const all = table(testId, head, rows, numeric);
  const first = table(`${testId}-first`, head, rows.slice(0, shown), numeric);
  const more = h(
    'button.btn.btn-ghost.care-more',
    { type: 'button', 'data-action': `more-${testId}` },
    t('care.showAll', { n: rows.length }),
  );
  const box = h('div', {}, first, more);
  more.addEventListener('click', () => box.replaceChildren(all));
  return box;
}

/** A section card with its heading; `id` is the section's anchor. */
export function section(id: string, title: string, ...children: (Node | null)[]): HTMLElement {
  return h(
    'section.card.care-section',
    { id: `care-${id}`, 'data-section': id, 'aria-labelledby': `care-${id}-title` },
    h('div.card-head', {}, h('h2', { id: `care-${id}-title` }, title)),
    ...children,
  );
}

export function subhead(text: string, extra?: string): HTMLElement {
  return h('h3.care-subhead', {}, text, extra ? h('span.muted', {}, ` · ${extra}`) : null);
}

/** Label over value, as in a form's read-only view. */
export function fact(label: string, value: Node | string | null | undefined, testId?: string): HTMLElement {
  return h(
    'div.care-fact',
    {},
    h('div.care-fact-label', {}, label),
    h('div.care-fact-value', testId ? { 'data-testid': testId } : {}, value ?? '–'),
  );
}

export function loadError(err: unknown): HTMLElement {
  return h('div.alert.alert-danger', { role: 'alert' }, t('care.err.load'), ': ', errorText(err));
}

export function link(href: string, text: string, attrs: Record<string, string> = {}): HTMLAnchorElement {
  return h('a', { href, ...attrs }, text);
}

export function address(a: { street?: string; houseNumber?: string; postalCode?: string; city?: string } | null | undefined): string {
  if (!a) return '–';
  return `${a.street ?? ''} ${a.houseNumber ?? ''}, ${a.postalCode ?? ''} ${a.city ?? ''}`.replace(/\s+/g, ' ').trim();
}

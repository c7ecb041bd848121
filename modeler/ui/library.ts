/** The left sidebar: deployed processes, decisions and forms with every version, and the deployment log. */
import { locale, t } from '../../web/i18n';
import { formatDate, h, icon } from './dom';
import type { DeploymentLogEntry, Draft, Resource, Version } from '../resources';

type Tab = 'bpmn' | 'dmn' | 'form' | 'history';

export interface LibraryData {
  bpmn: Resource[];
  dmn: Resource[];
  form: Resource[];
  history: DeploymentLogEntry[];
  drafts: Draft[];
}

export class Library {
  readonly el: HTMLElement;
  private list: HTMLElement;
  private tabs: HTMLElement;
  private search: HTMLInputElement;
  private tab: Tab = 'bpmn';
  private data: LibraryData | undefined;
  private error: string | undefined;
  private current: { id: string; key: string } | undefined;

  constructor(
    private onOpen: (r: Resource, v: Version) => void,
    private onNew: () => void,
    private onOpenDraft: (d: Draft) => void,
  ) {
    this.search = h('input', {
      class: 'mdl-input',
      type: 'search',
      placeholder: t('modeler.library.search'),
      'aria-label': t('modeler.library.search'),
      oninput: () => this.render(),
    });
    this.tabs = h('div', { class: 'mdl-lib__tabs', role: 'tablist' });
    this.list = h('div', { class: 'mdl-lib__list' }, h('div', { class: 'mdl-lib__empty' }, t('modeler.library.loading')));
    this.el = h(
      'aside',
      { class: 'mdl-lib', 'aria-label': t('modeler.toolbar.library') },
      this.tabs,
      h('div', { class: 'mdl-lib__search' }, this.search),
      this.list,
      h('button', { class: 'mdl-btn mdl-btn--ghost mdl-lib__new', onclick: () => this.onNew() }, icon('plus'), t('modeler.library.new')),
    );
    this.renderTabs();
  }

  setData(data: LibraryData): void {
    this.data = data;
    this.error = undefined;
    this.renderTabs();
    this.render();
  }
  setError(detail: string): void {
    this.error = detail;
    this.render();
  }
  setCurrent(id: string, key: string): void {
    this.current = { id, key };
    this.render();
  }
  setDrafts(drafts: Draft[]): void {
    if (this.data) {
      this.data.drafts = drafts;
      this.render();
    }
  }

  private renderTabs(): void {
    const tabs: [Tab, string, string][] = [
      ['bpmn', 'process', 'modeler.library.processes'],
      ['dmn', 'decision', 'modeler.library.decisions'],
      ['form', 'form', 'modeler.library.forms'],
      ['history', 'history', 'modeler.library.history'],
    ];
    this.tabs.replaceChildren(
      ...tabs.map(([tab, ic, label]) => {
        const count = this.data && tab !== 'history' ? this.data[tab].length : undefined;
        return h(
          'button',
          {
            class: `mdl-lib__tab ${this.tab === tab ? 'is-active' : ''}`,
            role: 'tab',
            'aria-selected': String(this.tab === tab),
            title: t(label),
            'data-tab': tab,
            onclick: () => {
              this.tab = tab;
              this.renderTabs();
              this.render();
            },
          },
          icon(ic),
          h('span', {}, t(label)),
          count !== undefined ? h('span', { class: 'mdl-count' }, String(count)) : null,
        );
      }),
    );
  }

  private render(): void {
    if (this.error)
      return this.list.replaceChildren(
        h('div', { class: 'mdl-lib__empty mdl-lib__empty--error' }, t('modeler.library.failed', { detail: this.error })),
      );
    if (!this.data) return;
    if (this.tab === 'history') return this.renderHistory(this.data.history);
    const q = this.search.value.trim().toLowerCase();
    const all = this.data[this.tab];
    const items = all.filter((r) => !q || r.name.toLowerCase().includes(q) || r.id.toLowerCase().includes(q));
    const drafts = this.data.drafts.filter(
      (d) => d.kind === this.tab && (!q || d.name.toLowerCase().includes(q) || d.resourceId.toLowerCase().includes(q)),
    );
    const draftList = drafts.length
      ? [
          h('h3', { class: 'mdl-lib__heading' }, t('modeler.draft.heading')),
          ...drafts.map((d) => this.draftItem(d)),
          h('h3', { class: 'mdl-lib__heading' }, t('modeler.draft.deployed')),
        ]
      : [];
    if (items.length === 0)
      return this.list.replaceChildren(
        ...draftList,
        h('div', { class: 'mdl-lib__empty' }, t(all.length ? 'modeler.library.noMatch' : 'modeler.library.empty')),
      );
    this.list.replaceChildren(...draftList, ...items.map((r) => this.item(r)));
  }

  /** A saved draft: opens the analyst's work in progress, not the deployed version. */
  private draftItem(d: Draft): HTMLElement {
    return h(
      'div',
      { class: 'mdl-lib__item mdl-lib__item--draft', 'data-draft': d.resourceId },
      h(
        'button',
        { class: 'mdl-lib__open', onclick: () => this.onOpenDraft(d) },
        h('span', { class: 'mdl-lib__name' }, icon('draft'), d.name),
        h(
          'span',
          { class: 'mdl-lib__meta' },
          h('code', {}, d.resourceId),
          h(
            'span',
            { class: 'mdl-tag mdl-tag--amber', title: formatDate(d.updatedAt, locale()) },
            d.baseVersion ? t('modeler.draft.tagOf', { version: d.baseVersion }) : t('modeler.draft.tag'),
          ),
        ),
      ),
    );
  }

  private item(r: Resource): HTMLElement {
    const latest = r.versions[0];
    const active = this.current?.id === r.id;
    return h(
      'div',
      { class: `mdl-lib__item ${active ? 'is-active' : ''}`, 'data-resource': r.id },
      h(
        'button',
        { class: 'mdl-lib__open', onclick: () => this.onOpen(r, latest) },
        h('span', { class: 'mdl-lib__name' }, r.name),
        h('span', { class: 'mdl-lib__meta' }, h('code', {}, r.id), h('span', { class: 'mdl-tag' }, `v${latest.version}`)),
      ),
      active && r.versions.length > 1
        ? h(
            'div',
            { class: 'mdl-lib__versions' },
            ...r.versions.map((v) =>
              h(
                'button',
                {
                  class: `mdl-chip ${this.current?.key === v.key ? 'is-active' : ''}`,
                  title: t('modeler.library.version', { version: v.version }),
                  onclick: () => this.onOpen(r, v),
                },
                `v${v.version}`,
              ),
            ),
          )
        : null,
    );
  }

  private renderHistory(entries: DeploymentLogEntry[]): void {
    if (entries.length === 0) return this.list.replaceChildren(h('div', { class: 'mdl-lib__empty' }, t('modeler.history.empty')));
    this.list.replaceChildren(
      ...entries.map((e) =>
        h(
          'div',
          { class: 'mdl-hist' },
          h(
            'div',
            { class: 'mdl-hist__what' },
            ...e.resources.filter((r) => r.kind !== 'decision').map((r) => h('span', { class: 'mdl-tag' }, `${r.id} v${r.version}`)),
          ),
          h('p', { class: `mdl-hist__comment ${e.comment ? '' : 'is-empty'}` }, e.comment || t('modeler.history.noComment')),
          h('div', { class: 'mdl-hist__by' }, t('modeler.history.by', { user: e.user, date: formatDate(e.createdAt, locale()) })),
        ),
      ),
    );
  }
}

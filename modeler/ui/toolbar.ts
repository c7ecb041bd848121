/** The toolbar above the editor: document title and version, undo/redo, problems, download, deploy. */
import { t } from '../../web/i18n';
import { h, icon } from './dom';
import type { LintProblem } from '../bpmn/lint';

export interface ToolbarState {
  kind?: string;
  name?: string;
  id?: string;
  version?: number;
  latest?: number;
  dirty: boolean;
  /** The open document is (also) saved as a draft. */
  draft?: boolean;
  running?: number;
  problems: LintProblem[];
  deploying: boolean;
}

export interface ToolbarActions {
  library(): void;
  undo(): void;
  redo(): void;
  problems(): void;
  download(): void;
  deploy(): void;
  saveDraft(): void;
  discardDraft(): void;
}

export class Toolbar {
  readonly el = h('div', { class: 'mdl-toolbar', role: 'toolbar' });
  readonly notice = h('div', { class: 'mdl-notice', hidden: true });

  constructor(private actions: ToolbarActions) {}

  render(s: ToolbarState): void {
    const errors = s.problems.filter((p) => p.category !== 'warn' && p.category !== 'info').length;
    const warnings = s.problems.filter((p) => p.category === 'warn').length;
    const open = !!s.id;
    const blocked = errors > 0 ? t('modeler.lint.blocked', { count: errors }) : undefined;
    const lint =
      s.kind === 'bpmn'
        ? h(
            'button',
            {
              class: `mdl-lint-pill ${errors ? 'is-error' : warnings ? 'is-warn' : 'is-ok'}`,
              id: 'mdl-lint',
              onclick: () => this.actions.problems(),
            },
            icon(errors ? 'error' : warnings ? 'warn' : 'ok'),
            errors || warnings
              ? [
                  errors ? t('modeler.lint.errors', { count: errors }) : '',
                  errors && warnings ? ' · ' : '',
                  warnings ? t('modeler.lint.warnings', { count: warnings }) : '',
                ].join('')
              : t('modeler.lint.ok'),
          )
        : null;
    this.el.replaceChildren(
      ...[
        h(
          'button',
          {
            class: 'mdl-icon-btn',
            title: t('modeler.toolbar.library'),
            'aria-label': t('modeler.toolbar.library'),
            onclick: () => this.actions.library(),
          },
          icon('collapse'),
        ),
        h(
          'div',
          { class: 'mdl-doc' },
          open ? h('span', { class: 'mdl-kind' }, t(`modeler.kind.${s.kind}`)) : null,
          h('span', { class: 'mdl-doc__name' }, s.name ?? t('modeler.title')),
          open && s.version
            ? h(
                'span',
                { class: `mdl-tag ${s.version === s.latest ? 'mdl-tag--green' : 'mdl-tag--amber'}`, id: 'mdl-version' },
                `v${s.version}${s.version === s.latest ? ` · ${t('modeler.toolbar.latest')}` : ''}`,
              )
            : open
              ? h('span', { class: 'mdl-tag' }, t('modeler.toolbar.new'))
              : null,
          s.running ? h('span', { class: 'mdl-doc__running' }, t('modeler.toolbar.running', { count: s.running })) : null,
          s.draft ? h('span', { class: 'mdl-tag mdl-tag--amber', id: 'mdl-draft-tag' }, t('modeler.draft.tag')) : null,
          s.dirty
            ? h('span', { class: 'mdl-dirty', title: t('modeler.toolbar.unsaved') }, '●', h('span', {}, t('modeler.toolbar.unsaved')))
            : null,
        ),
        h('div', { class: 'mdl-toolbar__spacer' }),
        open
          ? h(
              'div',
              { class: 'mdl-btn-group' },
              h(
                'button',
                {
                  class: 'mdl-icon-btn',
                  title: t('modeler.toolbar.undo'),
                  'aria-label': t('modeler.toolbar.undo'),
                  onclick: () => this.actions.undo(),
                },
                icon('undo'),
              ),
              h(
                'button',
                {
                  class: 'mdl-icon-btn',
                  title: t('modeler.toolbar.redo'),
                  'aria-label': t('modeler.toolbar.redo'),
                  onclick: () => this.actions.redo(),
                },
                icon('redo'),
              ),
            )
          : null,
        lint,
        open && s.draft
          ? h(
              'button',
              { class: 'mdl-btn mdl-btn--ghost', id: 'mdl-discard-draft', onclick: () => this.actions.discardDraft() },
              t('modeler.draft.discard'),
            )
          : null,
        open
          ? h(
              'button',
              {
                class: 'mdl-btn mdl-btn--ghost',
                id: 'mdl-save-draft',
                disabled: s.draft && !s.dirty,
                onclick: () => this.actions.saveDraft(),
              },
              icon('draft'),
              t('modeler.draft.save'),
            )
          : null,
        open
          ? h(
              'button',
              { class: 'mdl-btn mdl-btn--ghost', onclick: () => this.actions.download() },
              icon('download'),
              t('modeler.toolbar.download'),
            )
          : null,
        open
          ? h(
              'span',
              { class: 'mdl-deploy-wrap', title: blocked ?? '' },
              h(
                'button',
                {
                  class: 'mdl-btn mdl-btn--primary',
                  id: 'mdl-deploy',
                  disabled: !!blocked || s.deploying,
                  'aria-describedby': blocked ? 'mdl-deploy-reason' : undefined,
                  onclick: () => this.actions.deploy(),
                },
                icon('deploy'),
                s.deploying ? t('modeler.deploy.busy') : t('modeler.toolbar.deploy'),
              ),
              blocked ? h('span', { class: 'mdl-deploy-reason', id: 'mdl-deploy-reason' }, blocked) : null,
            )
          : null,
      ].filter((x): x is HTMLElement => x !== null),
    );
    const old = open && s.version && s.latest && s.version !== s.latest;
    this.notice.hidden = !old;
    if (old) this.notice.textContent = t('modeler.toolbar.oldVersion', { version: s.version!, next: s.latest! + 1 });
  }
}

/** The problems list under the canvas: every lint report, click to jump to the element. */
import { t } from '../../web/i18n';
import { h, icon } from './dom';
import type { LintProblem } from '../bpmn/lint';

export class ProblemsPanel {
  readonly el: HTMLElement;
  private body: HTMLElement;
  private title: HTMLElement;
  open = false;

  constructor(private onReveal: (id: string) => void) {
    this.title = h('span', {}, t('modeler.lint.title'));
    this.body = h('ul', { class: 'mdl-problems__list' });
    this.el = h(
      'section',
      { class: 'mdl-problems', 'aria-label': t('modeler.lint.title') },
      h(
        'header',
        { class: 'mdl-problems__head' },
        this.title,
        h('button', { class: 'mdl-icon-btn', 'aria-label': 'close', onclick: () => this.toggle(false) }, icon('close')),
      ),
      this.body,
    );
  }

  toggle(open = !this.open): void {
    this.open = open;
    this.el.classList.toggle('is-open', open);
  }

  set(problems: LintProblem[], nameOf: (id: string) => string): void {
    if (problems.length === 0)
      return this.body.replaceChildren(h('li', { class: 'mdl-problems__none' }, icon('ok', 'mdl-ok'), t('modeler.lint.none')));
    const sorted = [...problems].sort((a, b) => Number(b.category === 'error') - Number(a.category === 'error'));
    this.body.replaceChildren(
      ...sorted.map((p) =>
        h(
          'li',
          { class: `mdl-problem mdl-problem--${p.category === 'warn' ? 'warn' : 'error'}` },
          icon(p.category === 'warn' ? 'warn' : 'error'),
          h('button', { class: 'mdl-problem__el', onclick: () => this.onReveal(p.id) }, nameOf(p.id)),
          h('button', { class: 'mdl-problem__msg', 'data-element': p.id, onclick: () => this.onReveal(p.id) }, p.message),
          h('code', { class: 'mdl-problem__rule' }, p.rule),
        ),
      ),
    );
  }
}

/** The deploy dialog: what is deployed, which version it becomes, and the analyst's comment. */
import { t } from '../../web/i18n';
import { h } from './dom';

export function askDeployComment(opts: { name: string; resource: string; nextVersion: number }): Promise<string | undefined> {
  return new Promise((resolve) => {
    const comment = h('textarea', {
      class: 'mdl-input mdl-textarea',
      id: 'mdl-deploy-comment',
      rows: 4,
      placeholder: t('modeler.deploy.placeholder'),
    });
    const error = h('p', { class: 'mdl-field-error', role: 'alert' });
    const close = (value: string | undefined) => {
      backdrop.remove();
      document.removeEventListener('keydown', onKey, true);
      resolve(value);
    };
    const submit = () => {
      const v = comment.value.trim();
      if (!v) {
        error.textContent = t('modeler.deploy.commentRequired');
        comment.focus();
        return;
      }
      close(v);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close(undefined);
      if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) submit();
      e.stopPropagation();
    };
    const dialog = h(
      'div',
      { class: 'mdl-dialog', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'mdl-deploy-title' },
      h('h2', { id: 'mdl-deploy-title' }, t('modeler.deploy.title', { name: opts.name })),
      h('p', { class: 'mdl-dialog__lead' }, t('modeler.deploy.what', { resource: opts.resource, next: opts.nextVersion })),
      h('label', { for: 'mdl-deploy-comment', class: 'mdl-label' }, t('modeler.deploy.comment')),
      comment,
      error,
      h(
        'footer',
        { class: 'mdl-dialog__foot' },
        h('button', { class: 'mdl-btn mdl-btn--ghost', onclick: () => close(undefined) }, t('modeler.deploy.cancel')),
        h('button', { class: 'mdl-btn mdl-btn--primary', id: 'mdl-deploy-confirm', onclick: submit }, t('modeler.deploy.confirm')),
      ),
    );
    const backdrop = h(
      'div',
      {
        class: 'mdl-backdrop',
        onclick: (e: Event) => {
          if (e.target === backdrop) close(undefined);
        },
      },
      dialog,
    );
    document.body.append(backdrop);
    document.addEventListener('keydown', onKey, true);
    comment.focus();
  });
}

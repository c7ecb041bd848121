/**
 * The modeler app: library on the left, one editor (BPMN, DMN or form) in the middle with its
 * properties panel, problems below. Opening, versions, deploy with comment, engine errors.
 */
import { t } from '../web/i18n';
import { h } from './ui/dom';
import { toast } from './ui/toast';
import { Library } from './ui/library';
import { Toolbar } from './ui/toolbar';
import { ProblemsPanel } from './ui/problems';
import { askDeployComment } from './ui/deploy-dialog';
import type { Editor } from './editor';
import { BpmnEditor } from './bpmn/editor';
import { loadLazyCss } from '../web/lazy-css';
import {
  deleteDraft,
  deploy,
  deploymentLog,
  listDecisions,
  listDrafts,
  listForms,
  listProcesses,
  loadContent,
  loadDraft,
  problemOf,
  runningInstances,
  saveDraft,
  type Draft,
  type Kind,
  type Resource,
  type Version,
} from './resources';
import { newProcessXml } from './bpmn/new-process';

interface Doc {
  kind: Kind;
  id: string;
  name: string;
  resourceName: string;
  version?: number;
  key?: string;
  latest?: number;
  running?: number;
  draft?: boolean;
}

export class ModelerApp {
  private library = new Library(
    (r, v) => void this.open(r, v),
    () => void this.openNew(),
    (d) => void this.openDraft(d),
  );
  private toolbar: Toolbar;
  private problems = new ProblemsPanel((id) => this.editor?.reveal(id));
  private stage = h('div', { class: 'mdl-stage' });
  private editor: Editor | undefined;
  private doc: Doc | undefined;
  private dirty = false;
  private deploying = false;
  private resources: Record<Kind, Resource[]> = { bpmn: [], dmn: [], form: [] };
  private drafts: Draft[] = [];

  constructor(private root: HTMLElement) {
    this.toolbar = new Toolbar({
      library: () => this.root.querySelector('.mdl')?.classList.toggle('mdl--no-lib'),
      undo: () => this.editor?.undo(),
      redo: () => this.editor?.redo(),
      problems: () => this.problems.toggle(),
      download: () => void this.download(),
      deploy: () => void this.deploy(),
      saveDraft: () => void this.saveDraft(),
      discardDraft: () => void this.discardDraft(),
    });
    root.append(
      h(
        'div',
        { class: 'mdl' },
        this.library.el,
        h('div', { class: 'mdl-main' }, this.toolbar.el, this.toolbar.notice, this.stage, this.problems.el),
      ),
    );
    window.addEventListener('beforeunload', (e) => {
      if (this.dirty) e.preventDefault();
    });
  }

  async start(): Promise<void> {
    this.showEmpty();
    this.renderToolbar();
    await this.refresh();
    // Deep link: /modeler#bpmn/order-to-contract opens the latest version.
    const [kind, id] = decodeURIComponent(location.hash.slice(1)).split('/');
    const r = this.resources[kind as Kind]?.find((x) => x.id === id);
    if (r) await this.open(r, r.versions[0]);
  }

  private async refresh(): Promise<void> {
    try {
      const [bpmn, dmn, form, history, drafts] = await Promise.all([
        listProcesses(),
        listDecisions(),
        listForms(),
        deploymentLog().catch(() => []),
        listDrafts().catch(() => []),
      ]);
      this.resources = { bpmn, dmn, form };
      this.drafts = drafts;
      this.library.setData({ bpmn, dmn, form, history, drafts });
    } catch (err) {
      this.library.setError(problemOf(err).detail ?? '');
    }
  }

  private showEmpty(): void {
    this.stage.replaceChildren(
      h(
        'div',
        { class: 'mdl-empty' },
        h('div', { class: 'mdl-empty__art', 'aria-hidden': 'true' }, h('span', {}), h('span', {}), h('span', {})),
        h('h2', {}, t('modeler.empty.title')),
        h('p', {}, t('modeler.empty.body')),
        h('button', { class: 'mdl-btn mdl-btn--ghost', onclick: () => void this.openNew() }, t('modeler.empty.action')),
      ),
    );
  }

  private confirmDiscard(): boolean {
    return !this.dirty || window.confirm(t('modeler.unsaved.confirm'));
  }

  /** The DMN and form editors are chunks of their own, loaded (with their CSS) when first opened. */
  private async mountEditor(kind: Kind): Promise<Editor> {
    const lazy =
      kind === 'dmn'
        ? Promise.all([import('./dmn/editor'), loadLazyCss('modeler/dmn/editor.ts')]).then(
            ([m]) =>
              (host: HTMLElement) =>
                new m.DmnEditor(host),
          )
        : kind === 'form'
          ? Promise.all([import('./form/editor'), loadLazyCss('modeler/form/editor.ts')]).then(
              ([m]) =>
                (host: HTMLElement) =>
                  new m.FormSchemaEditor(host),
            )
          : undefined;
    const create = await lazy;
    this.editor?.destroy();
    this.editor = undefined;
    this.stage.replaceChildren();
    let editor: Editor;
    if (!create) {
      const canvas = h('div', { class: 'mdl-canvas' });
      const panel = h('div', { class: 'mdl-panel' });
      this.stage.append(h('div', { class: 'mdl-split' }, canvas, panel));
      editor = new BpmnEditor(canvas, panel);
    } else {
      const host = h('div', { class: `mdl-host mdl-host--${kind}` });
      this.stage.append(host);
      editor = create(host);
    }
    editor.onChange((edit) => this.changed(edit));
    this.editor = editor;
    return editor;
  }

  private opening = false;
  async open(r: Resource, v: Version): Promise<void> {
    if (!this.confirmDiscard()) return;
    try {
      const content = await loadContent(r.kind, v);
      this.opening = true;
      this.doc = {
        kind: r.kind,
        id: r.id,
        name: r.name,
        resourceName: v.resourceName,
        version: v.version,
        key: v.key,
        latest: r.versions[0].version,
        draft: this.drafts.some((d) => d.kind === r.kind && d.resourceId === r.id),
      };
      await (await this.mountEditor(r.kind)).open(content);
      this.dirty = false;
      this.library.setCurrent(r.id, v.key);
      history.replaceState(null, '', `#${r.kind}/${r.id}`);
      if (r.kind === 'bpmn')
        void runningInstances(v.key)
          .then((n) => {
            if (this.doc?.key === v.key) {
              this.doc.running = n;
              this.renderToolbar();
            }
          })
          .catch(() => {});
    } catch (err) {
      toast('error', t('modeler.open.failed', { name: r.name }), problemOf(err).detail);
    } finally {
      this.opening = false;
      this.renderToolbar();
    }
  }

  /** Opens a saved draft: the content as the analyst left it, on top of the version it started from. */
  async openDraft(d: Draft): Promise<void> {
    if (!this.confirmDiscard()) return;
    try {
      const { content } = await loadDraft(d.kind, d.resourceId);
      const r = this.resources[d.kind].find((x) => x.id === d.resourceId);
      this.opening = true;
      this.doc = {
        kind: d.kind,
        id: d.resourceId,
        name: d.name,
        resourceName: d.resourceName,
        version: d.baseVersion,
        key: d.baseKey,
        latest: r?.versions[0].version,
        draft: true,
      };
      await (await this.mountEditor(d.kind)).open(content ?? '');
      this.dirty = false;
      if (d.baseKey) this.library.setCurrent(d.resourceId, d.baseKey);
      history.replaceState(null, '', `#${d.kind}/${d.resourceId}`);
    } catch (err) {
      toast('error', t('modeler.open.failed', { name: d.name }), problemOf(err).detail);
    } finally {
      this.opening = false;
      this.renderToolbar();
    }
  }

  private async saveDraft(): Promise<void> {
    const { editor, doc } = this;
    if (!editor || !doc) return;
    try {
      const content = await editor.save();
      await saveDraft({
        kind: doc.kind,
        resourceId: doc.id,
        name: doc.name,
        resourceName: doc.resourceName,
        content,
        baseVersion: doc.version,
        baseKey: doc.key,
      });
      doc.draft = true;
      this.dirty = false;
      toast('success', t('modeler.draft.saved'), t('modeler.draft.savedBody'));
      await this.refreshDrafts();
    } catch (err) {
      toast('error', t('modeler.draft.failed'), problemOf(err).detail);
    } finally {
      this.renderToolbar();
    }
  }

  /** Drops the draft and shows the deployed version again (or the empty stage for a new process). */
  private async discardDraft(): Promise<void> {
    const { doc } = this;
    if (!doc?.draft || !window.confirm(t('modeler.draft.discardConfirm', { name: doc.name }))) return;
    try {
      await deleteDraft(doc.kind, doc.id);
      toast('info', t('modeler.draft.discarded'));
      await this.refreshDrafts();
      this.dirty = false;
      const r = this.resources[doc.kind].find((x) => x.id === doc.id);
      if (r) await this.open(r, r.versions[0]);
      else {
        this.editor?.destroy();
        this.editor = undefined;
        this.doc = undefined;
        this.showEmpty();
        this.renderToolbar();
      }
    } catch (err) {
      toast('error', t('modeler.draft.failed'), problemOf(err).detail);
    }
  }

  private async refreshDrafts(): Promise<void> {
    this.drafts = await listDrafts().catch(() => this.drafts);
    this.library.setDrafts(this.drafts);
  }

  private async openNew(): Promise<void> {
    if (!this.confirmDiscard()) return;
    const id = `process-${Math.random().toString(36).slice(2, 8)}`;
    this.doc = { kind: 'bpmn', id, name: id, resourceName: `${id}.bpmn` };
    await (await this.mountEditor('bpmn')).open(newProcessXml(id));
    // A new, empty process is nothing to lose until the analyst draws in it.
    this.dirty = false;
    this.renderToolbar();
  }

  /** Lint runs and imports re-render the toolbar; only a real edit marks unsaved changes. */
  private changed(edit: boolean): void {
    if (edit && !this.opening) this.dirty = true;
    this.renderToolbar();
  }

  private renderToolbar(): void {
    const problems = this.editor?.problems() ?? [];
    const d = this.doc;
    this.toolbar.render({
      kind: d?.kind,
      name: d?.name,
      id: d?.id,
      version: this.dirty ? d?.version : d?.version,
      latest: d?.latest,
      running: d?.running,
      dirty: this.dirty,
      draft: d?.draft,
      problems,
      deploying: this.deploying,
    });
    const registry =
      window.__modeler && d?.kind === 'bpmn'
        ? window.__modeler.get<{ get(id: string): { businessObject?: { name?: string } } | undefined }>('elementRegistry')
        : undefined;
    this.problems.set(problems, (id) => {
      const name = registry?.get(id)?.businessObject?.name;
      return name ? `${name} (${id})` : id;
    });
  }

  private async download(): Promise<void> {
    if (!this.editor || !this.doc) return;
    const blob = new Blob([await this.editor.save()], { type: this.doc.kind === 'form' ? 'application/json' : 'application/xml' });
    const a = h('a', { href: URL.createObjectURL(blob), download: this.doc.resourceName });
    a.click();
    URL.revokeObjectURL(a.href);
  }

  private async deploy(): Promise<void> {
    const { editor, doc } = this;
    if (!editor || !doc || this.deploying) return;
    const errors = editor.problems().filter((p) => p.category === 'error' || p.category === 'rule-error');
    if (errors.length) {
      this.problems.toggle(true);
      return;
    }
    const comment = await askDeployComment({ name: doc.name, resource: doc.resourceName, nextVersion: (doc.latest ?? 0) + 1 });
    if (comment === undefined) return;
    this.deploying = true;
    this.renderToolbar();
    try {
      const content = await editor.save();
      const result = await deploy(comment, [{ name: doc.resourceName, content }]);
      const main = result.resources.find((r) => r.kind !== 'decision') ?? result.resources[0];
      const unchanged = main && doc.latest !== undefined && main.version <= doc.latest;
      toast(
        'success',
        t('modeler.deploy.success'),
        t(unchanged ? 'modeler.deploy.unchanged' : 'modeler.deploy.successBody', { id: main?.id ?? doc.id, version: main?.version ?? '?' }),
      );
      this.dirty = false;
      // Deployed from a draft: the draft is done.
      if (doc.draft) {
        await deleteDraft(doc.kind, doc.id).catch(() => undefined);
        doc.draft = false;
      }
      await this.refresh();
      if (main) {
        const r = this.resources[doc.kind].find((x) => x.id === main.id);
        const v = r?.versions.find((x) => x.key === main.key);
        if (r && v) {
          Object.assign(doc, {
            id: r.id,
            name: r.name,
            version: v.version,
            key: v.key,
            latest: r.versions[0].version,
            resourceName: v.resourceName,
            running: 0,
          });
          this.library.setCurrent(r.id, v.key);
        }
      }
    } catch (err) {
      this.showEngineError(err);
    } finally {
      this.deploying = false;
      this.renderToolbar();
    }
  }

  /** Engine rejections name the element in details[].field: list them and jump to the first. */
  private showEngineError(err: unknown): void {
    const problem = problemOf(err);
    const details = problem.details ?? [];
    const body = details.length
      ? h(
          'ul',
          { class: 'mdl-toast__details' },
          ...details.map((d) =>
            h(
              'li',
              {},
              h('button', { class: 'mdl-link', onclick: () => this.editor?.reveal(d.field) }, h('code', {}, d.field)),
              ` ${d.message}`,
            ),
          ),
        )
      : (problem.detail ?? '');
    toast('error', t('modeler.deploy.failed'), body);
    for (const d of details) if (this.editor?.reveal(d.field)) break;
  }
}

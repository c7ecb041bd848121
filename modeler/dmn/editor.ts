/** dmn-js for decision tables; DRD view when the file has a diagram, else the first table. */
import 'dmn-js/dist/assets/diagram-js.css';
import 'dmn-js/dist/assets/dmn-js-shared.css';
import 'dmn-js/dist/assets/dmn-js-drd.css';
import 'dmn-js/dist/assets/dmn-js-decision-table.css';
import 'dmn-js/dist/assets/dmn-js-decision-table-controls.css';
import 'dmn-js/dist/assets/dmn-js-literal-expression.css';
import 'dmn-js/dist/assets/dmn-js-boxed-expression.css';
import 'dmn-js/dist/assets/dmn-js-boxed-expression-controls.css';
import 'dmn-js/dist/assets/dmn-font/css/dmn-embedded.css';
import DmnModeler from 'dmn-js/lib/Modeler';
import { h } from '../ui/dom';
import type { Editor } from '../editor';
import { addDrdLayout } from './drd-layout';
import { isEdit } from '../bpmn/is-edit';
import TranslateModule from '../bpmn/translate';

interface View {
  type: string;
  element: { id: string; name?: string };
}
interface Viewer {
  get<T>(name: string): T;
}

export class DmnEditor implements Editor {
  readonly kind = 'dmn';
  private modeler: {
    importXML(xml: string): Promise<unknown>;
    saveXML(o: unknown): Promise<{ xml: string }>;
    getViews(): View[];
    getActiveView(): View | undefined;
    open(v: View): Promise<unknown>;
    getActiveViewer(): Viewer | undefined;
    on(e: string, cb: () => void): void;
    destroy(): void;
  };
  private listeners: ((edit: boolean) => void)[] = [];
  private tabs: HTMLElement;

  constructor(private host: HTMLElement) {
    this.tabs = host.appendChild(h('nav', { class: 'mdl-dmn-tabs', role: 'tablist' }));
    const container = host.appendChild(h('div', { class: 'mdl-dmn-canvas' }));
    // German labels where dmn-js asks its `translate` service (the DRD palette and context pad).
    this.modeler = new DmnModeler({ container, common: { additionalModules: [TranslateModule] } });
    this.modeler.on('views.changed', () => this.renderTabs());
    // Every view has its own command stack; any change marks the document dirty.
    this.modeler.on('views.changed', () => this.hookViewer());
  }

  private hooked = new WeakSet<object>();
  private hookViewer(): void {
    const viewer = this.modeler.getActiveViewer();
    if (!viewer || this.hooked.has(viewer)) return;
    this.hooked.add(viewer);
    viewer
      .get<{ on(e: string, cb: (e: { trigger?: string | null }) => void): void }>('eventBus')
      .on('commandStack.changed', (e) => this.listeners.forEach((cb) => cb(isEdit(e))));
  }

  private renderTabs(): void {
    const active = this.modeler.getActiveView();
    this.tabs.replaceChildren(
      ...this.modeler.getViews().map((v) =>
        h(
          'button',
          {
            class: `mdl-dmn-tab ${active?.element.id === v.element.id ? 'is-active' : ''}`,
            role: 'tab',
            onclick: () => void this.modeler.open(v),
          },
          v.type === 'drd' ? 'DRD' : (v.element.name ?? v.element.id),
        ),
      ),
    );
  }

  onChange(cb: (edit: boolean) => void): void {
    this.listeners.push(cb);
  }

  async open(xml: string): Promise<void> {
    await this.modeler.importXML(addDrdLayout(xml));
    const table = this.modeler.getViews().find((v) => v.type === 'decisionTable');
    if (table) await this.modeler.open(table);
  }

  async save(): Promise<string> {
    return (await this.modeler.saveXML({ format: true })).xml;
  }
  problems() {
    return [];
  }
  private stack() {
    return this.modeler.getActiveViewer()?.get<{ undo(): void; redo(): void }>('commandStack');
  }
  undo(): void {
    this.stack()?.undo();
  }
  redo(): void {
    this.stack()?.redo();
  }

  reveal(id: string): boolean {
    const view = this.modeler.getViews().find((v) => v.element.id === id);
    if (view) void this.modeler.open(view);
    return !!view;
  }

  destroy(): void {
    this.modeler.destroy();
    this.host.replaceChildren();
  }
}

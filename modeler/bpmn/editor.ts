/** bpmn-js with the Zeebe properties panel, Camunda 8 behaviours, element templates and live linting. */
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import BpmnModeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule } from 'bpmn-js-properties-panel';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import type { Editor } from '../editor';
import { isEdit } from './is-edit';
import LintingModule, { type Linting } from './lint';
import TemplatesModule from './templates';
import { withDiagram } from '../../web/bpmn-layout';

declare global {
  // The browser test drives bpmn-js through its services, as bpmn-js' own tests do.
  interface Window { __modeler?: BpmnModeler }
}

export class BpmnEditor implements Editor {
  readonly kind = 'bpmn';
  readonly modeler: BpmnModeler;
  private listeners: ((edit: boolean) => void)[] = [];

  constructor(canvas: HTMLElement, panel: HTMLElement) {
    this.modeler = new BpmnModeler({
      container: canvas,
      propertiesPanel: { parent: panel },
      additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule, ZeebeBehaviorsModule, LintingModule, TemplatesModule],
      moddleExtensions: { zeebe: zeebeModdle },
    });
    window.__modeler = this.modeler;
    const bus = this.modeler.get<{ on<E>(e: string, cb: (e: E) => void): void }>('eventBus');
    // Import clears the stack ('clear'); only execute, undo and redo are the user's edits.
    bus.on('commandStack.changed', (e: { trigger?: string | null }) => this.emit(isEdit(e)));
    bus.on('linting.completed', () => this.emit(false));
  }

  private emit(edit: boolean): void { for (const cb of this.listeners) cb(edit); }

  onChange(cb: (edit: boolean) => void): void { this.listeners.push(cb); }

  async open(xml: string): Promise<void> {
    // A process without a diagram is laid out before bpmn-js imports it (the cockpit does the same).
    await this.modeler.importXML(await withDiagram(xml));
    this.fit();
  }

  /** Fit the diagram, but never below a readable zoom: wide processes then start at their start event. */
  private fit(): void {
    type Box = { x: number; y: number; width: number; height: number };
    const canvas = this.modeler.get<{ zoom(z: string | number): number; viewbox(b?: Box): Box & { outer: Box } }>('canvas');
    canvas.zoom('fit-viewport');
    if (canvas.zoom('fit-viewport') >= 0.8) return;
    const { outer } = canvas.viewbox();
    // Leave room for the palette on the left.
    canvas.viewbox({ x: -80, y: 0, width: outer.width / 0.85, height: outer.height / 0.85 });
  }

  async save(): Promise<string> {
    const { xml } = await this.modeler.saveXML({ format: true });
    return xml ?? '';
  }

  problems() { return this.modeler.get<Linting>('linting').problems; }

  undo(): void { this.modeler.get<{ undo(): void }>('commandStack').undo(); }
  redo(): void { this.modeler.get<{ redo(): void }>('commandStack').redo(); }

  reveal(id: string): boolean {
    const registry = this.modeler.get<{ get(id: string): { id: string } | undefined }>('elementRegistry');
    const el = registry.get(id);
    if (!el) return false;
    this.modeler.get<{ scrollToElement(el: unknown): void }>('canvas').scrollToElement(el);
    this.modeler.get<{ select(el: unknown): void }>('selection').select(el);
    return true;
  }

  destroy(): void {
    this.modeler.destroy();
    if (window.__modeler === this.modeler) delete window.__modeler;
  }
}

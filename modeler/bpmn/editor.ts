/** bpmn-js with the Zeebe properties panel, Camunda 8 behaviours, element templates and live linting. */
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'diagram-js-minimap/assets/diagram-js-minimap.css';
import 'bpmn-js-token-simulation/assets/css/bpmn-js-token-simulation.css';
import MinimapModule from 'diagram-js-minimap';
import TokenSimulationModule from 'bpmn-js-token-simulation/lib/modeler';
import BpmnModeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule } from 'bpmn-js-properties-panel';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import modelerModdle from 'modeler-moddle/resources/modeler.json';
import { locale, t } from '../../web/i18n';
import { h, icon } from '../ui/dom';
import type { Editor } from '../editor';
import { isEdit } from './is-edit';
import LintingModule, { type Linting } from './lint';
import TemplatesModule from './templates';
import TranslateModule from './translate';
import { withDiagram } from '../../web/bpmn-layout';
import { translateDom } from '../ui/translate-dom';
import { tokenSimulationDe } from './translate/token-simulation-de';

declare global {
  // The browser test drives bpmn-js through its services, as bpmn-js' own tests do.
  interface Window {
    __modeler?: BpmnModeler;
  }
}

export class BpmnEditor implements Editor {
  readonly kind = 'bpmn';
  readonly modeler: BpmnModeler;
  private listeners: ((edit: boolean) => void)[] = [];
  private stopTranslation: () => void;

  constructor(canvas: HTMLElement, panel: HTMLElement) {
    this.modeler = new BpmnModeler({
      container: canvas,
      propertiesPanel: { parent: panel },
      additionalModules: [
        BpmnPropertiesPanelModule,
        BpmnPropertiesProviderModule,
        ZeebePropertiesProviderModule,
        ZeebeBehaviorsModule,
        LintingModule,
        TemplatesModule,
        MinimapModule,
        TokenSimulationModule,
        TranslateModule,
      ],
      minimap: { open: true },
      moddleExtensions: { zeebe: zeebeModdle, modeler: modelerModdle },
    });
    window.__modeler = this.modeler;
    const bus = this.modeler.get<{ on<E>(e: string, cb: (e: E) => void): void }>('eventBus');
    // Import clears the stack ('clear'); only execute, undo and redo are the user's edits.
    bus.on('commandStack.changed', (e: { trigger?: string | null }) => this.emit(isEdit(e)));
    bus.on('linting.completed', () => this.emit(false));
    canvas.append(this.controls(bus));
    this.stopTranslation = locale() === 'de' ? translateDom(canvas, '[class^="bts-"], [class*=" bts-"]', tokenSimulationDe) : () => {};
  }

  /**
   * Zoom in / out / fit and the token simulation switch, over the canvas (bottom right). The
   * simulation's own switch is English only; it is hidden and driven from here.
   */
  private controls(bus: { on<E>(e: string, cb: (e: E) => void): void }): HTMLElement {
    const canvas = () => this.modeler.get<{ zoom(z?: number | string, center?: unknown): number }>('canvas');
    const zoomBy = (f: number) => canvas().zoom(Math.min(4, Math.max(0.2, canvas().zoom() * f)), 'auto');
    const btn = (id: string, label: string, ic: string, onclick: () => void) =>
      h('button', { class: 'mdl-icon-btn', id, title: t(label), 'aria-label': t(label), onclick }, icon(ic));
    const sim = h(
      'button',
      {
        class: 'mdl-sim-toggle',
        id: 'mdl-simulate',
        'aria-pressed': 'false',
        onclick: () => this.modeler.get<{ toggleMode(active?: boolean): void }>('toggleMode').toggleMode(),
      },
      icon('play'),
      h('span', {}, t('modeler.simulation.start')),
    );
    bus.on<{ active: boolean }>('tokenSimulation.toggleMode', ({ active }) => {
      sim.setAttribute('aria-pressed', String(active));
      sim.classList.toggle('is-active', active);
      sim.replaceChildren(
        icon(active ? 'stop' : 'play'),
        h('span', {}, t(active ? 'modeler.simulation.stop' : 'modeler.simulation.start')),
      );
    });
    return h(
      'div',
      { class: 'mdl-canvas-controls' },
      sim,
      h(
        'div',
        { class: 'mdl-zoom', role: 'group', 'aria-label': t('modeler.zoom.group') },
        btn('mdl-zoom-in', 'modeler.zoom.in', 'plus', () => zoomBy(1.25)),
        btn('mdl-zoom-out', 'modeler.zoom.out', 'minus', () => zoomBy(0.8)),
        btn('mdl-zoom-fit', 'modeler.zoom.fit', 'fit', () => this.fit()),
      ),
    );
  }

  private emit(edit: boolean): void {
    for (const cb of this.listeners) cb(edit);
  }

  onChange(cb: (edit: boolean) => void): void {
    this.listeners.push(cb);
  }

  async open(xml: string): Promise<void> {
    // A process without a diagram is laid out before bpmn-js imports it (the cockpit does the same).
    await this.modeler.importXML(await withDiagram(xml));
    this.fit();
  }

  /** The whole diagram in the window, centred; the minimap and zoom buttons take it from there. */
  fit(): void {
    this.modeler.get<{ zoom(z: string, center: string): number }>('canvas').zoom('fit-viewport', 'auto');
  }

  async save(): Promise<string> {
    const { xml } = await this.modeler.saveXML({ format: true });
    return xml ?? '';
  }

  problems() {
    return this.modeler.get<Linting>('linting').problems;
  }

  undo(): void {
    this.modeler.get<{ undo(): void }>('commandStack').undo();
  }
  redo(): void {
    this.modeler.get<{ redo(): void }>('commandStack').redo();
  }

  reveal(id: string): boolean {
    const registry = this.modeler.get<{ get(id: string): { id: string } | undefined }>('elementRegistry');
    const el = registry.get(id);
    if (!el) return false;
    this.modeler.get<{ scrollToElement(el: unknown): void }>('canvas').scrollToElement(el);
    this.modeler.get<{ select(el: unknown): void }>('selection').select(el);
    return true;
  }

  destroy(): void {
    this.stopTranslation();
    this.modeler.destroy();
    if (window.__modeler === this.modeler) delete window.__modeler;
  }
}

/** The BPMN diagram of an instance: bpmn-js NavigatedViewer with state markers and count badges. */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import type { ElementStatistics } from './api';
import { h } from '../tasklist/ui/dom';
import { withLayout } from './layout';

export interface DiagramState {
  stats: ElementStatistics[];
  /** Elements to mark as failing although the incident sits elsewhere (a call activity whose child failed). */
  extraIncidents?: string[];
  onElementClick?(elementId: string): void;
}

interface Canvas {
  addMarker(id: string, marker: string): void;
  zoom(level: string): void;
}
interface Overlays { add(id: string, overlay: { position: { bottom?: number; right?: number; top?: number; left?: number }; html: HTMLElement }): void }
interface ElementRegistry { get(id: string): unknown }
interface EventBus { on(event: string, cb: (e: { element: { id: string; type: string } }) => void): void }

function badge(n: number, kind: string): HTMLElement {
  return h('div.ck-badge', { class: `ck-badge-${kind}` }, String(n));
}

export async function renderDiagram(container: HTMLElement, xml: string, state: DiagramState): Promise<{ destroy(): void }> {
  const viewer = new NavigatedViewer({ container });
  await viewer.importXML(withLayout(xml));
  const canvas = viewer.get('canvas') as Canvas;
  const overlays = viewer.get('overlays') as Overlays;
  const registry = viewer.get('elementRegistry') as ElementRegistry;
  canvas.zoom('fit-viewport');

  for (const s of state.stats) {
    if (!registry.get(s.elementId)) continue;
    // One marker per element, worst state wins: incident > active > completed.
    const incident = s.incidents > 0 || state.extraIncidents?.includes(s.elementId);
    const marker = incident ? 'ck-incident' : s.active > 0 ? 'ck-active' : s.completed > 0 ? 'ck-completed' : s.canceled > 0 ? 'ck-canceled' : undefined;
    if (marker) canvas.addMarker(s.elementId, marker);
    if (s.active > 0) overlays.add(s.elementId, { position: { bottom: 10, left: -8 }, html: badge(s.active, 'active') });
    if (s.incidents > 0) overlays.add(s.elementId, { position: { bottom: 10, right: 10 }, html: badge(s.incidents, 'incident') });
    else if (incident) overlays.add(s.elementId, { position: { bottom: 10, right: 10 }, html: badge(1, 'incident') });
    if (s.completed > 1) overlays.add(s.elementId, { position: { top: -10, right: 10 }, html: badge(s.completed, 'completed') });
  }
  const bus = viewer.get('eventBus') as EventBus;
  bus.on('element.click', (e) => state.onElementClick?.(e.element.id));
  return { destroy: () => viewer.destroy() };
}

/**
 * The BPMN diagram of an instance: bpmn-js NavigatedViewer with state markers and count badges.
 * It opens fitted, but never below a zoom at which labels stay readable; then it scrolls to the
 * failing (or active) element. Drag pans, Ctrl+wheel zooms, and the card has zoom buttons.
 */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import type { ElementStatistics } from './api';
import { h } from '../tasklist/ui/dom';
import { withDiagram } from '../web/bpmn-layout';

export interface DiagramState {
  stats: ElementStatistics[];
  /** Elements to mark as failing although the incident sits elsewhere (a call activity whose child failed). */
  extraIncidents?: string[];
  onElementClick?(elementId: string): void;
  /** The view to restore (the diagram is rebuilt when the instance changes). */
  viewbox?: Viewbox;
  /** The element selected in modification mode. */
  selected?: string;
}

export interface Viewbox {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Canvas {
  addMarker(id: string, marker: string): void;
  removeMarker(id: string, marker: string): void;
  zoom(level?: string | number, center?: 'auto' | { x: number; y: number }): number;
  viewbox(box?: Viewbox): Viewbox & { scale: number; inner: Viewbox; outer: { width: number; height: number } };
  scrollToElement(id: string, padding?: number): void;
}

/** Below this, 11px labels shrink under 8px. */
export const MIN_READABLE_ZOOM = 0.75;
const MAX_ZOOM = 2.5;

export interface DiagramControls {
  zoomIn(): void;
  zoomOut(): void;
  /** The whole diagram in view, however small. */
  fit(): void;
  viewbox(): Viewbox;
  /** Marks one element as selected (modification mode); undefined clears it. */
  mark(elementId: string | undefined): void;
  /** Shows the pending modification's token changes as +n / −n badges, as Operate does. */
  pending(counts: PendingCounts): void;
  destroy(): void;
}
type Overlay = { position: { bottom?: number; right?: number; top?: number; left?: number }; html: HTMLElement };
interface Overlays {
  add(id: string, overlay: Overlay): void;
  add(id: string, type: string, overlay: Overlay): void;
  remove(filter: { type: string }): void;
}

/** Tokens a pending modification adds to and takes from an element. */
export type PendingCounts = Map<string, { add: number; cancel: number }>;
interface ElementRegistry {
  get(id: string): unknown;
}
interface EventBus {
  on(event: string, cb: (e: { element: { id: string; type: string } }) => void): void;
}

function badge(n: number, kind: string, sign = ''): HTMLElement {
  return h('div.ck-badge', { class: `ck-badge-${kind}` }, `${sign}${n}`);
}

export async function renderDiagram(container: HTMLElement, xml: string, state: DiagramState): Promise<DiagramControls> {
  const viewer = new NavigatedViewer({ container });
  await viewer.importXML(await withDiagram(xml));
  const canvas = viewer.get('canvas') as Canvas;
  const overlays = viewer.get('overlays') as Overlays;
  const registry = viewer.get('elementRegistry') as ElementRegistry;
  const focus =
    state.stats.find((s) => s.incidents > 0 || state.extraIncidents?.includes(s.elementId))?.elementId ??
    state.stats.find((s) => s.active > 0)?.elementId;
  if (state.viewbox) canvas.viewbox(state.viewbox);
  else if (canvas.zoom('fit-viewport') < MIN_READABLE_ZOOM) {
    canvas.zoom(MIN_READABLE_ZOOM);
    if (focus && registry.get(focus)) canvas.scrollToElement(focus, 120);
    else {
      const { inner } = canvas.viewbox();
      const vb = canvas.viewbox();
      canvas.viewbox({ x: inner.x - 20, y: inner.y + inner.height / 2 - vb.height / 2, width: vb.width, height: vb.height });
    }
  }

  for (const s of state.stats) {
    if (!registry.get(s.elementId)) continue;
    // One marker per element, worst state wins: incident > active > completed.
    const incident = s.incidents > 0 || state.extraIncidents?.includes(s.elementId);
    const marker = incident
      ? 'ck-incident'
      : s.active > 0
        ? 'ck-active'
        : s.completed > 0
          ? 'ck-completed'
          : s.canceled > 0
            ? 'ck-canceled'
            : undefined;
    if (marker) canvas.addMarker(s.elementId, marker);
    if (s.active > 0) overlays.add(s.elementId, { position: { bottom: 10, left: -8 }, html: badge(s.active, 'active') });
    if (s.incidents > 0) overlays.add(s.elementId, { position: { bottom: 10, right: 10 }, html: badge(s.incidents, 'incident') });
    else if (incident) overlays.add(s.elementId, { position: { bottom: 10, right: 10 }, html: badge(1, 'incident') });
    if (s.completed > 1) overlays.add(s.elementId, { position: { top: -10, right: 10 }, html: badge(s.completed, 'completed') });
  }
  let marked: string | undefined;
  const mark = (id: string | undefined) => {
    if (marked && registry.get(marked)) canvas.removeMarker(marked, 'ck-selected');
    marked = id && registry.get(id) ? id : undefined;
    if (marked) canvas.addMarker(marked, 'ck-selected');
  };
  mark(state.selected);
  const pending = (counts: PendingCounts) => {
    overlays.remove({ type: 'ck-pending' });
    for (const [id, c] of counts) {
      if (!registry.get(id)) continue;
      if (c.add > 0) overlays.add(id, 'ck-pending', { position: { top: -12, left: -12 }, html: badge(c.add, 'add', '+') });
      if (c.cancel > 0) overlays.add(id, 'ck-pending', { position: { top: -12, right: 12 }, html: badge(c.cancel, 'cancel', '−') });
    }
  };
  const bus = viewer.get('eventBus') as EventBus;
  bus.on('element.click', (e) => state.onElementClick?.(e.element.id));
  const step = (factor: number) => canvas.zoom(Math.min(MAX_ZOOM, Math.max(0.2, canvas.zoom() * factor)), 'auto');
  return {
    zoomIn: () => step(1.25),
    zoomOut: () => step(0.8),
    fit: () => canvas.zoom('fit-viewport', 'auto'),
    viewbox: () => {
      const { x, y, width, height } = canvas.viewbox();
      return { x, y, width, height };
    },
    mark,
    pending,
    destroy: () => viewer.destroy(),
  };
}

/**
 * Lays out BPMN that has no diagram (DI). The product's processes are written by hand as XML
 * without coordinates, and bpmn-js cannot show a process without DI, so the modeler adds a
 * left-to-right layered layout on open. Sub-processes become collapsed shapes with their own
 * drill-down plane, which keeps each plane small and readable.
 */
import type { Moddle, ModdleElement } from './moddle-types';

const SIZE: Record<string, [number, number]> = { event: [36, 36], gateway: [50, 50], activity: [110, 80] };
const COL = 170;
const ROW = 130;
const MARGIN = { x: 80, y: 80 };

interface Node { el: ModdleElement; layer: number; row: number; w: number; h: number; x: number; y: number; boundaries: ModdleElement[] }

function kindOf(el: ModdleElement): keyof typeof SIZE {
  if (/Event$/.test(el.$type)) return 'event';
  if (/Gateway$/.test(el.$type)) return 'gateway';
  return 'activity';
}

export function hasDiagram(definitions: ModdleElement): boolean {
  return (definitions.diagrams ?? []).some((d: ModdleElement) => (d.plane?.planeElement ?? []).length > 0);
}

/** Adds DI to definitions in place: one plane per process and per sub-process. */
export function layoutDefinitions(moddle: Moddle, definitions: ModdleElement): void {
  const diagrams: ModdleElement[] = [];
  const processes = (definitions.rootElements ?? []).filter((e: ModdleElement) => e.$type === 'bpmn:Process');
  let n = 0;
  const planeFor = (owner: ModdleElement) => {
    const plane = moddle.create('bpmndi:BPMNPlane', { id: `${owner.id}_plane`, bpmnElement: owner, planeElement: [] });
    diagrams.push(moddle.create('bpmndi:BPMNDiagram', { id: `diagram_${++n}`, plane }));
    return plane;
  };
  const layoutScope = (owner: ModdleElement) => {
    const plane = planeFor(owner);
    const subs = layoutFlowElements(moddle, owner.flowElements ?? [], plane.planeElement);
    for (const s of subs) layoutScope(s);
  };
  for (const p of processes) layoutScope(p);
  definitions.diagrams = diagrams;
}

function layoutFlowElements(moddle: Moddle, elements: ModdleElement[], out: ModdleElement[]): ModdleElement[] {
  const flows = elements.filter((e) => e.$type === 'bpmn:SequenceFlow');
  const boundaries = elements.filter((e) => e.$type === 'bpmn:BoundaryEvent');
  const nodes = new Map<string, Node>();
  for (const el of elements) {
    if (el.$type === 'bpmn:SequenceFlow' || el.$type === 'bpmn:BoundaryEvent' || !el.$instanceOf('bpmn:FlowNode')) continue;
    const [w, h] = SIZE[kindOf(el)];
    nodes.set(el.id, { el, layer: -1, row: -1, w, h, x: 0, y: 0, boundaries: [] });
  }
  for (const b of boundaries) nodes.get(b.attachedToRef?.id)?.boundaries.push(b);
  // A boundary event's flows count as leaving its host, so its targets go right of the host.
  const hostOf = (id: string) => nodes.get(id)?.el.id ?? boundaries.find((b) => b.id === id)?.attachedToRef?.id;
  const out_ = new Map<string, string[]>();
  for (const f of flows) {
    const s = hostOf(f.sourceRef.id);
    if (!s) continue;
    out_.set(s, [...(out_.get(s) ?? []), f.targetRef.id]);
  }

  // Layers: longest path over the graph without its back edges (found by DFS).
  const back = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const order: string[] = [];
  const dfs = (id: string) => {
    state.set(id, 'open');
    for (const t of out_.get(id) ?? []) {
      if (state.get(t) === 'open') back.add(`${id}>${t}`);
      else if (!state.has(t)) dfs(t);
    }
    state.set(id, 'done');
    order.push(id);
  };
  const incoming = new Set(flows.map((f) => f.targetRef.id));
  const starts = [...nodes.keys()].filter((id) => !incoming.has(id));
  for (const id of [...starts, ...nodes.keys()]) if (!state.has(id)) dfs(id);
  for (const id of order.reverse()) {
    const node = nodes.get(id)!;
    if (node.layer < 0) node.layer = 0;
    for (const t of out_.get(id) ?? []) {
      const target = nodes.get(t);
      if (target && !back.has(`${id}>${t}`)) target.layer = Math.max(target.layer, node.layer + 1);
    }
  }

  // Rows: a node continues its predecessor's row if free, else takes the next free row below.
  const taken = new Set<string>();
  const place = (node: Node, row: number) => {
    while (taken.has(`${node.layer}:${row}`)) row++;
    node.row = row;
    taken.add(`${node.layer}:${row}`);
  };
  const visit = (id: string, row: number) => {
    const node = nodes.get(id);
    if (!node || node.row >= 0) return;
    place(node, row);
    // Targets of boundary events hang below the host, so keep them off its row.
    const fromBoundaries = new Set(flows.filter((f) => node.boundaries.includes(f.sourceRef)).map((f) => f.targetRef.id));
    (out_.get(id) ?? []).forEach((t, i) => visit(t, node.row + (fromBoundaries.has(t) ? 1 : 0) + (i > 0 ? 1 : 0)));
  };
  for (const id of starts) visit(id, 0);
  for (const id of nodes.keys()) visit(id, 0);

  for (const node of nodes.values()) {
    node.x = MARGIN.x + node.layer * COL + (110 - node.w) / 2;
    node.y = MARGIN.y + node.row * ROW + (80 - node.h) / 2;
    out.push(shape(moddle, node.el, node.x, node.y, node.w, node.h));
    node.boundaries.forEach((b, i) => out.push(shape(moddle, b, node.x + 20 + i * 46, node.y + node.h - 18, 36, 36)));
  }

  const bounds = (id: string) => {
    const n = nodes.get(id);
    if (n) return { x: n.x, y: n.y, w: n.w, h: n.h };
    const b = boundaries.find((e) => e.id === id);
    const host = b && nodes.get(b.attachedToRef.id);
    if (!b || !host) return undefined;
    const i = host.boundaries.indexOf(b);
    return { x: host.x + 20 + i * 46, y: host.y + host.h - 18, w: 36, h: 36, boundary: true };
  };
  const bottom = Math.max(0, ...[...nodes.values()].map((n) => n.y + n.h));
  for (const f of flows) {
    const s = bounds(f.sourceRef.id);
    const t = bounds(f.targetRef.id);
    if (!s || !t) continue;
    out.push(edge(moddle, f, route(s, t, back.has(`${hostOf(f.sourceRef.id)}>${f.targetRef.id}`), bottom)));
  }
  return elements.filter((e) => e.$type === 'bpmn:SubProcess');
}

type Box = { x: number; y: number; w: number; h: number; boundary?: boolean };

/** Orthogonal routes: right-then-down for forward flows, below everything for loops. */
function route(s: Box, t: Box, isBack: boolean, bottom: number): [number, number][] {
  const sy = s.y + s.h / 2;
  const ty = t.y + t.h / 2;
  if (s.boundary) {
    const sx = s.x + s.w / 2;
    return [[sx, s.y + s.h], [sx, ty], [t.x, ty]];
  }
  if (isBack) {
    const low = bottom + 40;
    return [[s.x + s.w / 2, s.y + s.h], [s.x + s.w / 2, low], [t.x + t.w / 2, low], [t.x + t.w / 2, t.y + t.h]];
  }
  if (Math.abs(sy - ty) < 1) return [[s.x + s.w, sy], [t.x, ty]];
  // Leave a gateway from its top or bottom corner, as people draw it.
  if (s.h === 50 && s.w === 50) return [[s.x + s.w / 2, ty > sy ? s.y + s.h : s.y], [s.x + s.w / 2, ty], [t.x, ty]];
  const mx = t.x - 30;
  return [[s.x + s.w, sy], [mx, sy], [mx, ty], [t.x, ty]];
}

function shape(moddle: Moddle, el: ModdleElement, x: number, y: number, w: number, h: number): ModdleElement {
  const attrs: Record<string, unknown> = { id: `${el.id}_di`, bpmnElement: el, bounds: moddle.create('dc:Bounds', { x, y, width: w, height: h }) };
  if (el.$type === 'bpmn:SubProcess') attrs.isExpanded = false;
  if (el.$type === 'bpmn:ExclusiveGateway') attrs.isMarkerVisible = true;
  return moddle.create('bpmndi:BPMNShape', attrs);
}

function edge(moddle: Moddle, el: ModdleElement, points: [number, number][]): ModdleElement {
  return moddle.create('bpmndi:BPMNEdge', {
    id: `${el.id}_di`, bpmnElement: el, waypoint: points.map(([x, y]) => moddle.create('dc:Point', { x, y })),
  });
}

/**
 * A left-to-right layout for BPMN without diagram interchange (the deployed processes/*.bpmn carry
 * none), so the viewer has shapes to mark. Layers by longest path, keeps a branch on its
 * predecessor's row, lays out sub-processes recursively, routes edges orthogonally.
 */
const NS = {
  bpmn: 'http://www.omg.org/spec/BPMN/20100524/MODEL', bpmndi: 'http://www.omg.org/spec/BPMN/20100524/DI',
  dc: 'http://www.omg.org/spec/DD/20100524/DC', di: 'http://www.omg.org/spec/DD/20100524/DI',
};
const NOT_NODES = new Set(['sequenceFlow', 'boundaryEvent', 'extensionElements', 'documentation', 'laneSet', 'textAnnotation', 'association',
  'dataObject', 'dataObjectReference', 'dataStoreReference', 'multiInstanceLoopCharacteristics', 'standardLoopCharacteristics', 'ioSpecification',
  'incoming', 'outgoing', 'property', 'dataInputAssociation', 'dataOutputAssociation']);
const GAP_X = 60;
const GAP_Y = 50;
const PAD = 30;

interface Box { x: number; y: number; w: number; h: number }
interface Node { el: Element; id: string; w: number; h: number; col: number; row: number; box?: Box; inner?: Layout }
interface Layout { w: number; h: number; nodes: Node[]; place(dx: number, dy: number): void }

function baseSize(el: Element): [number, number] {
  const type = el.localName;
  if (type.endsWith('Event')) return [36, 36];
  if (type.endsWith('Gateway')) return [50, 50];
  return [100, 80];
}

function layoutContainer(container: Element, flows: Element[]): Layout {
  const nodes: Node[] = [];
  for (const el of Array.from(container.children)) {
    if (el.namespaceURI !== NS.bpmn || NOT_NODES.has(el.localName) || !el.getAttribute('id')) continue;
    const [w, h] = baseSize(el);
    const node: Node = { el, id: el.getAttribute('id')!, w, h, col: 0, row: -1 };
    if (el.localName === 'subProcess') {
      node.inner = layoutContainer(el, flows);
      node.w = Math.max(200, node.inner.w + 2 * PAD);
      node.h = Math.max(120, node.inner.h + 2 * PAD);
    }
    nodes.push(node);
  }
  const byId = new Map(nodes.map((n) => [n.id, n]));
  // A boundary event's outgoing flows leave from its host.
  const hostOf = new Map<string, string>();
  for (const b of Array.from(container.children).filter((c) => c.localName === 'boundaryEvent')) hostOf.set(b.getAttribute('id')!, b.getAttribute('attachedToRef')!);
  const edges = flows.map((f) => [hostOf.get(f.getAttribute('sourceRef')!) ?? f.getAttribute('sourceRef')!, f.getAttribute('targetRef')!] as const)
    .filter(([s, t]) => byId.has(s) && byId.has(t));
  const out = new Map<string, string[]>();
  for (const [s, t] of edges) out.set(s, [...(out.get(s) ?? []), t]);

  // DFS from the start nodes marks back edges (loops), so layering sees a DAG.
  const incoming = new Set(edges.map(([, t]) => t));
  const starts = nodes.filter((n) => !incoming.has(n.id));
  const state = new Map<string, 1 | 2>();
  const back = new Set<string>();
  const order: string[] = [];
  const visit = (id: string) => {
    state.set(id, 1);
    for (const t of out.get(id) ?? []) {
      if (state.get(t) === 1) back.add(`${id}>${t}`);
      else if (!state.has(t)) visit(t);
    }
    state.set(id, 2);
    order.unshift(id);
  };
  for (const s of [...starts, ...nodes]) if (!state.has(s.id)) visit(s.id);
  for (const id of order) {
    for (const t of out.get(id) ?? []) if (!back.has(`${id}>${t}`)) byId.get(t)!.col = Math.max(byId.get(t)!.col, byId.get(id)!.col + 1);
  }
  // Rows: the first successor stays on its predecessor's row; further branches take the next free rows.
  const taken = new Set<string>();
  const free = (col: number, row: number) => { let r = row; while (taken.has(`${col}:${r}`)) r++; return r; };
  for (const id of order) {
    const n = byId.get(id)!;
    if (n.row < 0) { n.row = free(n.col, 0); taken.add(`${n.col}:${n.row}`); }
    for (const t of out.get(id) ?? []) {
      const m = byId.get(t)!;
      if (m.row >= 0 || back.has(`${id}>${t}`)) continue;
      m.row = free(m.col, n.row);
      taken.add(`${m.col}:${m.row}`);
    }
  }
  const colW: number[] = [];
  const rowH: number[] = [];
  for (const n of nodes) {
    colW[n.col] = Math.max(colW[n.col] ?? 0, n.w);
    rowH[n.row] = Math.max(rowH[n.row] ?? 0, n.h);
  }
  const offset = (sizes: number[], i: number, gap: number) => sizes.slice(0, i).reduce((s, v) => s + (v ?? 0) + gap, 0);
  for (const n of nodes) {
    const cx = offset(colW, n.col, GAP_X) + (colW[n.col] ?? 0) / 2;
    const cy = offset(rowH, n.row, GAP_Y) + Math.min(rowH[n.row] ?? 0, 120) / 2 + (n.h > 120 ? (n.h - 120) / 2 : 0);
    n.box = { x: cx - n.w / 2, y: cy - n.h / 2, w: n.w, h: n.h };
  }
  const w = offset(colW, colW.length, GAP_X) - GAP_X;
  const h = offset(rowH, rowH.length, GAP_Y) - GAP_Y;
  return {
    w, h, nodes,
    place(dx, dy) {
      for (const n of nodes) {
        n.box!.x += dx;
        n.box!.y += dy;
        n.inner?.place(n.box!.x + PAD, n.box!.y + PAD);
      }
    },
  };
}

function allNodes(l: Layout): Node[] {
  return l.nodes.flatMap((n) => [n, ...(n.inner ? allNodes(n.inner) : [])]);
}

export function withLayout(xml: string): string {
  if (xml.includes('BPMNDiagram')) return xml;
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const process = doc.getElementsByTagNameNS(NS.bpmn, 'process')[0];
  if (!process) return xml;
  const flows = Array.from(doc.getElementsByTagNameNS(NS.bpmn, 'sequenceFlow'));
  const layout = layoutContainer(process, flows);
  layout.place(60, 60);
  const boxes = new Map(allNodes(layout).map((n) => [n.id, n.box!]));
  const el = (ns: keyof typeof NS, name: string, attrs: Record<string, string | number>) => {
    const e = doc.createElementNS(NS[ns], `${ns}:${name}`);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    return e;
  };
  const plane = el('bpmndi', 'BPMNPlane', { id: `${process.getAttribute('id')}_plane`, bpmnElement: process.getAttribute('id')! });
  const shape = (id: string, b: Box, extra: Record<string, string> = {}) => {
    const s = el('bpmndi', 'BPMNShape', { id: `${id}_di`, bpmnElement: id, ...extra });
    s.appendChild(el('dc', 'Bounds', { x: Math.round(b.x), y: Math.round(b.y), width: b.w, height: b.h }));
    plane.appendChild(s);
  };
  for (const n of allNodes(layout)) shape(n.id, n.box!, n.inner ? { isExpanded: 'true' } : {});
  // Boundary events sit on their host's lower edge, spread from the left.
  const perHost = new Map<string, number>();
  for (const b of Array.from(doc.getElementsByTagNameNS(NS.bpmn, 'boundaryEvent'))) {
    const host = boxes.get(b.getAttribute('attachedToRef')!);
    if (!host) continue;
    const i = perHost.get(b.getAttribute('attachedToRef')!) ?? 0;
    perHost.set(b.getAttribute('attachedToRef')!, i + 1);
    const box = { x: host.x + 12 + i * 44, y: host.y + host.h - 18, w: 36, h: 36 };
    boxes.set(b.getAttribute('id')!, box);
    shape(b.getAttribute('id')!, box);
  }
  for (const f of flows) {
    const s = boxes.get(f.getAttribute('sourceRef')!);
    const t = boxes.get(f.getAttribute('targetRef')!);
    if (!s || !t) continue;
    const edge = el('bpmndi', 'BPMNEdge', { id: `${f.getAttribute('id')}_di`, bpmnElement: f.getAttribute('id')! });
    const sy = s.y + s.h / 2;
    const ty = t.y + t.h / 2;
    let pts: [number, number][];
    const fromBoundary = f.getAttribute('sourceRef') !== null && doc.querySelector(`[id="${f.getAttribute('sourceRef')}"]`)?.localName === 'boundaryEvent';
    if (fromBoundary) pts = [[s.x + s.w / 2, s.y + s.h], [s.x + s.w / 2, ty], [t.x, ty]];
    else if (t.x > s.x + s.w) {
      const mx = s.x + s.w + GAP_X / 2;
      pts = Math.abs(sy - ty) < 1 ? [[s.x + s.w, sy], [t.x, ty]] : [[s.x + s.w, sy], [mx, sy], [mx, ty], [t.x, ty]];
    } else {
      const below = Math.max(s.y + s.h, t.y + t.h) + 25;
      pts = [[s.x + s.w / 2, s.y + s.h], [s.x + s.w / 2, below], [t.x + t.w / 2, below], [t.x + t.w / 2, t.y + t.h]];
    }
    for (const [x, y] of pts) edge.appendChild(el('di', 'waypoint', { x: Math.round(x), y: Math.round(y) }));
    plane.appendChild(edge);
  }
  const diagram = el('bpmndi', 'BPMNDiagram', { id: `${process.getAttribute('id')}_diagram` });
  diagram.appendChild(plane);
  doc.documentElement.appendChild(diagram);
  return new XMLSerializer().serializeToString(doc);
}

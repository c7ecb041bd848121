/**
 * The shipped processes carry a diagram laid out by hand (BPMN DI), so Camunda Modeler, Web
 * Modeler, our modeler and the cockpit all show the same picture. Checks that the diagram is
 * complete (a shape for every flow node, an edge for every sequence flow), that edges dock on
 * their source and target, run orthogonally and cross no other shape, and that no label sits on
 * a shape or a flow. DMN: dmn-js shows no DRD without DMNDI, so every decision has a shape.
 * A file without DI is laid out by bpmn-auto-layout (web/bpmn-layout.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { BpmnModdle, type ModdleElement } from 'bpmn-moddle';
import { DmnModdle } from 'dmn-moddle';
import { hasDiagram, withDiagram } from '../web/bpmn-layout';

const DIR = path.join(__dirname, '..', 'processes');
const bpmnFiles = fs.readdirSync(DIR).filter((f) => f.endsWith('.bpmn'));
const dmnFiles = fs.readdirSync(DIR).filter((f) => f.endsWith('.dmn'));

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
type Point = { x: number; y: number };
type El = ModdleElement & Record<string, any>;

async function parse(xml: string) {
  const { rootElement, warnings } = await BpmnModdle().fromXML(xml);
  expect(warnings.map((w) => w.message)).toEqual([]);
  const defs = rootElement as El;
  const flowElements: El[] = [];
  const walk = (container: El) => {
    for (const e of (container.flowElements ?? []) as El[]) {
      flowElements.push(e);
      if (e.flowElements) walk(e);
    }
  };
  for (const p of (defs.rootElements as El[]).filter((e) => e.$type === 'bpmn:Process')) walk(p);
  const planeElements = ((defs.diagrams ?? []) as El[]).flatMap((d) => (d.plane?.planeElement ?? []) as El[]);
  return { defs, flowElements, planeElements };
}

const onBorder = (p: Point, b: Box) => {
  const near = (a: number, c: number) => Math.abs(a - c) <= 1;
  const inX = p.x >= b.x - 1 && p.x <= b.x + b.width + 1;
  const inY = p.y >= b.y - 1 && p.y <= b.y + b.height + 1;
  return inX && inY && (near(p.x, b.x) || near(p.x, b.x + b.width) || near(p.y, b.y) || near(p.y, b.y + b.height));
};

/** Does the segment a-b pass through the inside of the box (touching its border does not count)? */
function crosses(a: Point, b: Point, box: Box): boolean {
  const x1 = Math.min(a.x, b.x);
  const x2 = Math.max(a.x, b.x);
  const y1 = Math.min(a.y, b.y);
  const y2 = Math.max(a.y, b.y);
  return x1 < box.x + box.width - 1 && x2 > box.x + 1 && y1 < box.y + box.height - 1 && y2 > box.y + 1;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe.each(bpmnFiles)('processes/%s', (file) => {
  const xml = fs.readFileSync(path.join(DIR, file), 'utf8');

  it('has a shape for every flow node and an edge for every sequence flow', async () => {
    const { flowElements, planeElements } = await parse(xml);
    const nodes = flowElements
      .filter((e) => e.$instanceOf('bpmn:FlowNode'))
      .map((e) => e.id)
      .sort();
    const flows = flowElements
      .filter((e) => e.$type === 'bpmn:SequenceFlow')
      .map((e) => e.id)
      .sort();
    const shapes = planeElements
      .filter((e) => e.$type === 'bpmndi:BPMNShape')
      .map((e) => e.bpmnElement?.id)
      .sort();
    const edges = planeElements
      .filter((e) => e.$type === 'bpmndi:BPMNEdge')
      .map((e) => e.bpmnElement?.id)
      .sort();
    expect(shapes).toEqual(nodes);
    expect(edges).toEqual(flows);
    expect(hasDiagram(xml)).toBe(true);
  });

  it('draws shapes in the standard sizes, exclusive gateways with their marker', async () => {
    const { planeElements } = await parse(xml);
    for (const s of planeElements.filter((e) => e.$type === 'bpmndi:BPMNShape')) {
      const el = s.bpmnElement as El;
      const size = `${s.bounds.width}x${s.bounds.height}`;
      if (el.$instanceOf('bpmn:Event')) expect([el.id, size]).toEqual([el.id, '36x36']);
      else if (el.$instanceOf('bpmn:Gateway')) expect([el.id, size]).toEqual([el.id, '50x50']);
      else if (el.$type === 'bpmn:SubProcess') expect([el.id, s.isExpanded]).toEqual([el.id, true]);
      else expect([el.id, size]).toEqual([el.id, '100x80']);
      if (el.$type === 'bpmn:ExclusiveGateway') expect([el.id, s.isMarkerVisible]).toEqual([el.id, true]);
    }
  });

  it('docks every edge on its source and target, runs it orthogonally and through no other shape', async () => {
    const { planeElements } = await parse(xml);
    const shapes = planeElements.filter((e) => e.$type === 'bpmndi:BPMNShape');
    const boxOf = new Map<string, Box>(shapes.map((s) => [s.bpmnElement.id, s.bounds]));
    const problems: string[] = [];
    for (const edge of planeElements.filter((e) => e.$type === 'bpmndi:BPMNEdge')) {
      const flow = edge.bpmnElement as El;
      const pts = edge.waypoint as Point[];
      if (!onBorder(pts[0], boxOf.get(flow.sourceRef.id)!)) problems.push(`${flow.id} does not start on ${flow.sourceRef.id}`);
      if (!onBorder(pts[pts.length - 1], boxOf.get(flow.targetRef.id)!)) problems.push(`${flow.id} does not end on ${flow.targetRef.id}`);
      // Shapes the edge may touch: its ends, the host of a boundary event it leaves, the sub-processes around it.
      const allowed = new Set([flow.sourceRef.id, flow.targetRef.id, flow.sourceRef.attachedToRef?.id]);
      for (let p = flow.$parent as El | undefined; p; p = p.$parent) allowed.add(p.id);
      for (let i = 1; i < pts.length; i++) {
        if (pts[i].x !== pts[i - 1].x && pts[i].y !== pts[i - 1].y) problems.push(`${flow.id} has a diagonal segment`);
        for (const s of shapes) {
          if (!allowed.has(s.bpmnElement.id) && crosses(pts[i - 1], pts[i], s.bounds))
            problems.push(`${flow.id} crosses ${s.bpmnElement.id}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives every named flow, gateway and event a label that sits on no shape and no flow', async () => {
    const { planeElements } = await parse(xml);
    const shapes = planeElements.filter((e) => e.$type === 'bpmndi:BPMNShape');
    const edges = planeElements.filter((e) => e.$type === 'bpmndi:BPMNEdge');
    const problems: string[] = [];
    for (const di of [...shapes, ...edges]) {
      const el = di.bpmnElement as El;
      const external = el.$type === 'bpmn:SequenceFlow' || el.$instanceOf('bpmn:Gateway') || el.$instanceOf('bpmn:Event');
      if (!external || !el.name) continue;
      const label = di.label?.bounds as Box | undefined;
      if (!label) {
        problems.push(`${el.id} has no label bounds`);
        continue;
      }
      for (const s of shapes)
        if (overlaps(label, s.bounds) && s.bpmnElement.$type !== 'bpmn:SubProcess')
          problems.push(`label of ${el.id} on ${s.bpmnElement.id}`);
      for (const e of edges) {
        const pts = e.waypoint as Point[];
        for (let i = 1; i < pts.length; i++)
          if (crosses(pts[i - 1], pts[i], label)) problems.push(`label of ${el.id} on flow ${e.bpmnElement.id}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('without its diagram is laid out by bpmn-auto-layout, completely', async () => {
    const bare = xml.replace(/\s*<bpmndi:BPMNDiagram[\s\S]*<\/bpmndi:BPMNDiagram>/, '');
    expect(hasDiagram(bare)).toBe(false);
    const laidOut = await withDiagram(bare);
    const { flowElements, planeElements } = await parse(laidOut);
    const drawn = new Set(planeElements.map((e) => e.bpmnElement?.id));
    const top = flowElements.filter((e) => e.$parent?.$type === 'bpmn:Process').map((e) => e.id);
    expect(top.filter((id) => !drawn.has(id))).toEqual([]);
    // The semantics survive the round trip: Zeebe extensions are still there.
    expect(laidOut).toContain('zeebe:taskDefinition');
  });

  it('is shown as drawn when it has a diagram', async () => {
    expect(await withDiagram(xml)).toBe(xml);
  });
});

describe.each(dmnFiles)('processes/%s', (file) => {
  it('has a DRD shape (DMNDI) for every decision, input and knowledge element', async () => {
    const { rootElement } = await DmnModdle().fromXML(fs.readFileSync(path.join(DIR, file), 'utf8'), 'dmn:Definitions');
    const defs = rootElement as unknown as El;
    const drg = ((defs.drgElement ?? []) as El[]).map((e) => e.id).sort();
    const shapes = ((defs.dmnDI?.diagrams ?? []) as El[])
      .flatMap((d) => (d.diagramElements ?? []) as El[])
      .filter((e) => e.$type === 'dmndi:DMNShape')
      .map((e) => e.dmnElementRef?.id)
      .sort();
    expect(drg.length).toBeGreaterThan(0);
    expect(shapes).toEqual(drg);
  });
});

/**
 * One layout for BPMN, shared by the modeler and the cockpit so both show the same diagram.
 * A file with a diagram (BPMN DI, e.g. the shipped processes/*.bpmn, laid out by hand) is shown
 * as drawn; a file without one (written as XML, or exported by a tool that drops DI) is laid out
 * by bpmn-auto-layout, the bpmn.io layouter.
 */
import { layoutProcess } from 'bpmn-auto-layout';

/** Does the XML carry a diagram with at least one shape? An empty plane counts as no diagram. */
export function hasDiagram(xml: string): boolean {
  return /<([\w.-]+:)?BPMNShape[\s/>]/.test(xml);
}

/** The XML as is when it has a diagram, else with one from bpmn-auto-layout. */
export async function withDiagram(xml: string): Promise<string> {
  if (hasDiagram(xml)) return xml;
  return layoutProcess(xml);
}

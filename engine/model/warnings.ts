/**
 * moddle parses leniently and reports what it dropped as warnings. Dropped BPMN or zeebe elements
 * and unresolved references change what would run, so they become deployment problems; foreign
 * extensions and diagram (DI) issues are ignored.
 */
import type { UnresolvedFlowEnds } from './build-process';
import { owningId, str, type ParseWarning } from './moddle';
import type { Problems } from './rejection';

const BPMN_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
const ZEEBE_NS = 'http://camunda.org/schema/zeebe/1.0';
const DIAGRAM_TYPES = /^(bpmndi|dc|di):/;

export function readWarnings(warnings: ParseWarning[], xml: string, resourceName: string, problems: Problems): UnresolvedFlowEnds {
  const unresolved: UnresolvedFlowEnds = new Map();
  const semanticPrefixes = prefixesOf(xml, [BPMN_NS, ZEEBE_NS]);
  for (const warning of warnings) {
    const holder = warning.element;
    if (holder) {
      if (DIAGRAM_TYPES.test(holder.$type)) continue;
      const property = (warning.property ?? '').replace(/^\w+:/, '');
      const holderId = str(holder, 'id');
      // Zeebe executes no message flows, and builds the flows of a node from the sequence flows'
      // sourceRef and targetRef, not from its <incoming>/<outgoing> lists: references there are not read.
      if (holder.$type === 'bpmn:MessageFlow' || property === 'incoming' || property === 'outgoing') continue;
      if (holder.$type === 'bpmn:SequenceFlow' && holderId && (property === 'sourceRef' || property === 'targetRef')) {
        unresolved.set(`${holderId}#${property}`, warning.value ?? '');
        continue;
      }
      const message =
        holder.$type === 'bpmn:CompensateEventDefinition' && property === 'activityRef'
          ? `The referenced compensation activity '${warning.value ?? ''}' doesn't exist` // Zeebe's CompensationEventDefinitionValidator
          : `Reference '${warning.value ?? ''}' in attribute '${property}' cannot be resolved`;
      problems.add(owningId(holder) ?? resourceName, message);
      continue;
    }
    const dropped = /^unparsable content <([\w.-]+:)?([\w.-]+)/.exec(warning.message);
    if (!dropped) continue;
    const prefix = dropped[1]?.slice(0, -1) ?? '';
    if (!semanticPrefixes.has(prefix)) continue;
    const tag = `${dropped[1] ?? ''}${dropped[2]}`;
    const nested = /nested error: ([^\n]*)/.exec(warning.message)?.[1];
    problems.add(locateId(xml, warning.message) ?? resourceName, `Unknown or invalid element <${tag}>${nested ? ` (${nested})` : ''}`);
  }
  return unresolved;
}

/** Namespace prefixes bound to the given URIs ('' for a default namespace). */
function prefixesOf(xml: string, uris: string[]): Set<string> {
  const prefixes = new Set<string>();
  for (const match of xml.matchAll(/xmlns(?::([\w.-]+))?\s*=\s*["']([^"']*)["']/g)) {
    if (uris.includes(match[2]!)) prefixes.add(match[1] ?? '');
  }
  return prefixes;
}

/** The id of the element at the warning's position, or of the nearest element before it. */
function locateId(xml: string, message: string): string | undefined {
  const line = /line: (\d+)/.exec(message);
  const column = /column: (\d+)/.exec(message);
  if (!line || !column) return undefined;
  const lines = xml.split('\n');
  let offset = 0;
  for (let i = 0; i < Number(line[1]) && i < lines.length; i++) offset += lines[i]!.length + 1;
  offset = Math.min(offset + Number(column[1]), xml.length);
  const tagStart = xml.lastIndexOf('<', offset);
  const tagEnd = xml.indexOf('>', tagStart);
  const ownId = /\sid\s*=\s*["']([^"']+)["']/.exec(xml.slice(tagStart, tagEnd))?.[1];
  if (ownId) return ownId;
  const before = [...xml.slice(0, Math.max(tagStart, 0)).matchAll(/\sid\s*=\s*["']([^"']+)["']/g)];
  return before.at(-1)?.[1];
}

/** The flow nodes of a BPMN diagram with their enclosing scope, for choosing modification and migration targets. */
import { tagToType } from './names';

const BPMN = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
const FLOW_NODE =
  /^(task|serviceTask|userTask|scriptTask|businessRuleTask|sendTask|receiveTask|manualTask|callActivity|subProcess|adHocSubProcess|transaction|exclusiveGateway|parallelGateway|inclusiveGateway|eventBasedGateway|complexGateway|startEvent|endEvent|intermediateCatchEvent|intermediateThrowEvent|boundaryEvent)$/;

export interface FlowNode {
  id: string;
  /** As the /v2 API spells it: `SERVICE_TASK`, `EVENT_SUB_PROCESS`, … */
  type: string;
  /** The enclosing sub-process's id; undefined at the process level. */
  parentId?: string;
  /** An event an event-based gateway waits for (entered by the gateway, never by a token). */
  afterEventGateway?: boolean;
  /** Inside a multi-instance sub-process: a token can be moved there, not added (which instance would it join?). */
  inMultiInstance?: boolean;
}

const isMultiInstance = (el: Element) => Array.from(el.children).some((c) => c.localName === 'multiInstanceLoopCharacteristics');

function insideMultiInstance(el: Element): boolean {
  for (let p = el.parentElement; p && p.localName !== 'process'; p = p.parentElement) if (isMultiInstance(p)) return true;
  return false;
}

/** The flow nodes of one process of the file (a collaboration holds several), or of all when no id is given. */
export function flowNodes(xml: string, processId?: string): FlowNode[] {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const nodes: FlowNode[] = [];
  const process = processId
    ? Array.from(doc.getElementsByTagNameNS(BPMN, 'process')).find((p) => p.getAttribute('id') === processId)
    : undefined;
  const all = Array.from((process ?? doc).getElementsByTagNameNS(BPMN, '*'));
  const gateways = new Set(all.filter((el) => el.localName === 'eventBasedGateway').map((el) => el.getAttribute('id')));
  const gatewayTargets = new Set(
    all
      .filter((el) => el.localName === 'sequenceFlow' && gateways.has(el.getAttribute('sourceRef')))
      .map((el) => el.getAttribute('targetRef')),
  );
  for (const el of all) {
    const id = el.getAttribute('id');
    if (!id || !FLOW_NODE.test(el.localName)) continue;
    const type =
      el.localName === 'subProcess' && el.getAttribute('triggeredByEvent') === 'true' ? 'EVENT_SUB_PROCESS' : tagToType(el.localName);
    const parent = el.parentElement;
    const parentId =
      parent && parent.localName !== 'process' && parent.namespaceURI === BPMN ? (parent.getAttribute('id') ?? undefined) : undefined;
    nodes.push({
      id,
      type,
      parentId,
      ...(gatewayTargets.has(id) ? { afterEventGateway: true } : {}),
      ...(insideMultiInstance(el) ? { inMultiInstance: true } : {}),
    });
  }
  return nodes;
}

/**
 * Where a token may be added or moved to, as in Operate 8.8's modification mode: not start or boundary
 * events, not the events an event-based gateway waits for.
 */
export const canActivate = (n: FlowNode) => n.type !== 'START_EVENT' && n.type !== 'BOUNDARY_EVENT' && !n.afterEventGateway;

/** Operate 8.8 adds no token inside a multi-instance sub-process (moves there stay in their instance). */
export const canAdd = (n: FlowNode) => canActivate(n) && !n.inMultiInstance;

/** Tokens may be moved away from any element but a sub-process itself (Operate 8.8). */
export const canMoveFrom = (type: string) => !/SUB_PROCESS$/.test(type);

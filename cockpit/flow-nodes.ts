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
}

export function flowNodes(xml: string): FlowNode[] {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const nodes: FlowNode[] = [];
  const all = Array.from(doc.getElementsByTagNameNS(BPMN, '*'));
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
    nodes.push({ id, type, parentId, ...(gatewayTargets.has(id) ? { afterEventGateway: true } : {}) });
  }
  return nodes;
}

/**
 * Where a token may be added or moved to, as in Operate 8.8's modification mode: not start or boundary
 * events, not the events an event-based gateway waits for.
 */
export const canActivate = (n: FlowNode) => n.type !== 'START_EVENT' && n.type !== 'BOUNDARY_EVENT' && !n.afterEventGateway;

/** Tokens may be moved away from any element but a sub-process itself (Operate 8.8). */
export const canMoveFrom = (type: string) => !/SUB_PROCESS$/.test(type);

/**
 * Which BPMN elements the engine executes, and as which Zeebe BpmnElementType. Anything else in a
 * process is rejected, except non-executable data elements.
 */
import { bool, localType, type ModdleElement } from './moddle';
import type { FlowNode } from './types';

export type Classification =
  { kind: 'node'; type: FlowNode['type'] } | { kind: 'sequenceFlow' } | { kind: 'ignored' } | { kind: 'unsupported'; message: string };

const NODE_TYPES: Record<string, FlowNode['type']> = {
  'bpmn:StartEvent': 'START_EVENT',
  'bpmn:EndEvent': 'END_EVENT',
  'bpmn:IntermediateCatchEvent': 'INTERMEDIATE_CATCH_EVENT',
  'bpmn:IntermediateThrowEvent': 'INTERMEDIATE_THROW_EVENT',
  'bpmn:BoundaryEvent': 'BOUNDARY_EVENT',
  'bpmn:ServiceTask': 'SERVICE_TASK',
  'bpmn:SendTask': 'SEND_TASK',
  'bpmn:ScriptTask': 'SCRIPT_TASK',
  'bpmn:BusinessRuleTask': 'BUSINESS_RULE_TASK',
  'bpmn:UserTask': 'USER_TASK',
  'bpmn:ReceiveTask': 'RECEIVE_TASK',
  'bpmn:ManualTask': 'MANUAL_TASK',
  'bpmn:Task': 'TASK',
  'bpmn:ExclusiveGateway': 'EXCLUSIVE_GATEWAY',
  'bpmn:ParallelGateway': 'PARALLEL_GATEWAY',
  'bpmn:InclusiveGateway': 'INCLUSIVE_GATEWAY',
  'bpmn:EventBasedGateway': 'EVENT_BASED_GATEWAY',
  'bpmn:SubProcess': 'SUB_PROCESS',
  'bpmn:AdHocSubProcess': 'AD_HOC_SUB_PROCESS',
  'bpmn:CallActivity': 'CALL_ACTIVITY',
};

/** Data elements are modelling-only in Camunda 8. */
const NON_EXECUTABLE = new Set(['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference']);

/** Supported by Zeebe 8.8 but not by this engine; named so the message does not blame the model. */
const NOT_IN_THIS_ENGINE = new Set<string>([]);

export function classify(el: ModdleElement): Classification {
  if (el.$type === 'bpmn:SequenceFlow') return { kind: 'sequenceFlow' };
  if (NON_EXECUTABLE.has(el.$type)) return { kind: 'ignored' };
  const type = NODE_TYPES[el.$type];
  if (type === 'SUB_PROCESS' && bool(el, 'triggeredByEvent')) return { kind: 'node', type: 'EVENT_SUB_PROCESS' };
  if (type) return { kind: 'node', type };
  if (NOT_IN_THIS_ENGINE.has(el.$type)) {
    return { kind: 'unsupported', message: `Elements of type '${localType(el)}' are not supported by this engine` };
  }
  return {
    kind: 'unsupported',
    message:
      `Elements of type '${localType(el)}' are currently not supported. Please refer to the documentation ` +
      'for a list of supported elements: https://docs.camunda.io/docs/components/modeler/bpmn/bpmn-coverage/',
  };
}

const ACTIVITY_TYPES = new Set<FlowNode['type']>([
  'SERVICE_TASK',
  'SEND_TASK',
  'SCRIPT_TASK',
  'BUSINESS_RULE_TASK',
  'USER_TASK',
  'RECEIVE_TASK',
  'MANUAL_TASK',
  'TASK',
  'SUB_PROCESS',
  'AD_HOC_SUB_PROCESS',
  'CALL_ACTIVITY',
]);

/** Activities can carry boundary events and multi-instance markers (event sub-processes cannot). */
export function isActivity(type: FlowNode['type']): boolean {
  return ACTIVITY_TYPES.has(type);
}

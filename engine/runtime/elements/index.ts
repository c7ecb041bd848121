/**
 * The behaviour of every executed element type, keyed by Zeebe's BpmnElementType. The Runtime
 * holds this table; lifecycle dispatches through it, so element modules may import lifecycle
 * without lifecycle importing them.
 */
import { adHocInnerInstance, adHocSubProcess } from './ad-hoc-sub-process';
import type { ElementTable } from './behaviour';
import { boundaryEvent } from './boundary-event';
import { businessRuleTask } from './business-rule-task';
import { callActivity } from './call-activity';
import { endEvent } from './end-event';
import { eventBasedGateway } from './event-based-gateway';
import { eventSubProcess } from './event-sub-process';
import { exclusiveGateway } from './exclusive-gateway';
import { inclusiveGateway } from './inclusive-gateway';
import { intermediateCatchEvent } from './intermediate-catch-event';
import { intermediateThrowEvent } from './intermediate-throw-event';
import { multiInstanceBody } from './multi-instance-body';
import { parallelGateway } from './parallel-gateway';
import { processBehaviour } from './process';
import { receiveTask } from './receive-task';
import { scriptTask } from './script-task';
import { serviceTask } from './service-task';
import { startEvent } from './start-event';
import { subProcess } from './sub-process';
import { passThrough } from './task';
import { userTask } from './user-task';

export const ELEMENTS: ElementTable = {
  PROCESS: processBehaviour,
  START_EVENT: startEvent,
  END_EVENT: endEvent,
  INTERMEDIATE_CATCH_EVENT: intermediateCatchEvent,
  INTERMEDIATE_THROW_EVENT: intermediateThrowEvent,
  BOUNDARY_EVENT: boundaryEvent,
  SERVICE_TASK: serviceTask,
  // Zeebe runs a send task as a service task: a job.
  SEND_TASK: serviceTask,
  SCRIPT_TASK: scriptTask,
  BUSINESS_RULE_TASK: businessRuleTask,
  USER_TASK: userTask,
  RECEIVE_TASK: receiveTask,
  MANUAL_TASK: passThrough,
  TASK: passThrough,
  EXCLUSIVE_GATEWAY: exclusiveGateway,
  PARALLEL_GATEWAY: parallelGateway,
  INCLUSIVE_GATEWAY: inclusiveGateway,
  EVENT_BASED_GATEWAY: eventBasedGateway,
  SUB_PROCESS: subProcess,
  EVENT_SUB_PROCESS: eventSubProcess,
  AD_HOC_SUB_PROCESS: adHocSubProcess,
  AD_HOC_SUB_PROCESS_INNER_INSTANCE: adHocInnerInstance,
  CALL_ACTIVITY: callActivity,
  MULTI_INSTANCE_BODY: multiInstanceBody,
};

/**
 * `zeebe:executionListeners` (processes and flow nodes) and `zeebe:taskListeners` (Camunda user
 * tasks), with Zeebe 8.8's validation rules and messages (bpmn-model's ExecutionListenersValidator,
 * GatewayValidator, StartEventValidator, BoundaryEventValidator, EndEventValidator,
 * IntermediateThrowEventValidator, TaskListenersValidator, TaskListenerValidator).
 */
import type { BuildContext } from './context';
import { extensions, list, ref, str, type ModdleElement } from './moddle';
import type { ExecutionListener, FlowNode, TaskListener, TaskListenerEventType } from './types';

/** Deprecated 8.7 names map to the 8.8 ones, as Zeebe's transformer does. */
const TASK_LISTENER_EVENT_TYPES: Record<string, TaskListenerEventType> = {
  creating: 'creating',
  assigning: 'assigning',
  updating: 'updating',
  completing: 'completing',
  canceling: 'canceling',
  create: 'creating',
  assignment: 'assigning',
  update: 'updating',
  complete: 'completing',
  cancel: 'canceling',
};

/** Reads the execution listeners of a process (node undefined) or of a flow node. */
export function readExecutionListeners(
  el: ModdleElement,
  node: FlowNode | undefined,
  field: string,
  ctx: BuildContext,
): ExecutionListener[] | undefined {
  const raw = extensions(el, 'zeebe:ExecutionListeners').flatMap((ext) => list(ext, 'listeners'));
  if (raw.length === 0) return undefined;
  const listeners: ExecutionListener[] = [];
  for (const listenerEl of raw) {
    const eventType = str(listenerEl, 'eventType');
    if (eventType !== 'start' && eventType !== 'end') {
      ctx.problems.add(field, `Attribute 'eventType' of 'zeebe:executionListener' must be 'start' or 'end', but was '${eventType ?? ''}'`);
      continue;
    }
    const listener = readJobProperties(listenerEl, field, ctx);
    if (!listener) continue;
    const headers = readListenerHeaders(listenerEl);
    listeners.push({ eventType, ...listener, ...(headers ? { headers } : {}) });
  }
  reportDuplicates(listeners, field, ctx);
  if (node) checkEventTypesOf(node, listeners, field, ctx);
  return listeners;
}

/** Reads the task listeners of a user task; Zeebe allows them on Camunda user tasks only. */
export function readTaskListeners(
  el: ModdleElement,
  isCamundaUserTask: boolean,
  field: string,
  ctx: BuildContext,
): TaskListener[] | undefined {
  const raw = extensions(el, 'zeebe:TaskListeners').flatMap((ext) => list(ext, 'listeners'));
  if (raw.length === 0) return undefined;
  if (!isCamundaUserTask) {
    ctx.problems.add(field, 'Task listeners are only allowed on Camunda user tasks.');
    return undefined;
  }
  const listeners: TaskListener[] = [];
  for (const listenerEl of raw) {
    const given = str(listenerEl, 'eventType') ?? '';
    const eventType = TASK_LISTENER_EVENT_TYPES[given];
    if (!eventType) {
      ctx.problems.add(
        field,
        `Task listener event type '${given}' is not supported. Currently, only 'creating', 'assigning', 'updating', 'completing', 'canceling' event types and 'create', 'assignment', 'update', 'complete', 'cancel' deprecated event types are supported.`,
      );
      continue;
    }
    const listener = readJobProperties(listenerEl, field, ctx);
    if (listener) listeners.push({ eventType, ...listener });
  }
  return listeners;
}

/** `zeebe:taskHeaders` inside a listener: the headers of its jobs. */
function readListenerHeaders(listenerEl: ModdleElement): Record<string, string> | undefined {
  const headers = list(ref(listenerEl, 'headers'), 'values');
  if (headers.length === 0) return undefined;
  return Object.fromEntries(headers.map((h) => [str(h, 'key') ?? '', str(h, 'value') ?? '']));
}

function readJobProperties(
  listenerEl: ModdleElement,
  field: string,
  ctx: BuildContext,
): Pick<ExecutionListener, 'type' | 'retries'> | undefined {
  const typeRaw = str(listenerEl, 'type');
  const retriesRaw = str(listenerEl, 'retries') ?? '3';
  if (!typeRaw) ctx.problems.add(field, "Attribute 'type' must be present and not empty");
  if (!retriesRaw) ctx.problems.add(field, "Attribute 'retries' must be present and not empty");
  const type = typeRaw ? ctx.expressions.expression(field, typeRaw, { mandatory: true }) : undefined;
  const retries = retriesRaw ? ctx.expressions.expression(field, retriesRaw, { mandatory: true }) : undefined;
  return type && retries ? { type, retries } : undefined;
}

function reportDuplicates(listeners: ExecutionListener[], field: string, ctx: BuildContext): void {
  const groups = new Map<string, ExecutionListener[]>();
  for (const l of listeners) {
    const key = `${l.eventType}|${l.type.raw}`;
    groups.set(key, [...(groups.get(key) ?? []), l]);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    ctx.problems.add(
      field,
      `Found '${group.length}' duplicates based on eventType[${group[0]!.eventType}] and type[${group[0]!.type.raw}], these combinations should be unique.`,
    );
  }
}

/** Elements that allow only some event types, with Zeebe's messages. */
function checkEventTypesOf(node: FlowNode, listeners: ExecutionListener[], field: string, ctx: BuildContext): void {
  const has = (eventType: 'start' | 'end') => listeners.some((l) => l.eventType === eventType);
  const definition = node.eventDefinition?.kind;
  const reject = (message: string) => ctx.problems.add(field, message);
  switch (node.type) {
    case 'EXCLUSIVE_GATEWAY':
    case 'INCLUSIVE_GATEWAY':
    case 'PARALLEL_GATEWAY':
    case 'EVENT_BASED_GATEWAY':
      if (has('end')) reject("Execution listeners of type 'end' are not supported by gateway element");
      break;
    case 'START_EVENT':
      if (has('start')) reject("Execution listeners of type 'start' are not supported by start events");
      break;
    case 'BOUNDARY_EVENT':
      if (definition === 'compensate')
        reject("Execution listeners of type 'start' and 'end' are not supported by [compensation] boundary events");
      else if (has('start')) reject("Execution listeners of type 'start' are not supported by boundary events");
      break;
    case 'END_EVENT':
      if (definition === 'error' && has('end')) reject("Execution listeners of type 'end' are not supported by [error] end events");
      break;
    case 'INTERMEDIATE_THROW_EVENT':
      if (definition === 'escalation' && has('end')) {
        reject("Execution listeners of type 'end' are not supported by [escalation] intermediate throw events");
      }
      break;
    default:
      break;
  }
}

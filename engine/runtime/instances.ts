/**
 * Process instances: creation (plain, at a start event, as a called child) and cancellation.
 * Their end is the process element's (./elements/process.ts).
 */
import type { CreateProcessInstanceRequest, ProcessInstanceCreated } from '../api';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from '../errors';
import type { ElementInstanceRecord, ProcessDefinitionRecord, ProcessInstanceRecord } from '../state/records';
import { DEFAULT_TENANT } from '../state/records';
import { terminateElement } from './lifecycle';
import type { Runtime } from './runtime';
import { setLocals } from './variables';

type Vars = Record<string, unknown>;

export function createProcessInstanceRecord(
  rt: Runtime,
  def: ProcessDefinitionRecord,
  variables: Vars,
  extra: Partial<ProcessInstanceRecord> = {},
  startAt?: { elementId: string; variables?: Vars } | { startInstructions: string[] },
): ProcessInstanceRecord {
  const key = rt.store.nextKey();
  const pi: ProcessInstanceRecord = {
    key,
    bpmnProcessId: def.bpmnProcessId,
    processDefinitionKey: def.key,
    version: def.version,
    tenantId: def.tenantId,
    state: 'ACTIVE',
    startDate: rt.nowIso(),
    hasIncident: false,
    ...extra,
  };
  rt.store.put('process-instance', pi);
  const root: ElementInstanceRecord = {
    key,
    processInstanceKey: key,
    processDefinitionKey: def.key,
    bpmnProcessId: def.bpmnProcessId,
    tenantId: def.tenantId,
    elementId: def.bpmnProcessId,
    type: 'PROCESS',
    state: 'ACTIVATING',
    startDate: pi.startDate,
    runtime: !startAt
      ? {}
      : 'startInstructions' in startAt
        ? { startInstructions: startAt.startInstructions }
        : { pendingActivation: startAt },
  };
  rt.store.put('element-instance', root);
  setLocals(rt, key, variables);
  rt.enqueue({ op: 'activate', key });
  return pi;
}

/** An instance started by a message, timer or signal start event. */
export function createInstanceAtStartEvent(
  rt: Runtime,
  definitionKey: string,
  startEventId: string,
  variables: Vars,
  correlationKey?: string,
): ProcessInstanceRecord {
  const def = rt.store.get('process-definition', definitionKey)!;
  return createProcessInstanceRecord(rt, def, {}, { startMessageCorrelationKey: correlationKey }, { elementId: startEventId, variables });
}

export function findDefinition(rt: Runtime, req: CreateProcessInstanceRequest): ProcessDefinitionRecord {
  const tenantId = req.tenantId || DEFAULT_TENANT;
  if (req.processDefinitionKey) {
    const def = rt.store.get('process-definition', req.processDefinitionKey);
    if (!def || def.deleted) {
      throw new NotFoundError(
        `Command 'CREATE' rejected with code 'NOT_FOUND': Expected to find process definition with key '${req.processDefinitionKey}', but none found`,
      );
    }
    return def;
  }
  if (!req.bpmnProcessId) {
    throw new InvalidArgumentError('Expected either a process definition key or a BPMN process id, but none given', [
      { field: 'bpmnProcessId', message: 'either bpmnProcessId or processDefinitionKey is required' },
    ]);
  }
  if (req.version !== undefined && req.version >= 0) {
    for (const key of rt.idx.definitionsByProcessId.get(`${tenantId}|${req.bpmnProcessId}`)) {
      const def = rt.store.get('process-definition', key)!;
      if (def.version === req.version) return def;
    }
    throw new NotFoundError(
      `Command 'CREATE' rejected with code 'NOT_FOUND': Expected to find process definition with process ID '${req.bpmnProcessId}' and version '${req.version}', but none found`,
    );
  }
  const latest = rt.latestDefinition(req.bpmnProcessId, tenantId);
  if (!latest) {
    throw new NotFoundError(
      `Command 'CREATE' rejected with code 'NOT_FOUND': Expected to find process definition with process ID '${req.bpmnProcessId}', but none found`,
    );
  }
  return latest;
}

export function createProcessInstance(rt: Runtime, req: CreateProcessInstanceRequest): ProcessInstanceCreated {
  const def = findDefinition(rt, req);
  const model = rt.model(def.key);
  const instructions = req.startInstructions ?? [];
  for (const { elementId } of instructions) {
    const node = model.nodes.get(elementId);
    if (!node || node.scopeId !== model.bpmnProcessId) {
      throw new InvalidArgumentError(
        `Expected to create instance of process with start instructions but the element with id '${elementId}' targets unsupported element`,
        [{ field: elementId, message: 'not an element of the process scope' }],
      );
    }
  }
  if (instructions.length === 0 && !model.noneStartEventId) {
    throw new InvalidArgumentError(
      `Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to create instance of process with none start event, but there is no such event`,
      [{ field: model.bpmnProcessId, message: 'the process has no none start event' }],
    );
  }
  const pi = createProcessInstanceRecord(
    rt,
    def,
    req.variables ?? {},
    {},
    instructions.length > 0 ? { startInstructions: instructions.map((i) => i.elementId) } : undefined,
  );
  return {
    processDefinitionKey: def.key,
    bpmnProcessId: def.bpmnProcessId,
    version: def.version,
    processInstanceKey: pi.key,
    tenantId: def.tenantId,
  };
}

export function cancelProcessInstance(rt: Runtime, key: string): void {
  const pi = rt.store.get('process-instance', key);
  // A process already terminating (canceling task listeners hold it) cannot be canceled again (Zeebe's canTerminate).
  if (!pi || pi.state !== 'ACTIVE' || rt.ei(key)?.state === 'TERMINATING') {
    throw new NotFoundError(
      `Command 'CANCEL' rejected with code 'NOT_FOUND': Expected to cancel a process instance with key '${key}', but no such process was found`,
    );
  }
  if (pi.parentProcessInstanceKey) {
    throw new FailedPreconditionError(
      `Command 'CANCEL' rejected with code 'INVALID_STATE': Expected to cancel a process instance with key '${key}', but it is created by a parent process instance. Cancel the root process instance '${pi.parentProcessInstanceKey}' instead.`,
    );
  }
  terminateElement(rt, key);
}

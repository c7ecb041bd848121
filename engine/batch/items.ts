/**
 * What a batch operation does with one item, as Zeebe 8.8's batch operation executors do: each item
 * is one ordinary engine command (cancel, resolve incident, migrate, modify), so it is validated
 * and rejected exactly like the single command would be.
 */
import type { ModificationActivateInstruction } from '../api';
import { resolveIncident } from '../runtime/commands';
import { cancelProcessInstance } from '../runtime/instances';
import { updateJobRetries } from '../runtime/jobs';
import { migrateProcessInstance } from '../runtime/migration';
import { modifyProcessInstance } from '../runtime/modification';
import type { Runtime } from '../runtime/runtime';
import type { BatchOperationItemRecord, BatchOperationRecord } from '../state/records';

/** Incident resolution raises a job's retries to 1 first, as Zeebe's ResolveIncidentBatchOperationExecutor does. */
function resolve(rt: Runtime, incidentKey: string): void {
  const incident = rt.store.get('incident', incidentKey);
  const job = rt.store.get('job', incident?.jobKey);
  if (incident?.state === 'ACTIVE' && job && job.retries <= 0) updateJobRetries(rt, job.key, 1);
  resolveIncident(rt, incidentKey);
}

/** Every element instance of a move instruction's source element is terminated, and the target activated in its flow scope. */
function move(rt: Runtime, processInstanceKey: string, instructions: { sourceElementId: string; targetElementId: string }[]): void {
  const targets = new Map(instructions.map((m) => [m.sourceElementId, m.targetElementId]));
  const activateInstructions: ModificationActivateInstruction[] = [];
  const terminateInstructions: { elementInstanceKey: string }[] = [];
  const queue = rt.childrenOf(processInstanceKey);
  for (let ei = queue.shift(); ei; ei = queue.shift()) {
    if (ei.state === 'COMPLETED' || ei.state === 'TERMINATED') continue;
    const target = targets.get(ei.elementId);
    if (target !== undefined && ei.flowScopeKey) {
      activateInstructions.push({ elementId: target, ancestorElementInstanceKey: ei.flowScopeKey });
      terminateInstructions.push({ elementInstanceKey: ei.key });
    }
    queue.push(...rt.childrenOf(ei.key));
  }
  modifyProcessInstance(rt, { processInstanceKey, activateInstructions, terminateInstructions });
}

export function applyItem(rt: Runtime, batch: BatchOperationRecord, item: BatchOperationItemRecord): void {
  switch (batch.batchOperationType) {
    case 'CANCEL_PROCESS_INSTANCE':
      return cancelProcessInstance(rt, item.itemKey);
    case 'RESOLVE_INCIDENT':
      return resolve(rt, item.itemKey);
    case 'MIGRATE_PROCESS_INSTANCE':
      return migrateProcessInstance(rt, { processInstanceKey: item.itemKey, ...batch.migrationPlan! });
    case 'MODIFY_PROCESS_INSTANCE':
      return move(rt, item.itemKey, batch.moveInstructions ?? []);
  }
}

/**
 * The live view of an order's process straight from the embedded engine's memory: its active
 * runtime records (process instances, user tasks, incidents) are what the read models would
 * answer once flushed. GET /api/orders/{id} asked the read models six statements per call, and
 * with clients polling an order for its decision those were most of PGlite's work
 * (docs/performance.md, "Order path"). Only reads; the engine is not changed.
 */
import type { Engine } from '../../engine/engine';
import type { OrderProgress, OrderProgressSource } from './order-progress';

/** Call depth followed (order-to-contract → credit-check is one), as orderProgressFrom. */
const MAX_DEPTH = 3;
/** The REST state of a process instance: everything not finished counts as ACTIVE (engine/query). */
const isActive = (state: string) => state !== 'COMPLETED' && state !== 'TERMINATED';

export function orderProgressFromMemory(engine: Engine): OrderProgressSource {
  const { store, idx } = engine.rt;
  return async (rootKey) => {
    const keys = [rootKey];
    let level = [rootKey];
    for (let depth = 0; depth < MAX_DEPTH && level.length > 0; depth++) {
      const parents = new Set(level);
      level = [];
      // Active instances only are held in memory; finished ones are history in the database.
      for (const pi of store.values('process-instance'))
        if (isActive(pi.state) && pi.parentProcessInstanceKey && parents.has(pi.parentProcessInstanceKey) && !keys.includes(pi.key))
          level.push(pi.key);
      keys.push(...level);
    }
    const wanted = new Set(keys);
    const progress: OrderProgress = {};
    let task: { name?: string; elementId: string; key: string; creationDate: string } | undefined;
    for (const t of store.values('user-task'))
      if (t.state === 'CREATED' && wanted.has(t.processInstanceKey) && (!task || t.creationDate < task.creationDate)) task = t;
    if (task) progress.openTask = { name: task.name || task.elementId, elementId: task.elementId, userTaskKey: task.key };
    let incident;
    for (const k of keys)
      for (const key of idx.incidentsByProcessInstance.get(k)) {
        const i = store.get('incident', key);
        if (i && i.state === 'ACTIVE' && (!incident || i.creationTime < incident.creationTime)) incident = i;
      }
    if (incident)
      progress.incident = {
        errorType: incident.errorType,
        errorMessage: incident.errorMessage,
        elementId: incident.elementId,
        incidentKey: incident.key,
        processInstanceKey: incident.processInstanceKey,
      };
    return progress;
  };
}

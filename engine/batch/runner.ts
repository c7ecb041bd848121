/**
 * Batch operations, as Camunda 8.8 runs them: the batch is a durable record (CREATED); in the
 * background its process instance filter is resolved into items (ACTIVE), which are then executed
 * in small chunks, each item its own engine command, so that a batch over many instances never
 * holds up other commands. Every item ends COMPLETED or FAILED (with the engine's rejection), or
 * CANCELED when the batch is canceled; the batch ends COMPLETED, or FAILED when its filter could not
 * be resolved. Suspension pauses the execution until resumption. Ended batches and items are kept
 * in the database only (archived), as history for search.
 */
import type { BatchOperationCreated, CreateBatchOperationRequest } from '../api';
import type { Engine } from '../engine';
import { FailedPreconditionError, NotFoundError } from '../errors';
import type { EngineQueries } from '../query';
import { IndexBy } from '../state/index-by';
import type { BatchOperationItemRecord, BatchOperationRecord, BatchOperationState } from '../state/records';
import { applyItem } from './items';

export type BatchOperationAction = 'cancel' | 'suspend' | 'resume';

export interface BatchOptions {
  /** Items executed per engine write. */
  chunkSize: number;
  /** Process instances read per query while resolving the filter. */
  pageSize: number;
}

const DEFAULTS: BatchOptions = { chunkSize: 50, pageSize: 1000 };

/** Zeebe's lifecycle management rules: which states each action leaves from, and where it goes. */
const TRANSITIONS: Record<BatchOperationAction, { from: BatchOperationState[]; verb: string }> = {
  cancel: { from: ['CREATED', 'ACTIVE', 'SUSPENDED'], verb: 'cancel' },
  suspend: { from: ['CREATED', 'ACTIVE'], verb: 'suspend' },
  resume: { from: ['SUSPENDED'], verb: 'resume' },
};

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The filter as the batch applies it: only active instances, and for cancellation only root instances. */
export function effectiveFilter(req: Pick<CreateBatchOperationRequest, 'batchOperationType' | 'filter'>): Record<string, unknown> {
  const filter: Record<string, unknown> = { ...req.filter, state: 'ACTIVE' };
  if (req.batchOperationType === 'CANCEL_PROCESS_INSTANCE') filter.parentProcessInstanceKey = { $exists: false };
  return filter;
}

export class BatchOperations {
  /** ACTIVE items by batch operation key. */
  private readonly pending: IndexBy<'batch-operation-item'>;
  private running = false;
  private again = false;
  private closed = false;
  private readonly options: BatchOptions;

  constructor(
    private readonly engine: Engine,
    private readonly queries: EngineQueries,
    options: Partial<BatchOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.pending = new IndexBy(engine.store, 'batch-operation-item', (r) => (r.state === 'ACTIVE' ? r.batchOperationKey : undefined));
  }

  private get store() {
    return this.engine.store;
  }

  async create(req: CreateBatchOperationRequest): Promise<BatchOperationCreated> {
    // A filter the search rejects is a 400 now, not a failed batch later.
    await this.queries.processInstances.search({ filter: effectiveFilter(req), page: { limit: 0 } });
    const key = await this.engine.run(() => {
      const record: BatchOperationRecord = {
        key: this.store.nextKey(),
        batchOperationType: req.batchOperationType,
        state: 'CREATED',
        filter: req.filter,
        startDate: this.engine.clock.nowIso(),
        operationsTotalCount: 0,
        operationsCompletedCount: 0,
        operationsFailedCount: 0,
        errors: [],
      };
      if (req.migrationPlan) record.migrationPlan = req.migrationPlan;
      if (req.moveInstructions) record.moveInstructions = req.moveInstructions;
      this.store.put('batch-operation', record);
      return record.key;
    });
    this.wake();
    return { batchOperationKey: key, batchOperationType: req.batchOperationType };
  }

  async change(batchOperationKey: string, action: BatchOperationAction): Promise<void> {
    const { from, verb } = TRANSITIONS[action];
    const prefix = `Expected to ${verb} a batch operation with key '${batchOperationKey}', but`;
    const invalidState = (state: string) => new FailedPreconditionError(`${prefix} it has an invalid state '${state}'.`);
    if (!this.store.get('batch-operation', batchOperationKey)) {
      // Ended batches are in the database only.
      const ended = await this.queries.batchOperations.get(batchOperationKey).catch(() => undefined);
      throw ended ? invalidState(ended.state) : new NotFoundError(`${prefix} no such batch operation was found.`);
    }
    await this.engine.run(() => {
      const batch = this.store.get('batch-operation', batchOperationKey);
      if (!batch) throw new NotFoundError(`${prefix} no such batch operation was found.`);
      if (!from.includes(batch.state)) throw invalidState(batch.state);
      if (action === 'suspend') this.store.put('batch-operation', { ...batch, state: 'SUSPENDED' });
      else if (action === 'resume') this.store.put('batch-operation', { ...batch, state: batch.itemsResolved ? 'ACTIVE' : 'CREATED' });
      else this.cancel(batch);
    });
    this.wake();
  }

  private cancel(batch: BatchOperationRecord): void {
    const now = this.engine.clock.nowIso();
    for (const key of [...this.pending.get(batch.key)]) {
      const item = this.store.get('batch-operation-item', key)!;
      this.store.archive('batch-operation-item', { ...item, state: 'CANCELED', processedDate: now });
    }
    this.store.archive('batch-operation', { ...batch, state: 'CANCELED', endDate: now });
  }

  /** Starts the background work unless it runs; work found meanwhile is picked up by the running loop. */
  wake(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.current = nextTick().then(() => this.loop());
  }

  /** Stops the background work after the step under way. */
  close(): Promise<void> {
    this.closed = true;
    return this.current;
  }

  private current: Promise<void> = Promise.resolve();

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false;
        while (!this.closed && (await this.step())) await nextTick();
      } while (this.again && !this.closed);
    } catch (err) {
      this.engine.options.log?.('error', 'batch operation processing failed', err);
    } finally {
      this.running = false;
    }
  }

  /** One unit of work on the oldest batch that has some; false when there is none. */
  private async step(): Promise<boolean> {
    const batches = [...this.store.values('batch-operation')].sort((a, b) => (BigInt(a.key) < BigInt(b.key) ? -1 : 1));
    for (const batch of batches) {
      if (batch.state === 'CREATED') {
        await this.initialize(batch.key);
        return true;
      }
      if (batch.state === 'ACTIVE') {
        await this.executeChunk(batch.key);
        return true;
      }
    }
    return false;
  }

  /** Resolves the filter page by page into items; a batch suspended meanwhile stays suspended. */
  private async initialize(key: string): Promise<void> {
    const start = this.store.get('batch-operation', key)!;
    const known = new Set([...this.pending.get(key)].map((k) => this.store.get('batch-operation-item', k)!.itemKey));
    const filter = effectiveFilter(start);
    const sort = [{ field: 'processInstanceKey' as const, order: 'ASC' as const }];
    for (let from = 0; ; from += this.options.pageSize) {
      let keys: string[];
      try {
        const page = await this.queries.processInstances.search({ filter, sort, page: { from, limit: this.options.pageSize } });
        keys = page.items.map((pi) => pi.processInstanceKey);
      } catch (err) {
        await this.fail(key, err);
        return;
      }
      const stillCreated = await this.engine.run(() => {
        const batch = this.store.get('batch-operation', key);
        if (!batch || (batch.state !== 'CREATED' && batch.state !== 'SUSPENDED')) return false;
        const added = this.addItems(batch, keys, known);
        this.store.put('batch-operation', { ...batch, operationsTotalCount: batch.operationsTotalCount + added });
        return true;
      });
      if (!stillCreated) return;
      if (keys.length < this.options.pageSize) break;
      await nextTick();
    }
    await this.engine.run(() => {
      const batch = this.store.get('batch-operation', key);
      if (batch?.state === 'CREATED') this.store.put('batch-operation', { ...batch, state: 'ACTIVE', itemsResolved: true });
      else if (batch?.state === 'SUSPENDED') this.store.put('batch-operation', { ...batch, itemsResolved: true });
    });
  }

  /** Items of one page: the process instances, or for incident resolution their active incidents. */
  private addItems(batch: BatchOperationRecord, processInstanceKeys: string[], known: Set<string>): number {
    let added = 0;
    const add = (itemKey: string, processInstanceKey: string) => {
      if (known.has(itemKey)) return;
      known.add(itemKey);
      added++;
      const item: BatchOperationItemRecord = {
        key: this.store.nextKey(),
        batchOperationKey: batch.key,
        batchOperationType: batch.batchOperationType,
        itemKey,
        processInstanceKey,
        state: 'ACTIVE',
      };
      this.store.put('batch-operation-item', item);
    };
    const rt = this.engine.rt;
    for (const pik of processInstanceKeys) {
      if (batch.batchOperationType !== 'RESOLVE_INCIDENT') {
        add(pik, pik);
        continue;
      }
      for (const incidentKey of rt.idx.incidentsByProcessInstance.get(pik)) {
        if (this.store.get('incident', incidentKey)?.state === 'ACTIVE') add(incidentKey, pik);
      }
    }
    return added;
  }

  private async fail(key: string, err: unknown): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    await this.engine.run(() => {
      const batch = this.store.get('batch-operation', key);
      if (!batch) return;
      this.cancelItems(batch, 'CANCELED');
      this.store.archive('batch-operation', {
        ...batch,
        state: 'FAILED',
        endDate: this.engine.clock.nowIso(),
        errors: [{ partitionId: 1, type: 'QUERY_FAILED', message }],
      });
    });
  }

  private cancelItems(batch: BatchOperationRecord, state: 'CANCELED'): void {
    const now = this.engine.clock.nowIso();
    for (const k of [...this.pending.get(batch.key)]) {
      this.store.archive('batch-operation-item', { ...this.store.get('batch-operation-item', k)!, state, processedDate: now });
    }
  }

  /** Runs the next chunk of items, each as its own command; a rejected item is FAILED with the rejection's message. */
  private async executeChunk(key: string): Promise<void> {
    const itemKeys = [...this.pending.get(key)].slice(0, this.options.chunkSize);
    if (itemKeys.length === 0) {
      await this.engine.run(() => {
        const batch = this.store.get('batch-operation', key);
        if (batch?.state === 'ACTIVE')
          this.store.archive('batch-operation', { ...batch, state: 'COMPLETED', endDate: this.engine.clock.nowIso() });
      });
      return;
    }
    const failures = new Map<string, string>();
    await this.engine.runAll(
      itemKeys.map((itemKey) => () => {
        const batch = this.store.get('batch-operation', key);
        const item = this.store.get('batch-operation-item', itemKey);
        // Canceled or suspended since the chunk was picked: the item waits or is gone.
        if (batch?.state !== 'ACTIVE' || item?.state !== 'ACTIVE') return;
        applyItem(this.engine.rt, batch, item);
        this.finishItem(key, itemKey, 'COMPLETED');
      }),
      false,
      (index, err) => failures.set(itemKeys[index], err instanceof Error ? err.message : String(err)),
    );
    if (failures.size === 0) return;
    await this.engine.run(() => {
      for (const [itemKey, message] of failures) this.finishItem(key, itemKey, 'FAILED', message);
    });
  }

  private finishItem(batchKey: string, itemKey: string, state: 'COMPLETED' | 'FAILED', errorMessage?: string): void {
    const batch = this.store.get('batch-operation', batchKey);
    const item = this.store.get('batch-operation-item', itemKey);
    if (!batch || item?.state !== 'ACTIVE') return;
    const done: BatchOperationItemRecord = { ...item, state, processedDate: this.engine.clock.nowIso() };
    if (errorMessage !== undefined) done.errorMessage = errorMessage;
    this.store.archive('batch-operation-item', done);
    this.store.put('batch-operation', {
      ...batch,
      operationsCompletedCount: batch.operationsCompletedCount + (state === 'COMPLETED' ? 1 : 0),
      operationsFailedCount: batch.operationsFailedCount + (state === 'FAILED' ? 1 : 0),
    });
  }
}

/**
 * Starting the process of an accepted order, exactly once: a claim-based outbox on the orders table.
 *
 *   insert order + claim (one statement)  →  start  →  store the process instance key
 *
 * An order without `process_instance_key` is pending. Its claim (`start_claimed_at`, `start_claimed_by`)
 * says who is starting it. Whoever holds the claim first looks for an instance the crashed holder
 * may have started (a process instance with the variable `orderId`), and only then starts one.
 * Claims are taken over with one atomic UPDATE … WHERE the claim is stale, by
 *   - the sweep: at start-up (after the workers are up) and every `orderStartSweepIntervalSeconds`;
 *   - a retry of POST /api/orders with the same Idempotency-Key.
 *
 * Why exactly once on the embedded engine:
 *   - the engine runs in this process and answers a create only after its write is durable, in the
 *     same database as the orders; the search reads that write, so an instance that survived a crash
 *     is found, and one that did not survive does not exist;
 *   - starts go to the engine in-process (no gRPC retries that could land after we gave up);
 *   - only one process runs an embedded engine on its data, so a claim of another process is a claim of
 *     a dead one and is taken over at once; a claim of this process is taken over only when stale and
 *     when no start of it is in flight here (`inFlight`).
 *
 * With an external Camunda 8 (ENGINE_EMBEDDED=false) starts go through the SDK and there is no
 * search that is consistent with the start: the cluster's search (`instances`) lags behind its
 * engine by seconds. A stale claim is older than that, so its taker usually finds the instance of a
 * crashed start; still, a start whose instance the search does not show yet can start a second:
 * at least once. The job handlers are idempotent per order (one contract, one letter and one mail
 * per order), and an instance that loses the race to store its key is cancelled.
 */
import { randomUUID } from 'node:crypto';
import type { Settings } from '../config/settings';
import type { Database } from '../db';
import type { EmbeddedEngine } from '../engine';
import { createEngineQueries } from '../engine/query';
import { embeddedProcessInstanceSearch, type ProcessInstanceSearch } from './cluster/search';
import type { OrderInput } from '../domain/orders';
import type { ZeebeClient } from './zeebe-client';

export interface OrderStartsOptions {
  db: Database;
  settings: Pick<Settings, 'orderStartClaimTimeoutSeconds' | 'orderStartSweepIntervalSeconds'>;
  /** The embedded engine: starts in-process, and the search for an instance is exact. */
  engine?: EmbeddedEngine;
  /** The SDK client, for an external Camunda 8. */
  zbc: () => ZeebeClient;
  /** The search for a crashed start's instance on an external Camunda 8 (the embedded engine's read models otherwise). */
  instances?: ProcessInstanceSearch;
  processId?: string;
  log?: (message: string) => void;
}

export interface OrderStarts {
  /** This process's claim id. */
  readonly owner: string;
  /** The claim columns of a new order, to insert with it. */
  claim(): { start_claimed_at: Date; start_claimed_by: string };
  /** Starts the process of an order whose fresh claim this process holds; null: still pending. */
  startClaimed(orderId: string): Promise<string | null>;
  /** Takes over the start of a pending order if its claim is stale, and completes it; null: still pending. */
  resume(orderId: string): Promise<string | null>;
  /** Takes over every stale claim and completes the starts; returns how many were started or repaired. */
  sweep(): Promise<number>;
  startSweeping(): void;
  close(): Promise<void>;
}

const SWEEP_BATCH = 100;
const SWEEP_PARALLEL = 8;

export function createOrderStarts(opts: OrderStartsOptions): OrderStarts {
  const { db, engine } = opts;
  const processId = opts.processId ?? 'order-to-contract';
  const log = opts.log ?? (() => {});
  const owner = `${process.pid}-${randomUUID()}`;
  const instances = opts.instances ?? (engine ? embeddedProcessInstanceSearch(createEngineQueries(db)) : undefined);
  /** Starts running in this process, so a retry waits for one instead of answering "pending". */
  const inFlight = new Map<string, Promise<string | null>>();
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<number> | undefined;
  let closed = false;

  /** An instance of this order's process that a crashed claim holder started, if any. */
  async function existingInstance(orderId: string): Promise<string | undefined> {
    if (!instances) return undefined;
    const [found] = await instances.byVariables(processId, { orderId }, { limit: 1 });
    return found?.processInstanceKey;
  }

  async function createInstance(variables: Record<string, string>): Promise<string> {
    if (engine) return (await engine.commands.createProcessInstance({ bpmnProcessId: processId, variables })).processInstanceKey;
    return String((await opts.zbc().createProcessInstance({ bpmnProcessId: processId, variables })).processInstanceKey);
  }

  async function cancelInstance(key: string): Promise<void> {
    if (engine) await engine.commands.cancelProcessInstance(key);
    else await opts.zbc().cancelProcessInstance(key);
  }

  /** The start itself; the caller holds the claim. `fresh`: claimed at insert, so no instance can exist yet. */
  function run(orderId: string, fresh: boolean, turn: Promise<unknown> = Promise.resolve()): Promise<string | null> {
    const started = turn
      .then(() => start(orderId, fresh))
      .finally(() => {
        if (inFlight.get(orderId) === started) inFlight.delete(orderId);
      });
    inFlight.set(orderId, started);
    return started;
  }

  async function start(orderId: string, fresh: boolean): Promise<string | null> {
    try {
      const order = await db('orders').where({ id: orderId }).first('process_instance_key', 'payload');
      if (!order) return null;
      if (order.process_instance_key) return order.process_instance_key as string;
      const payload = order.payload as OrderInput;
      const key =
        (fresh ? undefined : await existingInstance(orderId)) ??
        (await createInstance({ orderId, commodity: payload.tariff.commodity, paymentMethod: payload.payment.method }));
      const stored = await db('orders')
        .where({ id: orderId })
        .whereNull('process_instance_key')
        .update({ process_instance_key: key, updated_at: db.fn.now() });
      if (stored === 0) {
        const winner = (await db('orders').where({ id: orderId }).first('process_instance_key'))?.process_instance_key as string;
        if (winner !== key) {
          log(`order ${orderId}: process instance ${key} lost to ${winner}; cancelling it`);
          await cancelInstance(key).catch((err) => log(`order ${orderId}: cancelling ${key} failed: ${(err as Error).message}`));
        }
        return winner;
      }
      return key;
    } catch (err) {
      // The claim stays: the sweep takes it over once it is stale, and looks for an instance first.
      log(`order ${orderId}: process start pending: ${(err as Error).message}`);
      return null;
    }
  }

  /** The atomic take-over: pending, claimed by nobody alive (embedded) or stale, and not in flight here. */
  function takeOver(orderIds?: string[]) {
    const staleBefore = db.raw(`now() - (? * interval '1 second')`, [opts.settings.orderStartClaimTimeoutSeconds]);
    let q = db('orders')
      .whereNull('process_instance_key')
      .whereNotNull('start_claimed_at')
      .andWhere((w) => {
        w.where('start_claimed_at', '<', staleBefore);
        if (engine) w.orWhere((o) => o.whereNot({ start_claimed_by: owner }).orWhereNull('start_claimed_by'));
      });
    if (orderIds) q = q.whereIn('id', orderIds);
    if (inFlight.size > 0) q = q.whereNotIn('id', [...inFlight.keys()]);
    return q;
  }

  async function claimBatch(): Promise<string[]> {
    const candidates = (await takeOver().orderBy('start_claimed_at').limit(SWEEP_BATCH).select('id')).map((r) => r.id as string);
    if (candidates.length === 0) return [];
    const taken = await takeOver(candidates).update({ start_claimed_at: db.fn.now(), start_claimed_by: owner }).returning('id');
    return taken.map((r: { id: string }) => r.id);
  }

  async function sweepOnce(): Promise<number> {
    let done = 0;
    for (;;) {
      if (closed) return done;
      const batch = await claimBatch();
      if (batch.length === 0) return done;
      // Every claimed order is in flight at once (a retry waits for it), started SWEEP_PARALLEL at a time.
      const runs: Promise<string | null>[] = [];
      batch.forEach((id, i) => runs.push(run(id, false, i < SWEEP_PARALLEL ? undefined : runs[i - SWEEP_PARALLEL])));
      done += (await Promise.all(runs)).filter((k) => k !== null).length;
      if (batch.length < SWEEP_BATCH) return done;
    }
  }

  return {
    owner,
    claim: () => ({ start_claimed_at: new Date(), start_claimed_by: owner }),
    startClaimed: (orderId) => run(orderId, true),
    async resume(orderId) {
      const running = inFlight.get(orderId);
      if (running) return running;
      const taken = await takeOver([orderId]).update({ start_claimed_at: db.fn.now(), start_claimed_by: owner }).returning('id');
      if (taken.length === 0) {
        const row = await db('orders').where({ id: orderId }).first('process_instance_key');
        // The sweep may have claimed it meanwhile: wait for its start rather than answer "pending".
        return (row?.process_instance_key as string | null) ?? (await inFlight.get(orderId)) ?? null;
      }
      return run(orderId, false);
    },
    sweep() {
      // One sweep at a time: a second caller waits for the running one.
      sweeping ??= sweepOnce().finally(() => {
        sweeping = undefined;
      });
      return sweeping;
    },
    startSweeping() {
      const ms = Math.max(1, opts.settings.orderStartSweepIntervalSeconds) * 1000;
      const tick = () => {
        timer = setTimeout(() => {
          this.sweep()
            .then(
              (n) => {
                if (n > 0) log(`order starts: ${n} pending order(s) started`);
              },
              (err) => log(`order start sweep failed: ${(err as Error).message}`),
            )
            .finally(() => {
              if (!closed) tick();
            });
        }, ms);
        timer.unref();
      };
      tick();
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await sweeping?.catch(() => undefined);
    },
  };
}

import { databaseVariants, type TestDatabase } from '../db/testing';
import type { ProcessInstanceSearch } from './cluster/search';
import { createOrderStarts } from './order-starts';
import type { ZeebeClient } from './zeebe-client';

/** A stand-in for the SDK client (external engine): counts starts and cancellations. */
function fakeEngine(delayMs = 0) {
  let next = 1000;
  const started: string[] = [];
  const cancelled: string[] = [];
  const zbc = {
    createProcessInstance: async () => {
      await new Promise((r) => setTimeout(r, delayMs));
      const key = String(next++);
      started.push(key);
      return { processInstanceKey: key };
    },
    cancelProcessInstance: async (key: string) => {
      cancelled.push(key);
    },
  } as unknown as ZeebeClient;
  return { zbc: () => zbc, started, cancelled };
}

const settings = { orderStartClaimTimeoutSeconds: 30, orderStartSweepIntervalSeconds: 10 };
const payload = { tariff: { commodity: 'electricity' }, payment: { method: 'bank_transfer' } };

describe.each(databaseVariants())('order starts (claim-based outbox) on $name', (variant) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await variant.open();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  async function pendingOrder(claim: { start_claimed_at: Date; start_claimed_by: string }) {
    const [row] = await t
      .db('orders')
      .insert({ payload: JSON.stringify(payload), ...claim })
      .returning('id');
    return row.id as string;
  }

  it('a fresh claim of another live process is left alone; a stale one is taken over by one taker only', async () => {
    const engine = fakeEngine(20);
    const a = createOrderStarts({ db: t.db, settings, zbc: engine.zbc });
    const b = createOrderStarts({ db: t.db, settings, zbc: engine.zbc });
    const fresh = await pendingOrder({ start_claimed_at: new Date(), start_claimed_by: 'another-live-process' });
    expect(await a.resume(fresh)).toBeNull();
    expect(engine.started).toEqual([]);

    const stale = await pendingOrder({ start_claimed_at: new Date(Date.now() - 60_000), start_claimed_by: 'a-dead-process' });
    const [ka, kb] = await Promise.all([a.resume(stale), b.resume(stale)]);
    expect(engine.started).toHaveLength(1);
    // The loser of the claim answers with what is stored: nothing yet, or the winner's key.
    expect([ka, kb].filter((k) => k !== null)).toContain(engine.started[0]);
    expect((await t.db('orders').where({ id: stale }).first()).process_instance_key).toBe(engine.started[0]);
    await a.close();
    await b.close();
  });

  it("on a cluster the taker of a stale claim finds the crashed start's instance through the search", async () => {
    const engine = fakeEngine();
    const asked: unknown[] = [];
    const instances: ProcessInstanceSearch = {
      byKeys: async () => [],
      byVariables: async (processId, variables) => {
        asked.push([processId, variables]);
        return [
          {
            processInstanceKey: '777',
            processDefinitionId: processId,
            processDefinitionName: processId,
            state: 'ACTIVE',
            hasIncident: false,
            startDate: '2026-01-01T00:00:00.000Z',
            endDate: null,
          },
        ];
      },
    };
    const starts = createOrderStarts({ db: t.db, settings, zbc: engine.zbc, instances });
    const stale = await pendingOrder({ start_claimed_at: new Date(Date.now() - 60_000), start_claimed_by: 'a-dead-process' });
    expect(await starts.resume(stale)).toBe('777');
    expect(asked).toEqual([['order-to-contract', { orderId: stale }]]);
    expect(engine.started).toEqual([]);
    await starts.close();
  });

  it('a start that loses the race to store its key cancels its instance', async () => {
    const engine = fakeEngine(50);
    const starts = createOrderStarts({ db: t.db, settings, zbc: engine.zbc });
    const id = await pendingOrder(starts.claim());
    const running = starts.startClaimed(id);
    await t.db('orders').where({ id }).update({ process_instance_key: '42' });
    expect(await running).toBe('42');
    expect(engine.cancelled).toEqual(engine.started);
    await starts.close();
  });

  it('the sweep starts every pending order once, and a failed start stays pending for the next sweep', async () => {
    const engine = fakeEngine();
    const starts = createOrderStarts({ db: t.db, settings: { ...settings, orderStartClaimTimeoutSeconds: 0 }, zbc: engine.zbc });
    await t.db('orders').whereNull('process_instance_key').update({ process_instance_key: 'done-before' });
    const ids = [];
    for (let i = 0; i < 3; i++)
      ids.push(await pendingOrder({ start_claimed_at: new Date(Date.now() - 60_000), start_claimed_by: 'a-dead-process' }));
    const zbc = engine.zbc();
    const original = zbc.createProcessInstance;
    let failures = 1;
    zbc.createProcessInstance = (async (...args: Parameters<typeof original>) => {
      if (failures-- > 0) throw new Error('UNAVAILABLE');
      return original(...args);
    }) as typeof original;
    expect(await starts.sweep()).toBe(2);
    expect(await starts.sweep()).toBe(1);
    expect(await starts.sweep()).toBe(0);
    const keys = (await t.db('orders').whereIn('id', ids).select('process_instance_key')).map((r) => r.process_instance_key);
    expect(new Set(keys).size).toBe(3);
    expect(engine.started).toHaveLength(3);
    await starts.close();
  });

  it('a retry while the sweep is starting the order waits for that start and answers its key', async () => {
    const engine = fakeEngine(100);
    const starts = createOrderStarts({ db: t.db, settings, zbc: engine.zbc });
    await t.db('orders').whereNull('process_instance_key').update({ process_instance_key: 'done-before' });
    const ids = [];
    // More than one parallel slice, so the last order waits its turn while already claimed.
    for (let i = 0; i < 10; i++)
      ids.push(await pendingOrder({ start_claimed_at: new Date(Date.now() - 60_000), start_claimed_by: 'a-dead-process' }));
    const sweeping = starts.sweep();
    await new Promise((r) => setTimeout(r, 30));
    const key = await starts.resume(ids[9]);
    expect(await sweeping).toBe(10);
    expect(key).toBe((await t.db('orders').where({ id: ids[9] }).first()).process_instance_key);
    expect(engine.started).toHaveLength(10);
    await starts.close();
  });
});

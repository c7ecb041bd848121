/**
 * Kill the whole product with SIGKILL while 200 orders come in, restart it on the same data, and
 * check that every order it stored (answered or not) reaches its decision exactly once: one process
 * instance per order, one decision, no order left `received`. And that the killed product's Chromium
 * died with it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../../db';
import { openPostgresTestDatabase, testPostgresUrl, type TestDatabase } from '../../db/testing';
import { systemHeaders } from '../auth';
import { orderFor } from '../e2e/system';
import { chromiumOf, processTable } from '../processes';
import { kill9, spawnEngine, type EngineProcess } from './spawn';
import { waitFor } from '../wait';

jest.setTimeout(400_000);

const N = 200;
const ready = /ready: https?:\/\/[^\s:]+:(\d+)/;
const product = path.join('..', '..', 'server', 'main.ts');

describe('order intake crash (SIGKILL of the product)', () => {
  let dir: string;
  let pg: TestDatabase | undefined;
  let proc: (EngineProcess & { output: () => string }) | undefined;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intake-crash-'));
    if (testPostgresUrl()) pg = await openPostgresTestDatabase(testPostgresUrl());
  });
  afterAll(async () => {
    if (proc) await kill9(proc);
    await pg?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const env = () => ({
    DATA_DIR: dir,
    DATABASE_URL: pg?.url ?? '',
    HTTP_PORT: '0',
    BUREAU_SIMULATOR_PORT: '0',
    SMTP_PORT: '0',
    ENGINE_LONG_POLL_TIMEOUT_MS: '1000',
    ORDER_START_SWEEP_INTERVAL_SECONDS: '1',
    MAIL_SINK_CAPACITY: '2000',
    BUREAU_TIMEOUT_MS: '5000',
    PDF_PAGE_POOL_SIZE: '2',
  });
  const url = () => `http://127.0.0.1:${proc!.port}`;
  const postOrder = async (body: unknown, key: string) => {
    const res = await fetch(`${url()}/api/orders`, {
      method: 'POST',
      headers: systemHeaders({ 'content-type': 'application/json', 'Idempotency-Key': key }),
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const getOrder = async (id: string) =>
    (await (await fetch(`${url()}/api/orders/${id}`, { headers: systemHeaders() })).json()) as Record<string, any>;
  // The order processes; a contract's start of supply (contract-start) rightly waits for its date.
  const activeInstances = async () => {
    let total = 0;
    for (const processDefinitionId of ['order-to-contract', 'credit-check']) {
      const res = await fetch(`${url()}/v2/process-instances/search`, {
        method: 'POST',
        headers: systemHeaders({ 'content-type': 'application/json' }),
        body: JSON.stringify({ filter: { state: 'ACTIVE', processDefinitionId }, page: { limit: 1 } }),
      });
      total += ((await res.json()) as { page: { totalItems: number } }).page.totalItems;
    }
    return total;
  };
  /** Polls at most every 500 ms (the product is busy); a refused connection during a restart is "not yet". */
  const waitUntil = (probe: () => Promise<boolean>, what: string, ms: number) =>
    waitFor(probe, what, ms, { maxPauseMs: 500, probeErrorsAreNo: true, explain: () => proc?.output().slice(-3000) });

  it('every stored order reaches its decision exactly once, and Chromium dies with the product', async () => {
    // A group-commit window widens the gap between storing an order and its process being durable,
    // so the kill finds orders stored but unanswered, and starts not yet written.
    proc = await spawnEngine({ ...env(), ENGINE_FLUSH_INTERVAL_MS: '1000' }, product, ready);

    // A first order brings Chromium up (its confirmation letter).
    const warm = await postOrder(orderFor('Gruen'), 'warm-up');
    expect(warm.status).toBe(201);
    await waitUntil(async () => (await getOrder(warm.body.orderId)).documents?.length > 0, 'the first letter', 120_000);
    const pid = proc.child.pid!;
    const chromium = chromiumOf(processTable(), pid);
    expect(chromium.length).toBeGreaterThan(0);

    // 200 orders sent 10 ms apart (all in flight together, as the commit window holds them), and
    // SIGKILL as soon as a fifth are answered: later ones are stored but unanswered, or never arrive.
    // Sent all at once, a fast database (PostgreSQL) answered all 200 in one window before the kill.
    const bodies = Array.from({ length: N }, () => orderFor('Gruen'));
    const answered = new Map<number, { status: number; orderId?: string }>();
    let killed: Promise<void> | undefined;
    const victim = proc;
    const kill = () => (killed ??= kill9(victim));
    await Promise.all(
      bodies.map((body, i) =>
        new Promise((r) => setTimeout(r, i * 10))
          .then(() => (killed ? Promise.reject(new Error('killed')) : postOrder(body, `crash-${i}`)))
          .then(
            (r) => {
              answered.set(i, { status: r.status, orderId: r.body.orderId });
              if (answered.size >= N / 5) void kill();
            },
            () => undefined,
          ),
      ),
    );
    await kill();
    proc = undefined;
    const accepted = [...answered.values()].filter((a) => a.status >= 200 && a.status < 300);
    expect(accepted.length).toBeGreaterThanOrEqual(N / 5);
    expect(accepted.length).toBeLessThan(N);

    // Chromium went with the product: none of its processes, none with its profile folder.
    await waitUntil(
      async () => {
        const alive = new Set(processTable().map((p) => p.pid));
        return chromium.every((c) => !alive.has(c.pid)) && chromiumOf(processTable(), pid).length === 0;
      },
      "the killed product's Chromium to end",
      15_000,
    );

    // Restart on the same data: the sweep starts what the crash left unstarted.
    proc = await spawnEngine(env(), product, ready);
    await waitUntil(
      async () => {
        for (const a of accepted) if (!(await getOrder(a.orderId!)).decision) return false;
        return true;
      },
      'a decision for every answered order',
      240_000,
    );
    // Also the orders stored without an answer: nothing runs any more, twice in a row, after a few sweeps.
    await new Promise((r) => setTimeout(r, 3000));
    await waitUntil(
      async () => (await activeInstances()) === 0 && (await new Promise((r) => setTimeout(r, 1500)), (await activeInstances()) === 0),
      'all instances to finish',
      240_000,
    );

    // Stop it cleanly and read its database.
    const stopped = new Promise<void>((resolve) => {
      proc!.child.removeAllListeners('exit');
      proc!.child.once('exit', () => resolve());
    });
    proc.child.kill('SIGTERM');
    await stopped;
    proc = undefined;
    const db: Database = pg?.db ?? (await openDatabase({ databaseUrl: '', dataDir: dir }));
    try {
      const orders = await db('orders').select('id', 'status', 'decision', 'process_instance_key', 'idempotency_key');
      const ids = new Set(orders.map((o) => o.id as string));
      for (const a of accepted) expect(ids.has(a.orderId!)).toBe(true);
      const unanswered = orders.filter((o) => o.idempotency_key !== 'warm-up' && !accepted.some((a) => a.orderId === o.id));
      console.log(
        `intake crash: ${accepted.length} answered 2xx, ${unanswered.length} stored without an answer, ${orders.length} orders in all`,
      );

      // Instances of order-to-contract by their orderId (the called credit-check has an orderId of its own).
      const instances = await db('engine_record as v')
        .join('engine_record as p', function () {
          this.on('p.kind', db.raw("'process-instance'")).andOn(db.raw("p.data->>'key' = v.data->>'processInstanceKey'"));
        })
        .where('v.kind', 'variable')
        .whereRaw("v.data->>'name' = 'orderId'")
        .whereRaw("v.data->>'scopeKey' = v.data->>'processInstanceKey'")
        .whereRaw("p.data->>'bpmnProcessId' = 'order-to-contract'")
        .select(db.raw("v.data->>'value' as order_id"), db.raw("v.data->>'processInstanceKey' as pik"));
      const perOrder = new Map<string, string[]>();
      for (const r of instances) perOrder.set(JSON.parse(r.order_id), [...(perOrder.get(JSON.parse(r.order_id)) ?? []), r.pik]);
      const decisions = await db('engine_record')
        .where({ kind: 'element-instance' })
        .whereRaw("data->>'elementId' = 'decide'")
        .select(db.raw("data->>'processInstanceKey' as pik"), db.raw("data->>'state' as state"));
      const decidedIn = new Map<string, number>();
      for (const d of decisions) decidedIn.set(d.pik, (decidedIn.get(d.pik) ?? 0) + 1);

      const wrong = orders.flatMap((o) => {
        const piks = perOrder.get(o.id) ?? [];
        const problems: string[] = [];
        if (piks.length !== 1) problems.push(`${piks.length} process instances`);
        else if (piks[0] !== o.process_instance_key) problems.push(`stored key ${o.process_instance_key}, instance ${piks[0]}`);
        else if (decidedIn.get(piks[0]) !== 1) problems.push(`${decidedIn.get(piks[0]) ?? 0} decisions`);
        if (o.status === 'received' || !o.decision) problems.push(`status ${o.status}, decision ${o.decision}`);
        return problems.length ? [`${o.id}: ${problems.join(', ')}`] : [];
      });
      expect(wrong).toEqual([]);
      const contracts = await db('contracts')
        .whereIn('order_id', [...ids])
        .count({ n: '*' });
      expect(Number(contracts[0].n)).toBe(orders.length);
    } finally {
      if (!pg) await db.destroy();
    }
  });
});

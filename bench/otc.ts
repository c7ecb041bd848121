/**
 * Order-to-contract benchmark on the whole system (engine, workers, simulator, PGlite on disk):
 *  - orders per second and the latency from POST /api/orders to the decision, with the bureau
 *    simulator answering at once and after 200 ms;
 *  - letters per second through the job worker (order confirmations rendered again for accepted
 *    orders), beside the raw puppeteer ceiling of the same renderer measured in the same run.
 *
 *   npm run bench:otc            BENCH_ORDERS=200 npm run bench:otc
 *   BENCH_OTC_POSTGRES=postgres://postgres@127.0.0.1:5432/test npm run bench:otc   (PostgreSQL instead of PGlite)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getOrder, orderFor, post, startTestSystem } from '../test/e2e/system';
import { LETTERS, letterRates, templateRate } from './letters/measure';
import type { System } from '../server/system';
import { profiled } from './cpu-profile';
import { countStatements, formatPerOrder } from './otc/statements';
import { orderTimeline } from './otc/timeline';
import { withScratchPostgres } from './scratch-postgres';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 120);
const CONCURRENCY = 16;
/** How often a client asks GET /api/orders/{id} for the decision; the latency is measured at this grain. */
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 100);
/** `orders` leaves out the 200 ms bureau phases, the letters and the puppeteer ceiling. */
const ONLY = process.env.BENCH_OTC_ONLY ?? '';
/** A PostgreSQL server (a scratch database is made on it) instead of the default embedded PGlite on disk. */
const POSTGRES = process.env.BENCH_OTC_POSTGRES ?? '';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

async function ordersRun(system: System, latencyMs: number, orders = ORDERS, clients = CONCURRENCY): Promise<string[]> {
  system.simulator!.setLatency(latencyMs);
  const latencies: number[] = [];
  const accepted: string[] = [];
  let next = 0;
  const statements = countStatements(system.db);
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < orders) {
        next += 1;
        const started = Date.now();
        const res = await post(system, '/api/orders', orderFor('Gruen'));
        if (res.status !== 201 && res.status !== 200) throw new Error(`order rejected: ${JSON.stringify(res.body)}`);
        for (;;) {
          const order = await getOrder(system, res.body.orderId as string);
          if (order.decision) {
            latencies.push(Date.now() - started);
            if (order.decision === 'accept') accepted.push(res.body.orderId as string);
            break;
          }
          await new Promise((r) => setTimeout(r, POLL_MS));
        }
      }
    }),
  );
  const seconds = (Date.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const within2s = ((100 * latencies.filter((ms) => ms <= 2000).length) / latencies.length).toFixed(0);
  console.log(
    `orders, bureau latency ${latencyMs} ms: ${(orders / seconds).toFixed(1)} orders/s; POST → decision p50 ${percentile(latencies, 0.5)} ms, p99 ${percentile(latencies, 0.99)} ms (${orders} orders, ${clients} clients, polled every ${POLL_MS} ms; ${within2s} % within 2 s)`,
  );
  console.log(formatPerOrder(statements.stop(), orders));
  return accepted;
}

/** Letters through the worker for accepted orders, beside raw Chromium on the same letter (bench/letters/measure.ts). */
async function letters(system: System, orderIds: string[]): Promise<void> {
  const ids = orderIds.slice(0, LETTERS);
  const r = await letterRates(system, ids, templateRate().html);
  console.log(
    `letters through the worker: ${r.worker.perSecond.toFixed(1)} PDFs/s (${ids.length} order confirmations, job → template → PDF → store); raw Chromium on the same letter ${r.ceiling.toFixed(1)}/s (${((100 * r.worker.perSecond) / r.ceiling).toFixed(0)} %; ${r.rawBefore.perSecond.toFixed(1)} before, ${r.rawAfter.perSecond.toFixed(1)} after), on a plain page ${r.plain.toFixed(1)}/s`,
  );
}

async function main(): Promise<void> {
  console.log(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
  if (!POSTGRES) return run('');
  await withScratchPostgres(POSTGRES, async (url, skipped) => {
    if (!url) throw new Error(`PostgreSQL at ${POSTGRES}: ${skipped}`);
    console.log('database: PostgreSQL (BENCH_OTC_POSTGRES)');
    await run(url);
  });
}

async function run(databaseUrl: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-otc-'));
  const system = await startTestSystem({ dataDir: dir, databaseUrl, engineClockControlled: false, bureauTimeoutMs: 3000 });
  try {
    // One client first: the latency of an order alone; then 16 clients: the throughput.
    await ordersRun(system, 0, 5, 1); // warm-up: first statements, JIT, bureau persona caches
    await orderTimeline(system);
    await profiled('otc-alone', () => ordersRun(system, 0, 20, 1));
    const accepted = await profiled('otc-16-clients', () => ordersRun(system, 0));
    if (ONLY === 'orders') return;
    await ordersRun(system, 200, 20, 1);
    await ordersRun(system, 200);
    await letters(system, accepted);
  } finally {
    await system.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

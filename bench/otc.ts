/**
 * Order-to-contract benchmark on the whole system (engine, workers, simulator, PGlite on disk):
 *  - orders per second and the latency from POST /api/orders to the decision, with the bureau
 *    simulator answering at once and after 200 ms;
 *  - letters per second through the job worker (order confirmations rendered again for accepted
 *    orders), beside the raw puppeteer ceiling of the same renderer measured in the same run.
 *
 *   npm run bench:otc            BENCH_ORDERS=200 npm run bench:otc
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chain, end, process as bpmn, serviceTask, start } from '../test/bpmn';
import { getOrder, orderFor, post, startTestSystem } from '../test/e2e/system';
import { createPdfRenderer } from '../workers/documents/pdfRenderer';
import type { System } from '../server/system';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 120);
const LETTERS = Number(process.env.BENCH_LETTERS ?? 60);
const CONCURRENCY = 16;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

async function ordersRun(system: System, latencyMs: number, orders = ORDERS, clients = CONCURRENCY): Promise<string[]> {
  system.simulator!.setLatency(latencyMs);
  const latencies: number[] = [];
  const accepted: string[] = [];
  let next = 0;
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
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    }),
  );
  const seconds = (Date.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(
    `orders, bureau latency ${latencyMs} ms: ${(orders / seconds).toFixed(1)} orders/s; POST → decision p50 ${percentile(latencies, 0.5)} ms, p99 ${percentile(latencies, 0.99)} ms (${orders} orders, ${clients} clients)`,
  );
  return accepted;
}

/** Renders the order confirmations of accepted orders again, through the job worker. */
async function lettersThroughWorker(system: System, orderIds: string[]): Promise<void> {
  const ids = orderIds.slice(0, LETTERS);
  await system.db('documents').whereIn('order_id', ids).andWhere({ kind: 'order_confirmation' }).delete();
  await system.zbc!.deployResource({
    process: Buffer.from(
      bpmn('bench-letters', [start('s'), serviceTask('t', 'document.render-order-confirmation'), end('e'), ...chain('s', 't', 'e')]),
    ),
    name: 'bench-letters.bpmn',
  });
  let next = 0;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < ids.length) {
        const orderId = ids[next++];
        await system.zbc!.createProcessInstanceWithResult({
          bpmnProcessId: 'bench-letters',
          variables: { orderId },
          requestTimeout: 60_000,
        });
      }
    }),
  );
  const seconds = (Date.now() - t0) / 1000;
  console.log(
    `letters through the worker: ${(ids.length / seconds).toFixed(1)} PDFs/s (${ids.length} order confirmations, job → template → PDF → database)`,
  );
}

async function rawCeiling(system: System): Promise<void> {
  const doc = await system.db('documents').where({ kind: 'order_confirmation' }).first();
  const html = `<html><body style="font-family:sans-serif"><h1>Auftragsbestätigung</h1>${'<p>Vertragsdaten und Bedingungen.</p>'.repeat(40)}</body></html>`;
  const renderer = await createPdfRenderer({ chromiumPath: system.settings.chromiumPath, poolSize: system.settings.pdfPagePoolSize });
  try {
    await renderer.render(html);
    const n = LETTERS;
    let next = 0;
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: system.settings.pdfPagePoolSize }, async () => {
        while (next < n) {
          next += 1;
          await renderer.render(html);
        }
      }),
    );
    console.log(
      `raw puppeteer ceiling: ${(n / ((Date.now() - t0) / 1000)).toFixed(1)} PDFs/s (${n} one-page PDFs, pool of ${system.settings.pdfPagePoolSize} pages${doc ? '' : ', no letter found'})`,
    );
  } finally {
    await renderer.close();
  }
}

async function main(): Promise<void> {
  console.log(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-otc-'));
  const system = await startTestSystem({ dataDir: dir, engineClockControlled: false, bureauTimeoutMs: 3000 });
  try {
    // One client first: the latency of an order alone; then 16 clients: the throughput.
    await ordersRun(system, 0, 20, 1);
    const accepted = await ordersRun(system, 0);
    await ordersRun(system, 200, 20, 1);
    await ordersRun(system, 200);
    await lettersThroughWorker(system, accepted);
    await rawCeiling(system);
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

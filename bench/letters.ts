/**
 * Letters through the job worker against the browser's own pace, in one run on the README's
 * default (the whole system, PGlite on disk):
 *  - raw Chromium: the same order-confirmation HTML rendered straight through the renderer's page
 *    pool, just before and just after the worker phase (their mean is the ceiling), and a one-page
 *    plain HTML for comparison;
 *  - the template alone (HTML per second);
 *  - through the worker: a process instance per letter, job → order look-up → template → PDF →
 *    document store → job completed, awaited with CreateProcessInstanceWithResult.
 * The aim is the worker at ≥ 90 % of the raw rate of the same letter.
 *
 *   npm run bench:letters            BENCH_LETTERS=200 npm run bench:letters
 *   BENCH_CPU_PROF=/tmp/prof npm run bench:letters   (a CPU profile of the worker phase)
 *   PDF_PAGE_POOL_SIZE=8 npm run bench:letters       (another page pool, for worker and ceiling)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getOrder, orderFor, post, startTestSystem } from '../test/e2e/system';
import { waitFor } from '../test/wait';
import type { System } from '../server/system';
import { profiled } from './cpu-profile';
import { countStatements, formatPerOrder, type StatementStats } from './otc/statements';
import { CONCURRENCY, LETTERS, letterRates, templateRate, type Rate } from './letters/measure';

/** Accepted orders, each with its confirmation already stored once (the worker path renders them again). */
async function acceptedOrders(system: System, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 20) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, n - i) }, async () => {
        const res = await post(system, '/api/orders', orderFor('Gruen'));
        return res.body.orderId as string;
      }),
    );
    for (const id of batch) {
      const order = await waitFor(
        async () => ((await getOrder(system, id)).decision ? getOrder(system, id) : undefined),
        `order ${id}`,
        60_000,
      );
      if (order.decision === 'accept') ids.push(id);
    }
  }
  return ids;
}

async function main(): Promise<void> {
  console.log(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-letters-'));
  // PDF_PAGE_POOL_SIZE as in the product (the test harness reads no environment).
  const pool = process.env.PDF_PAGE_POOL_SIZE ? { pdfPagePoolSize: Number(process.env.PDF_PAGE_POOL_SIZE) } : {};
  const system = await startTestSystem({ dataDir: dir, engineClockControlled: false, bureauTimeoutMs: 3000, ...pool });
  try {
    system.simulator!.setLatency(0);
    const orders = await acceptedOrders(system, LETTERS);
    const template = templateRate();
    let statements: ReturnType<StatementStats['stop']> | undefined;
    const rates = await letterRates(system, orders, template.html, async (fn) => {
      const counting = countStatements(system.db);
      try {
        return await profiled('letters-worker', fn);
      } finally {
        statements = counting.stop();
      }
    });
    console.log(
      `template alone:             ${template.perSecond.toFixed(0)} letters/s (HTML of ${(template.html.length / 1024).toFixed(0)} KiB)`,
    );
    console.log(`raw Chromium, plain page:   ${rates.plain.toFixed(1)} PDFs/s (pool of ${system.settings.pdfPagePoolSize} pages)`);
    const cpu = (r: Rate) =>
      `CPU a letter: ${r.nodeMs.toFixed(1)} ms this process, ${r.chromiumMs.toFixed(0)} ms Chromium; event loop late p50 ${r.loopDelayMs.p50.toFixed(1)} ms, p99 ${r.loopDelayMs.p99.toFixed(1)} ms`;
    console.log(
      `raw Chromium, same letter:  ${rates.ceiling.toFixed(1)} PDFs/s (ceiling: mean of ${rates.rawBefore.perSecond.toFixed(1)} before and ${rates.rawAfter.perSecond.toFixed(1)} after the worker)`,
    );
    console.log(`  before: ${cpu(rates.rawBefore)}; after: ${cpu(rates.rawAfter)}`);
    console.log(
      `through the worker:         ${rates.worker.perSecond.toFixed(1)} PDFs/s (${orders.length} letters, ${CONCURRENCY} clients) = ${((100 * rates.worker.perSecond) / rates.ceiling).toFixed(0)} % of the ceiling (aim ≥ 90 %)`,
    );
    console.log(`  ${cpu(rates.worker)}`);
    console.log(formatPerOrder(statements!, orders.length, 12, 'letter'));
    console.log(
      `load average (1, 5, 15 min): ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(', ')}`,
    );
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

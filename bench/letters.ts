/**
 * Letters through the job worker against the browser's own pace, in one run on the README's
 * default (the whole system, PGlite on disk):
 *  - raw Chromium: the same order-confirmation HTML rendered straight through the renderer's page
 *    pool (the ceiling), and a one-page plain HTML for comparison;
 *  - the template alone (HTML per second);
 *  - through the worker: a process instance per letter, job → order look-up → template → PDF →
 *    document store → job completed, awaited with CreateProcessInstanceWithResult.
 * The aim is the worker at ≥ 90 % of the raw rate of the same letter.
 *
 *   npm run bench:letters            BENCH_LETTERS=200 npm run bench:letters
 *   BENCH_CPU_PROF=/tmp/prof npm run bench:letters   (a CPU profile of the worker phase)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chain, end, process as bpmn, serviceTask, start } from '../test/bpmn';
import { getOrder, orderFor, post, startTestSystem } from '../test/e2e/system';
import { waitFor } from '../test/wait';
import { createPdfRenderer, createTemplateRenderer } from '../workers/documents';
import { sampleConfirmation } from '../workers/documents/fixtures';
import type { System } from '../server/system';
import { profiled } from './cpu-profile';

const LETTERS = Number(process.env.BENCH_LETTERS ?? 120);
const CONCURRENCY = 16;

const rate = (n: number, t0: number) => n / ((performance.now() - t0) / 1000);

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

async function rawRates(system: System, html: string): Promise<{ letter: number; plain: number }> {
  const plain = `<html><body style="font-family:sans-serif"><h1>Auftragsbestätigung</h1>${'<p>Vertragsdaten und Bedingungen.</p>'.repeat(40)}</body></html>`;
  const renderer = await createPdfRenderer({ chromiumPath: system.settings.chromiumPath, poolSize: system.settings.pdfPagePoolSize });
  const run = async (page: string) => {
    await renderer.render(page);
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: system.settings.pdfPagePoolSize }, async () => {
        while (next < LETTERS) {
          next += 1;
          await renderer.render(page);
        }
      }),
    );
    return rate(LETTERS, t0);
  };
  try {
    return { letter: await run(html), plain: await run(plain) };
  } finally {
    await renderer.close();
  }
}

function templateRate(): { html: string; perSecond: number } {
  const templates = createTemplateRenderer();
  const html = templates.letter('order-confirmation', sampleConfirmation);
  const t0 = performance.now();
  for (let i = 0; i < LETTERS; i++) templates.letter('order-confirmation', sampleConfirmation);
  return { html, perSecond: rate(LETTERS, t0) };
}

async function workerRate(system: System, orderIds: string[]): Promise<number> {
  await system.db('documents').whereIn('order_id', orderIds).andWhere({ kind: 'order_confirmation' }).delete();
  await system.zbc!.deployResource({
    process: Buffer.from(
      bpmn('bench-letters', [start('s'), serviceTask('t', 'document.render-order-confirmation'), end('e'), ...chain('s', 't', 'e')]),
    ),
    name: 'bench-letters.bpmn',
  });
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < orderIds.length) {
        const orderId = orderIds[next++];
        await system.zbc!.createProcessInstanceWithResult({
          bpmnProcessId: 'bench-letters',
          variables: { orderId },
          requestTimeout: 60_000,
        });
      }
    }),
  );
  const perSecond = rate(orderIds.length, t0);
  const stored = await system.db('documents').whereIn('order_id', orderIds).andWhere({ kind: 'order_confirmation' }).count({ n: '*' });
  if (Number(stored[0].n) !== orderIds.length) throw new Error(`expected ${orderIds.length} stored letters, found ${stored[0].n}`);
  return perSecond;
}

async function main(): Promise<void> {
  console.log(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-letters-'));
  const system = await startTestSystem({ dataDir: dir, engineClockControlled: false, bureauTimeoutMs: 3000 });
  try {
    system.simulator!.setLatency(0);
    const orders = await acceptedOrders(system, LETTERS);
    const template = templateRate();
    const worker = await profiled('letters-worker', () => workerRate(system, orders));
    const raw = await rawRates(system, template.html);
    const pool = system.settings.pdfPagePoolSize;
    console.log(
      `template alone:             ${template.perSecond.toFixed(0)} letters/s (HTML of ${(template.html.length / 1024).toFixed(0)} KiB)`,
    );
    console.log(`raw Chromium, plain page:   ${raw.plain.toFixed(1)} PDFs/s (pool of ${pool} pages)`);
    console.log(`raw Chromium, same letter:  ${raw.letter.toFixed(1)} PDFs/s (ceiling)`);
    console.log(
      `through the worker:         ${worker.toFixed(1)} PDFs/s (${orders.length} letters, ${CONCURRENCY} clients) = ${((100 * worker) / raw.letter).toFixed(0)} % of the ceiling (aim ≥ 90 %)`,
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

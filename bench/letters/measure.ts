/**
 * The letter measurements shared by bench:letters and bench:otc: raw Chromium on a letter's HTML
 * and on a plain page, the template alone, and letters through the job worker.
 */
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { chain, end, process as bpmn, serviceTask, start } from '../../test/bpmn';
import { createPdfRenderer, createTemplateRenderer } from '../../workers/documents';
import { sampleConfirmation } from '../../workers/documents/fixtures';
import { createEngineQueries } from '../../engine/query';
import { waitFor } from '../../test/wait';
import { chromiumOf, processTable } from '../../test/processes';
import type { System } from '../../server/system';

export const LETTERS = Number(process.env.BENCH_LETTERS ?? 120);
export const CONCURRENCY = 16;

const rate = (n: number, t0: number) => n / ((performance.now() - t0) / 1000);

/** CPU milliseconds this process and all its Chromium processes have used so far (Linux /proc). */
function cpuMs(): { node: number; chromium: number } {
  const own = process.cpuUsage();
  let ticks = 0;
  for (const p of chromiumOf(processTable(), process.pid)) {
    try {
      // Fields after the command's closing parenthesis; utime and stime are the 12th and 13th.
      const fields = fs.readFileSync(`/proc/${p.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return { node: (own.user + own.system) / 1000, chromium: ticks * 10 };
}

/** A phase's rate and the CPU it took per letter, in this process and in Chromium. */
export interface Rate {
  perSecond: number;
  nodeMs: number;
  chromiumMs: number;
  /** How late this process's event loop ran what was due (a DevTools answer waits that long). */
  loopDelayMs: { p50: number; p99: number };
}

/** `total` calls of `one`, `width` of them at a time. */
async function measured(width: number, total: number, one: (i: number) => Promise<unknown>): Promise<Rate> {
  let next = 0;
  const cpu0 = cpuMs();
  const loop = monitorEventLoopDelay({ resolution: 2 });
  loop.enable();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < total) await one(next++);
    }),
  );
  const perSecond = rate(total, t0);
  loop.disable();
  const cpu1 = cpuMs();
  return {
    perSecond,
    nodeMs: (cpu1.node - cpu0.node) / total,
    chromiumMs: (cpu1.chromium - cpu0.chromium) / total,
    loopDelayMs: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6 },
  };
}

/** Runs the timed phase; bench:letters profiles it. */
type Phase = <T>(fn: () => Promise<T>) => Promise<T>;

const plainPage = `<html><body style="font-family:sans-serif"><h1>Auftragsbestätigung</h1>${'<p>Vertragsdaten und Bedingungen.</p>'.repeat(40)}</body></html>`;

/** Raw Chromium through a renderer of its own: every page of the pool opened before the clock starts. */
async function rawChromium(system: System) {
  const width = system.settings.pdfPagePoolSize;
  const renderer = await createPdfRenderer({ chromiumPath: system.settings.chromiumPath, poolSize: width });
  return {
    async rate(page: string): Promise<Rate> {
      await Promise.all(Array.from({ length: width }, () => renderer.render(page)));
      return measured(width, LETTERS, () => renderer.render(page));
    },
    close: () => renderer.close(),
  };
}

export interface LetterRates {
  worker: Rate;
  /** Raw Chromium on the same letter just before and just after the worker phase. */
  rawBefore: Rate;
  rawAfter: Rate;
  /** The mean of their rates: the ceiling, so that a change of the machine's load during the run hits both sides. */
  ceiling: number;
  plain: number;
}

/** Letters through the worker, bracketed by raw Chromium on the same HTML, then a plain page. */
export async function letterRates(system: System, orderIds: string[], html: string, phase?: Phase): Promise<LetterRates> {
  await ordersSettled(system);
  const raw = await rawChromium(system);
  try {
    const rawBefore = await raw.rate(html);
    const worker = await workerRate(system, orderIds, phase);
    const rawAfter = await raw.rate(html);
    const plain = (await raw.rate(plainPage)).perSecond;
    return { worker, rawBefore, rawAfter, ceiling: (rawBefore.perSecond + rawAfter.perSecond) / 2, plain };
  } finally {
    await raw.close();
  }
}

export function templateRate(): { html: string; perSecond: number } {
  const templates = createTemplateRenderer();
  const html = templates.letter('order-confirmation', sampleConfirmation);
  const t0 = performance.now();
  for (let i = 0; i < LETTERS; i++) templates.letter('order-confirmation', sampleConfirmation);
  return { html, perSecond: rate(LETTERS, t0) };
}

/**
 * Waits until no order process is running any more: the orders are awaited up to their decision,
 * and their confirmation, mail and contract announcement would otherwise run during the
 * measurement (in an earlier version a quarter of the sampled time was theirs).
 */
async function ordersSettled(system: System): Promise<void> {
  const queries = createEngineQueries(system.db);
  const active = async (processDefinitionId: string) =>
    (await queries.processInstances.search({ filter: { processDefinitionId, state: 'ACTIVE' }, page: { limit: 0 } })).page.totalItems;
  await waitFor(
    async () => (await active('order-to-contract')) + (await active('credit-check')) === 0,
    'order processes to finish',
    120_000,
  );
}

async function workerRate(system: System, orderIds: string[], phase: Phase = (fn) => fn()): Promise<Rate> {
  await system.db('documents').whereIn('order_id', orderIds).andWhere({ kind: 'order_confirmation' }).delete();
  await system.zbc!.deployResource({
    process: Buffer.from(
      bpmn('bench-letters', [start('s'), serviceTask('t', 'document.render-order-confirmation'), end('e'), ...chain('s', 't', 'e')]),
    ),
    name: 'bench-letters.bpmn',
  });
  const result = await phase(() =>
    measured(CONCURRENCY, orderIds.length, (i) =>
      system.zbc!.createProcessInstanceWithResult({
        bpmnProcessId: 'bench-letters',
        variables: { orderId: orderIds[i] },
        requestTimeout: 60_000,
      }),
    ),
  );
  const stored = await system.db('documents').whereIn('order_id', orderIds).andWhere({ kind: 'order_confirmation' }).count({ n: '*' });
  if (Number(stored[0].n) !== orderIds.length) throw new Error(`expected ${orderIds.length} stored letters, found ${stored[0].n}`);
  return result;
}

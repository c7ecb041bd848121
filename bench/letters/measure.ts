/**
 * The letter measurements shared by bench:letters and bench:otc: raw Chromium on a letter's HTML
 * and on a plain page, the template alone, and letters through the job worker.
 */
import { chain, end, process as bpmn, serviceTask, start } from '../../test/bpmn';
import { createPdfRenderer, createTemplateRenderer } from '../../workers/documents';
import { sampleConfirmation } from '../../workers/documents/fixtures';
import type { System } from '../../server/system';

export const LETTERS = Number(process.env.BENCH_LETTERS ?? 120);
export const CONCURRENCY = 16;

const rate = (n: number, t0: number) => n / ((performance.now() - t0) / 1000);

export async function rawRates(system: System, html: string): Promise<{ letter: number; plain: number }> {
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

export function templateRate(): { html: string; perSecond: number } {
  const templates = createTemplateRenderer();
  const html = templates.letter('order-confirmation', sampleConfirmation);
  const t0 = performance.now();
  for (let i = 0; i < LETTERS; i++) templates.letter('order-confirmation', sampleConfirmation);
  return { html, perSecond: rate(LETTERS, t0) };
}

export async function workerRate(system: System, orderIds: string[]): Promise<number> {
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

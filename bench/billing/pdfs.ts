/**
 * Bill PDFs through the worker (the `document.render-bill` handler: bill and contract from the
 * database, letter data, template, Chromium, stored by business key) beside the raw ceiling of the
 * same Chromium page pool rendering the same HTML, measured in the same run. The job transport
 * is left out on both sides: the engine's share is bench:engine's.
 */
import { loadSettings } from '../../config/settings';
import type { Database } from '../../db';
import { issueBill } from '../../domain/billing/issue-bill';
import { recordReading, setReadingStatus } from '../../domain/readings';
import { insertContract } from '../../domain/shared/test-fixtures';
import { accountingDeps } from '../../workers/billing';
import { createAccountingHandlers } from '../../workers/billing/handlers';
import { createPdfRenderer, type PdfRenderer } from '../../workers/documents';
import type { Mailer } from '../../workers/mail';
import type { ZeebeClient } from '../../server/zeebe-client';
import type { BenchRow } from './bills';

async function inBatches<T>(items: T[], width: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

export async function runBillPdfBench(
  db: Database,
  opts: { bills: number; label: string; log: (line: string) => void },
): Promise<BenchRow[]> {
  const settings = loadSettings();
  const billIds: string[] = [];
  for (let i = 0; i < opts.bills; i++) {
    const c = await insertContract(db, { startDate: '2025-01-01', billingPeriodStart: '2025-01-01', status: 'active' });
    for (const [date, kwh] of [
      ['2025-01-01', '1000'],
      ['2025-12-31', `${3500 + i}`],
    ] as const) {
      const r = await recordReading(db, {
        contractId: c.contractId,
        readingDate: date,
        valueKwh: kwh,
        source: 'meter_operator',
        businessKey: `bench:${c.contractId}:${date}`,
      });
      await setReadingStatus(db, r.id, 'accepted');
    }
    const bill = await issueBill(db, {
      contractId: c.contractId,
      kind: 'annual',
      periodEnd: '2025-12-31',
      billDate: '2026-01-05',
      readings: {
        start: { meterNumber: c.meterNumber, date: '2025-01-01', valueKwh: '1000', kind: 'read' },
        end: { meterNumber: c.meterNumber, date: '2025-12-31', valueKwh: `${3500 + i}`, kind: 'read' },
      },
    });
    billIds.push(bill.id);
  }

  const renderer = await createPdfRenderer({ chromiumPath: settings.chromiumPath, poolSize: settings.pdfPagePoolSize });
  const html: string[] = [];
  // The worker's renderer, recording what it renders for the raw run.
  const recording: PdfRenderer = { render: (h) => (html.push(h), renderer.render(h)), close: async () => undefined };
  const mailer = { sendOnce: async () => ({ sent: false }), close: () => undefined } as unknown as Mailer;
  const deps = accountingDeps({ zbc: {} as ZeebeClient, db, settings }, mailer, () => Promise.resolve(recording));
  const render = createAccountingHandlers(deps)['document.render-bill'];
  try {
    // Warm-up: Chromium's first pages and the template cache.
    await render({ billId: billIds[0] });
    const width = settings.pdfPagePoolSize;
    const t0 = Date.now();
    await inBatches(billIds.slice(1), width, (billId) => render({ billId }));
    const workerRate = (billIds.length - 1) / ((Date.now() - t0) / 1000);
    const t1 = Date.now();
    await inBatches(html.slice(1), width, (h) => renderer.render(h));
    const rawRate = (html.length - 1) / ((Date.now() - t1) / 1000);
    const share = (100 * workerRate) / rawRate;
    opts.log(
      `${opts.label}: bill PDFs through the worker ${workerRate.toFixed(1)}/s, raw Chromium ${rawRate.toFixed(1)}/s (${share.toFixed(0)} %)`,
    );
    return [
      {
        what: `bill PDFs through the worker (${billIds.length - 1}, pool ${width})`,
        figure: `${workerRate.toFixed(1)}/s`,
        ceiling: `raw Chromium on the same HTML ${rawRate.toFixed(1)}/s (${share.toFixed(0)} %)`,
      },
    ];
  } finally {
    await renderer.close();
  }
}

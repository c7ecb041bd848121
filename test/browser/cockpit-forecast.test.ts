/**
 * The analyst's revenue forecast in the cockpit: the chart draws the portfolio's months, a what-if
 * (churn) lowers the margin, a wrong input is named beside its field, and the CSV downloads for
 * Excel (BOM, semicolons, decimal comma); in German and English.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { insertContract } from '../../domain/shared/test-fixtures';
import { openBrowserSession, SHOTS, signInThroughLoginPage, type BrowserSession } from './session';

jest.setTimeout(120_000);

let session: BrowserSession;
const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'forecast-csv-'));

beforeAll(async () => {
  session = await openBrowserSession({ width: 1440, height: 900 });
  const { db } = session.system;
  for (let i = 0; i < 40; i++) await insertContract(db, { tariffCode: 'RHEIN-FIX-24', annualConsumptionKwh: 2500 + i * 50 });
  for (let i = 0; i < 25; i++) await insertContract(db, { tariffCode: 'STROM-FIX-24', annualConsumptionKwh: 3200 });
  for (let i = 0; i < 15; i++) await insertContract(db, { tariffCode: 'RHEIN-GAS-24', annualConsumptionKwh: 14000 + i * 200 });
});

afterAll(async () => {
  await session?.close();
  fs.rmSync(downloads, { recursive: true, force: true });
});

/** Coloured pixels on the chart's canvas: Chart.js drew bars and the line. */
const paintedPixels = () =>
  session.page.$eval('[data-testid="forecast-chart"]', (c) => {
    const canvas = c as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && !(data[i] > 240 && data[i + 1] > 240 && data[i + 2] > 240)) n++;
    return n;
  });

const marginCells = () =>
  session.page.$$eval('[data-testid="forecast-totals"] [data-field="margin"]', (tds) => tds.map((td) => td.textContent?.trim() ?? ''));

const euros = (text: string) =>
  Number(
    text
      .replace(/[^\d,−-]/g, '')
      .replace('−', '-')
      .replace(',', '.'),
  );

test('an analyst sees the forecast chart, tries a churn scenario and downloads the CSV', async () => {
  const { page } = session;
  await signInThroughLoginPage(session, 'analyst', 'analyst', '/cockpit');
  await page.goto(`${session.system.httpUrl}/cockpit#/forecast`);
  await page.waitForSelector('.fc-results[data-ready]');
  expect(await page.$eval('[data-nav="forecast"]', (a) => a.getAttribute('aria-current'))).toBe('page');
  expect(await page.$$eval('.fc-products tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-product')))).toEqual([
    'RHEIN-FIX-24',
    'RHEIN-GAS-24',
    'STROM-FIX-24',
  ]);
  const before = await marginCells();
  expect(before).toHaveLength(12);
  expect(await paintedPixels()).toBeGreaterThan(5000);

  // 24 months, 30 % churn a year on the gas product: its customers and the margin fall month by month.
  await page.select('#fc-months', '24');
  await page.type('input[name="churn"][data-product="RHEIN-GAS-24"]', '30');
  await page.click('[data-action="run"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="forecast-totals"] tbody tr').length === 24);
  const after = await marginCells();
  expect(euros(after[0])).toBe(euros(before[0]));
  expect(euros(after[11])).toBeLessThan(euros(before[11]));
  expect(await paintedPixels()).toBeGreaterThan(5000);
  // The view scrolls inside the app shell: a tall viewport shows the chart and the first months whole.
  await page.setViewport({ width: 1440, height: 1750, deviceScaleFactor: 1 });
  await new Promise((r) => setTimeout(r, 300));
  await page.screenshot({ path: path.join(SHOTS, 'cockpit-forecast.png') });
  await page.setViewport({ width: 1440, height: 900, deviceScaleFactor: 1 });

  // A churn of 150 % is refused, named beside its field.
  await page.type('input[name="churn"][data-product="STROM-FIX-24"]', '150');
  await page.click('[data-action="run"]');
  await page.waitForSelector('.fc-errors .alert-danger');
  expect(await page.$eval('.fc-errors', (e) => e.textContent)).toContain('churn[1].percentPerYear');
  expect(await page.$eval('input[name="churn"][data-product="STROM-FIX-24"]', (e) => e.getAttribute('aria-invalid'))).toBe('true');
  await page.$eval('input[name="churn"][data-product="STROM-FIX-24"]', (e) => {
    (e as HTMLInputElement).value = '';
  });

  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  await page.click('[data-action="csv"]');
  const file = await new Promise<string>((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const found = fs.readdirSync(downloads).find((f) => f.endsWith('.csv'));
      if (found) {
        clearInterval(poll);
        resolve(path.join(downloads, found));
      } else if (Date.now() - started > 15_000) {
        clearInterval(poll);
        reject(new Error('no CSV downloaded'));
      }
    }, 100);
  });
  expect(path.basename(file)).toMatch(/^umsatzprognose-\d{4}-\d{2}-24m\.csv$/);
  const bytes = fs.readFileSync(file);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
  expect(lines[0]).toBe(
    'Monat;Tarif;Produkt;Kunden;Verbrauch (kWh);Umsatz netto (EUR);Beschaffung (EUR);Netz und Umlagen (EUR);Deckungsbeitrag (EUR)',
  );
  expect(lines).toHaveLength(1 + 24 * 3);
  expect(lines[1]).toMatch(/^\d{4}-\d{2};RHEIN-FIX-24;Rhein Strom Fix 24;40,00;\d+;\d+,\d{2};\d+,\d{2};\d+,\d{2};-?\d+,\d{2}$/);
  expect(session.pageErrors).toEqual([]);
  expect(session.cspViolations).toEqual([]);
});

test('the forecast speaks English', async () => {
  const { page } = session;
  await page.goto(`${session.system.httpUrl}/cockpit#/forecast`);
  await page.waitForSelector('.fc-results[data-ready]');
  await Promise.all([page.waitForNavigation(), page.click('.lang-switch button[data-locale="en"]')]);
  await page.waitForSelector('.fc-results[data-ready]');
  expect(await page.$eval('.ck-page-head h1', (e) => e.textContent)).toBe('Revenue forecast');
  expect(await page.$eval('[data-nav="forecast"]', (e) => e.textContent)).toContain('Revenue forecast');
  expect(await page.$eval('[data-kpi="margin"] .ck-kpi-label', (e) => e.textContent)).toBe('Contribution margin');
  expect(await paintedPixels()).toBeGreaterThan(5000);
});

/**
 * The accounting screen in a real browser: signed in as admin from the shell's navigation, the
 * tariffs with today's prices, a price change from a date, an unknown account, a broken bank
 * statement refused with its code, and the whole screen in English; no CSP violation on the way.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { openBrowserSession, signInThroughLoginPage, SHOTS, type BrowserSession } from './session';

jest.setTimeout(180_000);

let session: BrowserSession;
let page: Page;

beforeAll(async () => {
  session = await openBrowserSession({ width: 1440, height: 900 }, { workersEnabled: false });
  ({ page } = session);
});

afterAll(() => session?.close());

const text = (selector: string) => page.$eval(selector, (el) => (el.textContent ?? '').trim());

test('the accounting screen shows the tariffs, takes a price change and speaks English', async () => {
  await signInThroughLoginPage(session, 'admin', 'admin', '/');
  await page.waitForSelector('.app-switcher a[href="/accounting"]');
  await Promise.all([page.waitForNavigation(), page.click('.app-switcher a[href="/accounting"]')]);
  expect(new URL(page.url()).pathname).toBe('/accounting');

  // Tarife: the products of a fresh install with today's prices.
  const rhein = '[data-testid="tariffs-table"] tr[data-code="RHEIN-FIX-24"]';
  await page.waitForSelector(rhein);
  expect(await text('.acc-head h1')).toBe('Abrechnung');
  expect(await text('.acc-tab[aria-current="page"]')).toBe('Tarife');
  expect(await text(rhein)).toContain('10,00 €/Monat');
  expect(await text(rhein)).toContain('0,2521 €/kWh');
  expect(await page.$$eval('.acc-tab', (as) => as.map((a) => a.getAttribute('data-tab')))).toEqual([
    'tariffs',
    'balance',
    'files',
    'statements',
    'dunning',
    'bureaus',
  ]);

  // A price change: a date before the latest version is refused beside its field, then a later one is saved.
  await page.click(`${rhein} [data-action="versions"]`);
  await page.waitForSelector('[data-tariff="RHEIN-FIX-24"] #acc-f-validFrom');
  const setDate = (value: string) => page.$eval('#acc-f-validFrom', (el, v) => ((el as HTMLInputElement).value = v), value);
  await setDate('2019-06-01');
  await page.click('[data-action="save-price"]');
  await page.waitForFunction(() => !!document.querySelector('.field-error[data-field="validFrom"]')?.textContent);
  await setDate('2031-01-01');
  await page.click('#acc-f-workingPriceKwhNet', { clickCount: 3 });
  await page.type('#acc-f-workingPriceKwhNet', '0,2599');
  await page.click('[data-action="save-price"]');
  await page.waitForSelector('[data-testid="versions-table"] tr[data-valid-from="2031-01-01"]');
  expect(await text('[data-testid="versions-table"] tr[data-valid-from="2031-01-01"]')).toContain('0,2599 €/kWh');

  // Kontostand of an account that does not exist.
  await page.click('.acc-tab[data-tab="balance"]');
  await page.waitForSelector('#acc-f-accountNumber');
  await page.type('#acc-f-accountNumber', 'VK-404');
  await page.click('[data-action="show-balance"]');
  await page.waitForSelector('[data-testid="balance-not-found"]');

  // Zahlungsdateien: none yet.
  await page.click('.acc-tab[data-tab="files"]');
  await page.waitForSelector('[data-testid="files-empty"]');

  // Kontoauszüge: a broken file is refused with its code; nothing is listed.
  await page.click('.acc-tab[data-tab="statements"]');
  await page.waitForSelector('[data-testid="statements-empty"]');
  const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'camt-')), 'auszug.xml');
  fs.writeFileSync(broken, '<Document><BkToCstmrStmt>');
  const file = await page.$('#acc-camt-file');
  await (file as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(broken);
  await page.click('[data-action="upload"]');
  await page.waitForSelector('[data-testid="upload-error"]:not([hidden])');
  expect(await text('[data-testid="upload-error"]')).toContain('not_xml');

  // English, after the reload the switch makes.
  await page.click('.acc-tab[data-tab="tariffs"]');
  await page.waitForSelector(rhein);
  await Promise.all([page.waitForNavigation(), page.click('.lang-switch button[data-locale="en"]')]);
  await page.waitForSelector(rhein);
  expect(await text('.acc-head h1')).toBe('Accounting');
  expect(await text('.acc-tab[aria-current="page"]')).toBe('Tariffs');
  expect(await text(rhein)).toContain('0.2521 €/kWh');
  expect(await text('.app-switcher a[href="/accounting"]')).toBe('Accounting');
  await page.screenshot({ path: path.join(SHOTS, 'accounting.png'), fullPage: true });

  expect(session.cspViolations).toEqual([]);
  expect(session.pageErrors).toEqual([]);
});

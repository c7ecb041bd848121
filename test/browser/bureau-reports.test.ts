/**
 * The transmission log of the bureau reports in the accounting screen, in a real browser: signed in
 * as analyst, the tab lists the delivery to Creditreform with its claims, shows exactly the payload
 * sent and the bureau's answer, filters by contract account, and speaks English; no CSP violation.
 */
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { loadDelivery, pendingDeliveries, prepareDeliveries, recordAnswer } from '../../domain/bureau-reporting';
import { seedClaim, type SeededClaim } from '../../domain/bureau-reporting/test-fixtures';
import { openBrowserSession, signInThroughLoginPage, SHOTS, type BrowserSession } from './session';

jest.setTimeout(180_000);

let session: BrowserSession;
let page: Page;
const claims: SeededClaim[] = [];

beforeAll(async () => {
  session = await openBrowserSession({ width: 1440, height: 900 }, { workersEnabled: false });
  ({ page } = session);
  const db = session.system.db;
  for (let i = 0; i < 2; i++) claims.push(await seedClaim(db, { noticeDays: ['2026-10-01', '2026-10-15'] }));
  await prepareDeliveries(db, {
    period: '2026-10',
    reportDate: '2026-10-31',
    bureaus: ['creditreform'],
    rules: { minNotices: 2, waitDays: 28 },
    memberNumber: '123456789',
    batchSize: 500,
  });
  for (const d of await pendingDeliveries(db, '2026-10')) {
    const detail = (await loadDelivery(db, d.id))!;
    await recordAnswer(db, d.id, {
      status: 200,
      body: '<PaymentExperienceAcknowledgement><ReceiptId>CEG-ZE-1</ReceiptId></PaymentExperienceAcknowledgement>',
      answer: { receiptId: 'CEG-ZE-1', records: detail.records.map((r) => ({ reference: r.caseNumber, accepted: true })) },
    });
  }
});

afterAll(() => session?.close());

const text = (selector: string) => page.$eval(selector, (el) => (el.textContent ?? '').trim());

test('the bureau reports tab shows the transmissions, their payload and the reported claims, in German and English', async () => {
  await signInThroughLoginPage(session, 'analyst', 'analyst', '/accounting');
  await page.waitForSelector('.acc-tab[data-tab="bureaus"]');
  await page.click('.acc-tab[data-tab="bureaus"]');
  const delivery = '[data-testid="bureau-deliveries"] tr[data-delivery]';
  await page.waitForSelector(delivery);
  expect(await text('.acc-tab[aria-current="page"]')).toBe('Auskunfteien');
  expect(await text(delivery)).toContain('Creditreform Boniversum');
  expect(await text(delivery)).toContain('angenommen');
  expect(await text(delivery)).toContain('CEG-ZE-1');
  expect(await page.$$eval('[data-testid="bureau-records"] tr[data-record]', (rows) => rows.length)).toBe(2);
  expect(await text('[data-testid="bureau-records"] tbody')).toContain('123,45 €');

  await page.click(`${delivery} [data-action="delivery-details"]`);
  await page.waitForSelector('[data-testid="bureau-payload"]');
  const payload = await text('[data-testid="bureau-payload"]');
  expect(payload).toContain('<PaymentExperienceDelivery version="1.0">');
  for (const c of claims) expect(payload).toContain(`<ClaimReference>${c.caseNumber}</ClaimReference>`);

  // By contract account: only that account's claim.
  await page.type('#acc-f-accountNumber', claims[0].accountNumber);
  await page.click('[data-action="show-bureau-reports"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="bureau-records"] tr[data-record]').length === 1);
  expect(await text('[data-testid="bureau-records"] tbody')).toContain(claims[0].caseNumber);

  await Promise.all([page.waitForNavigation(), page.click('.lang-switch button[data-locale="en"]')]);
  await page.waitForSelector(delivery);
  expect(await text('.acc-tab[aria-current="page"]')).toBe('Credit bureaus');
  expect(await text('.card-head h2')).toBe('Reports to credit bureaus');
  expect(await text(delivery)).toContain('accepted');
  await page.screenshot({ path: path.join(SHOTS, 'accounting-bureau-reports.png'), fullPage: true });

  expect(session.cspViolations).toEqual([]);
  expect(session.pageErrors).toEqual([]);
});

/**
 * The case worker's story in a real browser: a yellow order waits for a credit review; the case
 * worker signs in, sees the task appear (polling) with the customer's name, order number and due
 * date, claims it, is stopped by the form's validation, approves, completes (the validation toast
 * goes with it); the order ends in a contract.
 */
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import type { System } from '../../server/system';
import { openBrowserSession, signInThroughLoginPage, SHOTS, type BrowserSession } from './session';
import { orderFor, waitFor } from '../e2e/system';
import { systemHeaders } from '../auth';

jest.setTimeout(180_000);

let session: BrowserSession;
let system: System;
let page: Page;

beforeAll(async () => {
  session = await openBrowserSession({ width: 1440, height: 960 });
  ({ system, page } = session);
});

afterAll(() => session?.close());

async function getOrder(id: string): Promise<Record<string, any>> {
  const res = await fetch(`${system.httpUrl}/api/orders/${id}`, { headers: systemHeaders() });
  return (await res.json()) as Record<string, any>;
}

test('a case worker claims and completes a credit review; the order is accepted', async () => {
  await signInThroughLoginPage(session, 'caseworker', 'caseworker', '/tasklist');
  expect(new URL(page.url()).pathname).toBe('/tasklist');
  await page.waitForSelector('.tl-list-head');

  // The order arrives after the page is open: the task must show up without a reload.
  const body = orderFor('Gelb');
  const res = await fetch(`${system.httpUrl}/api/orders`, {
    method: 'POST',
    headers: systemHeaders({ 'content-type': 'application/json' }),
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  const { orderId, processInstanceKey } = (await res.json()) as { orderId: string; processInstanceKey: string };

  const card = '.tl-task[data-element-id="credit_review"]';
  await page.waitForSelector(card, { timeout: 30_000 });
  // The card names the customer and the order, with the due date; task and group names are German.
  const { firstName } = body.customer;
  const number = `A-${orderId.slice(0, 8).toUpperCase()}`;
  await page.waitForFunction(
    (sel, name) => document.querySelector(`${sel} .tl-task-customer`)?.textContent === name,
    { timeout: 15_000 },
    card,
    `${firstName} Gelb`,
  );
  expect(await page.$eval(`${card} .tl-task-order`, (el) => el.textContent)).toBe(number);
  expect(await page.$eval(`${card} .tl-task-due`, (el) => el.textContent)).toMatch(/^Fällig \d/);
  expect(await page.$eval(`${card} .tl-task-name`, (el) => el.textContent)).toBe('Bonität prüfen (gelb)');
  expect(await page.$eval(`${card} .tl-group`, (el) => el.textContent)).toBe('Bonitätsprüfung');

  await page.click(card);
  await page.waitForSelector('.tl-detail [data-action="claim"]');
  const breadcrumb = await page.$eval('.tl-breadcrumb', (el) => el.textContent ?? '');
  expect(breadcrumb).toContain(processInstanceKey);
  // The case context shows the score and the yellow traffic light from the process variables.
  await page.waitForSelector('[data-testid="task-context"] [data-traffic-light="yellow"]');
  // One order number everywhere: the form's "Auftrag" field shows what the context shows, not the id.
  await page.waitForSelector('.tl-form .fjs-form-field-textfield input');
  expect(await page.$eval('.tl-form .fjs-form-field-textfield input', (el) => (el as HTMLInputElement).value)).toBe(number);
  expect(await page.$eval('[data-testid="task-context"] .kv', (el) => el.textContent ?? '')).toContain(number);

  await page.click('[data-action="claim"]');
  await page.waitForSelector('.tl-detail [data-action="unclaim"]');
  await page.waitForSelector('[data-action="complete"]:not([disabled])');
  await page.waitForSelector('.tl-form .fjs-form-field-radio input:not([disabled])');
  await page.screenshot({ path: path.join(SHOTS, 'tasklist.png') });

  // Completing without a decision: form-js shows the required error in the form, nothing is sent.
  await page.click('[data-action="complete"]');
  await page.waitForSelector('.tl-form .fjs-form-field-error');
  await page.waitForSelector('.toast-danger');
  expect((await getOrder(orderId)).status).toBe('in_credit_review');

  const labels = await page.$$('.tl-form .fjs-form-field-radio label');
  let approve;
  for (const label of labels) if (/Annehmen/.test(await label.evaluate((l) => l.textContent ?? ''))) approve = label;
  await approve!.click();
  await page.click('.tl-form textarea');
  await page.keyboard.type('Einkommen nachgewiesen, Vertrag freigegeben');
  await page.waitForFunction(() => !document.querySelector('.tl-form .fjs-form-field-error'));

  await page.click('[data-action="complete"]');
  await page.waitForSelector('.toast-success');
  // The earlier validation toast does not outlive the successful completion.
  expect(await page.$('.toast-danger')).toBeNull();
  // The completed task leaves the list.
  await page.waitForFunction((sel) => !document.querySelector(sel), { timeout: 15_000 }, card);

  const done = await waitFor(
    async () => {
      const o = await getOrder(orderId);
      return o.status === 'contracted' ? o : undefined;
    },
    'the order to be contracted',
    30_000,
  );
  expect(done.trafficLight).toBe('yellow');
  expect(done.contract?.contractNumber).toMatch(/^V\d+$/);
});

test('the Content-Security-Policy refused nothing on the way', () => {
  expect(session.cspViolations).toEqual([]);
});

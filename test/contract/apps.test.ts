/**
 * The web apps on a cluster (ENGINE_EMBEDDED=false), in a real browser: the Tasklist works a credit
 * review of the stand-in cluster, and the Cockpit retries an incident there. The apps call the
 * product's /v2, which forwards to the cluster with the SDK's OAuth token (test/contract/cluster.ts).
 */
import type { Page } from 'puppeteer-core';
import type { System } from '../../server/system';
import { openBrowserSession, signInThroughLoginPage, type BrowserSession } from '../browser/session';
import { orderFor, waitFor } from '../e2e/system';
import { systemHeaders } from '../auth';
import { startStandInCluster, type StandInCluster } from './cluster';

jest.setTimeout(240_000);

let cluster: StandInCluster;
let session: BrowserSession;
let system: System;
let page: Page;

beforeAll(async () => {
  cluster = await startStandInCluster();
  session = await openBrowserSession({ width: 1440, height: 1000 }, { ...cluster.clientSettings, engineClockControlled: false });
  ({ system, page } = session);
});

afterAll(async () => {
  await session?.close();
  await cluster?.stop();
});

async function postOrder(lastName: string): Promise<{ orderId: string; processInstanceKey: string }> {
  const res = await fetch(`${system.httpUrl}/api/orders`, {
    method: 'POST',
    headers: systemHeaders({ 'content-type': 'application/json' }),
    body: JSON.stringify(orderFor(lastName)),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { orderId: string; processInstanceKey: string };
}

const orderStatus = async (orderId: string): Promise<string> =>
  ((await (await fetch(`${system.httpUrl}/api/orders/${orderId}`, { headers: systemHeaders() })).json()) as { status: string }).status;

test('a case worker completes a credit review of the cluster in the Tasklist', async () => {
  await signInThroughLoginPage(session, 'caseworker', 'caseworker', '/tasklist');
  await page.waitForSelector('.tl-list-head');
  const { orderId } = await postOrder('Gelb');
  const card = '.tl-task[data-element-id="credit_review"]';
  await page.waitForSelector(card, { timeout: 60_000 });
  await page.click(card);
  await page.waitForSelector('.tl-detail [data-action="claim"]');
  await page.waitForSelector('[data-testid="task-context"] [data-traffic-light="yellow"]');
  await page.click('[data-action="claim"]');
  await page.waitForSelector('.tl-detail [data-action="unclaim"]');
  await page.waitForSelector('.tl-form .fjs-form-field-radio input:not([disabled])');
  for (const label of await page.$$('.tl-form .fjs-form-field-radio label'))
    if (/Annehmen/.test(await label.evaluate((l) => l.textContent ?? ''))) await label.click();
  await page.click('.tl-form textarea');
  await page.keyboard.type('Einkommen nachgewiesen');
  await page.click('[data-action="complete"]');
  await page.waitForSelector('.toast-success');
  await page.waitForFunction((sel) => !document.querySelector(sel), { timeout: 15_000 }, card);
  await waitFor(async () => (await orderStatus(orderId)) === 'contracted', 'the order to be contracted', 60_000);
  expect(session.pageErrors).toEqual([]);
});

test('an admin retries an incident of the cluster in the Cockpit', async () => {
  await fetch(`${system.simulator!.url}/admin/bureaus/all/down`, { method: 'POST' });
  const { orderId } = await postOrder('Gruen');
  await waitFor(async () => (await orderStatus(orderId)) === 'stalled', 'the order to stall on an incident', 60_000);

  // Another user: the case worker's session goes first.
  await (await page.createCDPSession()).send('Network.clearBrowserCookies');
  await signInThroughLoginPage(session, 'admin', 'admin', '/cockpit');
  await page.click('[data-nav="instances"]');
  await page.waitForSelector('.ck-search input[name=q]');
  await page.type('.ck-search input[name=q]', orderId);
  await page.click('.ck-search button[type=submit]');
  const incidentRow = 'tr[data-instance-key] [data-state="INCIDENT"]';
  await page.waitForSelector(incidentRow, { timeout: 30_000 });
  await page.click(incidentRow);
  const retry = '[data-action="retry"][data-incident-key]';
  await page.waitForSelector(retry, { timeout: 30_000 });

  await fetch(`${system.simulator!.url}/admin/bureaus/all/up`, { method: 'POST' });
  await page.click(retry);
  await page.waitForSelector('.toast-success');
  await page.waitForSelector('.ck-instance[data-state="COMPLETED"]', { timeout: 30_000 });
  await waitFor(async () => (await orderStatus(orderId)) === 'contracted', 'the order to be contracted', 60_000);
  expect(session.cspViolations).toEqual([]);
});

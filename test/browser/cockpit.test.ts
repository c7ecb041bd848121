/**
 * The operator's story in a real browser: all credit bureaus are down, an order runs into an
 * incident; the admin finds the instance by its order id in the cockpit, sees the incident on the
 * diagram, brings the bureaus back, retries; the incident is resolved and the order goes on.
 */
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import type { System } from '../../server/system';
import { openBrowserSession, signInThroughLoginPage, SHOTS, type BrowserSession, v2 as postV2 } from './session';
import { orderFor, waitFor } from '../e2e/system';
import { systemHeaders } from '../auth';

jest.setTimeout(180_000);

let session: BrowserSession;
let system: System;
let page: Page;

beforeAll(async () => {
  session = await openBrowserSession({ width: 1440, height: 1000 });
  ({ system, page } = session);
});

afterAll(() => session?.close());

const v2 = <T>(p: string, body: unknown): Promise<T> => postV2<T>(system, p, body);

const bureaus = async (state: 'up' | 'down') => {
  const res = await fetch(`${system.simulator!.url}/admin/bureaus/all/${state}`, { method: 'POST' });
  expect(res.ok).toBe(true);
};

interface Incident { incidentKey: string; processInstanceKey: string; elementId: string; state: string }

test('an admin retries an incident in the cockpit; the instance continues', async () => {
  await bureaus('down');
  const res = await fetch(`${system.httpUrl}/api/orders`, {
    method: 'POST', headers: systemHeaders({ 'content-type': 'application/json' }), body: JSON.stringify(orderFor('Gruen')),
  });
  const { orderId } = (await res.json()) as { orderId: string };
  const incident = await waitFor(async () => {
    const found = await v2<{ items: Incident[] }>('/v2/incidents/search', { filter: { state: 'ACTIVE' } });
    return found.items[0];
  }, 'an incident', 60_000);

  await signInThroughLoginPage(session, 'admin', 'admin', '/cockpit');
  expect(new URL(page.url()).pathname).toBe('/cockpit');
  await page.waitForSelector('[data-testid="kpi-incidents"]');

  // Search by the order id (a variables filter on /v2): the order's instance and its credit check.
  await page.click('[data-nav="instances"]');
  await page.waitForSelector('.ck-search input[name=q]');
  await page.type('.ck-search input[name=q]', orderId);
  await page.click('.ck-search button[type=submit]');
  const row = `tr[data-instance-key="${incident.processInstanceKey}"]`;
  await page.waitForSelector(row);
  expect(await page.$eval(`${row} [data-state]`, (el) => el.getAttribute('data-state'))).toBe('INCIDENT');
  await page.click(row);

  // The instance view: incident marker on the failing element, the incident listed with a retry.
  await page.waitForSelector(`.djs-element.ck-incident[data-element-id="${incident.elementId}"]`);
  await page.waitForSelector(`[data-action="retry"][data-incident-key="${incident.incidentKey}"]`);
  await page.waitForSelector('.ck-diagram .djs-element.ck-completed');
  await page.screenshot({ path: path.join(SHOTS, 'cockpit.png') });

  await bureaus('up');
  await page.click(`[data-action="retry"][data-incident-key="${incident.incidentKey}"]`);
  await page.waitForSelector('.toast-success');
  // The view follows by polling: the incident disappears, the credit check completes.
  await page.waitForFunction((key) => !document.querySelector(`[data-incident-key="${key}"]`), { timeout: 30_000 }, incident.incidentKey);
  await page.waitForSelector('.ck-instance[data-state="COMPLETED"]', { timeout: 30_000 });

  const resolved = await v2<{ items: Incident[] }>('/v2/incidents/search', { filter: { incidentKey: incident.incidentKey } });
  expect(resolved.items[0].state).toBe('RESOLVED');
  await waitFor(async () => {
    const o = (await (await fetch(`${system.httpUrl}/api/orders/${orderId}`, { headers: systemHeaders() })).json()) as { status: string };
    return o.status === 'contracted' ? o : undefined;
  }, 'the order to be contracted', 30_000);
});

test('the Content-Security-Policy refused nothing on the way', () => {
  expect(session.cspViolations).toEqual([]);
});

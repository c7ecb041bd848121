/**
 * The operator's story in a real browser: all credit bureaus are down, an order runs into an
 * incident; the admin finds the instance by its order id in the cockpit, sees the incident on the
 * diagram, brings the bureaus back, retries; the incident is resolved and the order goes on.
 */
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { System } from '../../server/system';
import { orderFor, startTestSystem, waitFor } from '../e2e/system';
import { systemHeaders } from '../auth';

jest.setTimeout(180_000);

const SHOTS = path.join(__dirname, 'screenshots');
let system: System;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  system = await startTestSystem();
  browser = await puppeteer.launch({
    executablePath: system.settings.chromiumPath || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = await browser.newPage();
  page.on('pageerror', (err) => console.error(`page error: ${(err as Error).message}`));
  page.on('console', (m) => { if (m.type() === 'error') console.error(`console: ${m.text()}`); });
  await page.setViewport({ width: 1440, height: 1000, deviceScaleFactor: 1 });
});

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

async function v2<T>(p: string, body: unknown): Promise<T> {
  const res = await fetch(`${system.httpUrl}${p}`, { method: 'POST', headers: systemHeaders({ 'content-type': 'application/json' }), body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

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

  await page.goto(`${system.httpUrl}/login?next=/cockpit`);
  await page.type('#username', 'admin');
  await page.type('input[name=password]', 'admin');
  await Promise.all([page.waitForNavigation(), page.click('#login-submit')]);
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

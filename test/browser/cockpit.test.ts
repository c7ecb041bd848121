/**
 * The operator's story in a real browser: all credit bureaus are down, an order runs into an
 * incident; the admin finds the instance by its order id in the cockpit, sees the incident on the
 * diagram, brings the bureaus back, retries; the incident is resolved and the order goes on.
 * Then two orders fail in the called credit check: the parents show the incidents (definitions
 * table, incident filter, call activity marker), and one bulk retry resolves both.
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

interface Incident {
  incidentKey: string;
  processInstanceKey: string;
  elementId: string;
  state: string;
}
interface Instance {
  processInstanceKey: string;
  parentProcessInstanceKey?: string;
  processDefinitionId: string;
}

const postOrder = async (lastName: string): Promise<string> => {
  const res = await fetch(`${system.httpUrl}/api/orders`, {
    method: 'POST',
    headers: systemHeaders({ 'content-type': 'application/json' }),
    body: JSON.stringify(orderFor(lastName)),
  });
  return ((await res.json()) as { orderId: string }).orderId;
};

const orderStatus = async (orderId: string): Promise<string> =>
  ((await (await fetch(`${system.httpUrl}/api/orders/${orderId}`, { headers: systemHeaders() })).json()) as { status: string }).status;

test('an admin retries an incident in the cockpit; the instance continues', async () => {
  await bureaus('down');
  const res = await fetch(`${system.httpUrl}/api/orders`, {
    method: 'POST',
    headers: systemHeaders({ 'content-type': 'application/json' }),
    body: JSON.stringify(orderFor('Gruen')),
  });
  const { orderId } = (await res.json()) as { orderId: string };
  const incident = await waitFor(
    async () => {
      const found = await v2<{ items: Incident[] }>('/v2/incidents/search', { filter: { state: 'ACTIVE' } });
      return found.items[0];
    },
    'an incident',
    60_000,
  );

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
  await waitFor(
    async () => {
      const o = (await (await fetch(`${system.httpUrl}/api/orders/${orderId}`, { headers: systemHeaders() })).json()) as { status: string };
      return o.status === 'contracted' ? o : undefined;
    },
    'the order to be contracted',
    30_000,
  );
});

test('incidents of the called credit check show on the parents; a bulk retry resolves both', async () => {
  await bureaus('down');
  const orderIds = [await postOrder('Gruen'), await postOrder('Gruen')];
  const incidents = await waitFor(
    async () => {
      const found = await v2<{ items: Incident[] }>('/v2/incidents/search', { filter: { state: 'ACTIVE' } });
      return found.items.length >= 2 ? found.items : undefined;
    },
    'two incidents',
    90_000,
  );
  expect(incidents).toHaveLength(2);
  const children = (
    await v2<{ items: Instance[] }>('/v2/process-instances/search', {
      filter: { processInstanceKey: { $in: incidents.map((i) => i.processInstanceKey) } },
    })
  ).items;
  // The incidents sit in the called credit check, not in order-to-contract itself.
  expect(children.map((c) => c.processDefinitionId)).toEqual(['credit-check', 'credit-check']);
  const parents = children.map((c) => c.parentProcessInstanceKey!);

  // The definitions table counts them for order-to-contract.
  await page.click('[data-nav="processes"]');
  const procRow = 'tr.ck-proc-row[data-process-id="order-to-contract"]';
  await page.waitForSelector(procRow);
  await page.waitForFunction((sel) => document.querySelector(sel)?.lastElementChild?.textContent === '2', { timeout: 15_000 }, procRow);
  await page.screenshot({ path: path.join(SHOTS, 'cockpit-processes.png') });

  // The incident filter (with process and version) finds both parents.
  await page.click(procRow);
  await page.waitForSelector('.ck-search select[name=state]');
  await page.select('.ck-search select[name=state]', 'INCIDENT');
  await page.click('.ck-search input[name=version]');
  await page.keyboard.type('1');
  await page.click('.ck-search button[type=submit]');
  for (const key of parents) await page.waitForSelector(`tr[data-instance-key="${key}"] [data-state="INCIDENT"]`);
  expect(page.url()).toContain('state=INCIDENT');
  expect(page.url()).toContain('version=1');

  // A start date filter: today keeps them, a day that ended yesterday does not.
  const listUrl = page.url();
  const today = new Date();
  const ymd = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  const yesterday = new Date(today.getTime() - 86_400_000);
  await page.goto(`${listUrl}&from=${ymd(today)}`);
  await page.waitForSelector(`tr[data-instance-key="${parents[0]}"]`);
  await page.goto(`${listUrl}&to=${ymd(yesterday)}`);
  await page.waitForSelector('.ck-page .empty');
  await page.goto(listUrl);
  await page.waitForSelector(`tr[data-instance-key="${parents[0]}"]`);

  // The parent's diagram marks the call activity; its incident list shows the called instance's incident.
  await page.click(`tr[data-instance-key="${parents[0]}"] td.mono`);
  await page.waitForSelector('.djs-element.ck-incident[data-element-id="credit_check"]');
  const ownIncident = incidents.find(
    (i) => i.processInstanceKey === children.find((c) => c.parentProcessInstanceKey === parents[0])!.processInstanceKey,
  )!;
  await page.waitForSelector(`.ck-incident[data-incident-key="${ownIncident.incidentKey}"] [data-called-instance]`);
  // Readable: the diagram is not squeezed below the minimum zoom; the buttons zoom.
  const width = async () => (await (await page.$('.djs-element[data-element-id="credit_check"]'))!.boundingBox())!.width;
  const opened = await width();
  expect(opened).toBeGreaterThanOrEqual(70);
  await page.screenshot({ path: path.join(SHOTS, 'cockpit-parent.png') });
  await page.click('[data-action="zoom-in"]');
  expect(await width()).toBeGreaterThan(opened * 1.1);
  await page.click('[data-action="zoom-fit"]');
  expect(await width()).toBeLessThan(opened);
  // The history names elements by their BPMN names and types in German, never by raw ids.
  await page.click('[data-tab="history"]');
  await page.waitForSelector('.ck-history li[data-element-id="credit_check"]');
  const history = await page.$$eval('.ck-history-name, .ck-history-type', (els) => els.map((e) => e.textContent ?? ''));
  expect(history).toContain('Aufrufaktivität');
  expect(history).toContain('Bonitätsprüfung');
  expect(history.filter((x) => /^(gw|f|start)_|_/.test(x))).toEqual([]);

  // Back to the list: select both parents, retry at once.
  await page.goBack();
  for (const key of parents) await page.waitForSelector(`[data-select="${key}"]`);
  for (const key of parents) await page.click(`[data-select="${key}"]`);
  await page.waitForFunction(() => /2/.test(document.querySelector('[data-testid="selected-count"]')?.textContent ?? ''));
  await page.screenshot({ path: path.join(SHOTS, 'cockpit-bulk-retry.png') });
  await bureaus('up');
  await page.click('[data-action="bulk-retry"]');
  await page.waitForSelector('.toast-success');

  for (const i of incidents) {
    const r = await v2<{ items: Incident[] }>('/v2/incidents/search', { filter: { incidentKey: i.incidentKey } });
    expect(r.items[0].state).toBe('RESOLVED');
  }
  for (const id of orderIds) {
    await waitFor(async () => ((await orderStatus(id)) === 'contracted' ? true : undefined), `order ${id} to be contracted`, 30_000);
  }
});

test('the Content-Security-Policy refused nothing on the way', () => {
  expect(session.cspViolations).toEqual([]);
});

/**
 * The analyst's story in a real browser: open order-to-contract in the modeler, move the
 * completeness check before the credit check, deploy with a comment; a new order then runs the
 * completeness check first. Drives bpmn-js through its `modeling` service (window.__modeler),
 * as bpmn-js' own tests do; the deploy goes through the toolbar and the dialog like a user's.
 */
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import type { System } from '../../server/system';
import { openBrowserSession, signInThroughLoginPage, SHOTS, type BrowserSession, v2 as postV2 } from './session';
import { orderFor, post, waitFor } from '../e2e/system';

jest.setTimeout(180_000);

let session: BrowserSession;
let system: System;
let page: Page;

beforeAll(async () => {
  session = await openBrowserSession({ width: 1600, height: 900 }, { webMinify: false });
  ({ system, page } = session);
});

afterAll(() => session?.close());

const v2 = <T>(p: string, body: unknown): Promise<T> => postV2<T>(system, p, body);

test('an analyst moves the completeness check before the credit check; new orders follow the new version', async () => {
  await signInThroughLoginPage(session, 'analyst', 'analyst', '/modeler');
  expect(new URL(page.url()).pathname).toBe('/modeler');

  // Open the process from the library; it shows the diagram drawn in the file (BPMN DI).
  await page.waitForSelector('[data-resource="order-to-contract"] .mdl-lib__open');
  await page.click('[data-resource="order-to-contract"] .mdl-lib__open');
  await page.waitForFunction(() => !!(window as any).__modeler?.get('elementRegistry').get('check_completeness'));
  await page.waitForSelector('#mdl-lint');
  const before = await page.$eval('#mdl-version', (el) => el.textContent);
  expect(before).toMatch(/^v1/);

  // Reconnect three flows: gw_to_credit → completeness loop → (complete) credit check → … → (allowed) contract.
  // A string, so no transpiler helper (e.g. esbuild's __name) leaks into the page.
  await page.evaluate(`(() => {
    const m = window.__modeler;
    const registry = m.get('elementRegistry');
    const modeling = m.get('modeling');
    for (const [flowId, targetId] of [['f3', 'gw_check_again'], ['f_complete', 'credit_check'], ['f_gating_ok', 'persist_contract']]) {
      const flow = registry.get(flowId);
      const target = registry.get(targetId);
      modeling.reconnectEnd(flow, target, { x: target.x, y: target.y + target.height / 2 });
      modeling.layoutConnection(flow);
    }
  })()`);
  await page.waitForSelector('.mdl-dirty');
  // Live linting ran on the change and found no error: deploy is enabled.
  await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('#mdl-deploy')?.disabled);

  // The toolbar re-renders on every lint run; click the button that is there now.
  await page.waitForFunction(
    () => {
      if (!document.querySelector('#mdl-deploy-comment')) document.querySelector<HTMLButtonElement>('#mdl-deploy')?.click();
      return !!document.querySelector('#mdl-deploy-comment');
    },
    { polling: 500 },
  );
  await page.type('#mdl-deploy-comment', 'Vollständigkeit vor der Bonitätsprüfung: unvollständige Aufträge kosten keine Auskunft.');
  await page.click('#mdl-deploy-confirm');
  await page.waitForSelector('.mdl-toast--success');
  const toastText = await page.$eval('.mdl-toast--success', (el) => el.textContent ?? '');
  expect(toastText).toMatch(/order-to-contract.*2/);
  await page.waitForFunction(() => /^v2/.test(document.querySelector('#mdl-version')?.textContent ?? ''));

  // The comment is stored with the deployment.
  // Read as the analyst, in the page: the route is the modeler's, not the system key's.
  const log = (await page.evaluate(`fetch('/api/modeler/deployments').then((r) => r.json())`)) as {
    items: { comment: string; user: string; resources: { id: string; version: number }[] }[];
  };
  expect(log.items[0]).toMatchObject({
    user: 'analyst',
    resources: expect.arrayContaining([expect.objectContaining({ id: 'order-to-contract', version: 2 })]),
  });
  expect(log.items[0].comment).toMatch(/Vollständigkeit/);

  await page.evaluate(() => document.querySelector('[data-tab="history"]')?.dispatchEvent(new MouseEvent('click', { bubbles: true })));
  await page.evaluate(() => document.querySelector('[data-tab="bpmn"]')?.dispatchEvent(new MouseEvent('click', { bubbles: true })));
  await page.screenshot({ path: path.join(SHOTS, 'modeler.png') });

  // A new order runs on version 2: completeness check first, then the credit check.
  const res = await post(system, '/api/orders', orderFor('Gruen'));
  expect(res.status).toBeLessThan(300);
  const { processInstanceKey } = res.body as { processInstanceKey: string };
  const instance = await waitFor(
    async () => {
      const r = await v2<{ items: { elementId: string; elementInstanceKey: string; state: string }[] }>('/v2/element-instances/search', {
        filter: { processInstanceKey },
        page: { limit: 200 },
      });
      const credit = r.items.find((e) => e.elementId === 'credit_check');
      const complete = r.items.find((e) => e.elementId === 'check_completeness');
      return credit && complete ? { credit, complete } : undefined;
    },
    'completeness check and credit check',
    60_000,
  );
  expect(BigInt(instance.complete.elementInstanceKey)).toBeLessThan(BigInt(instance.credit.elementInstanceKey));
  const pi = await v2<{ items: { processDefinitionVersion: number }[] }>('/v2/process-instances/search', {
    filter: { processInstanceKey },
  });
  expect(pi.items[0].processDefinitionVersion).toBe(2);
});

test('the DMN and form editors open a shipped decision and form', async () => {
  page.on('dialog', (d) => void d.accept());
  await page.click('[data-tab="dmn"]');
  await page.waitForSelector('[data-resource="credit-decisions"] .mdl-lib__open');
  await page.click('[data-resource="credit-decisions"] .mdl-lib__open');
  await page.waitForSelector(
    '.mdl-host--dmn .dmn-drd-container, .mdl-host--dmn .tjs-container, .mdl-host--dmn .dmn-decision-table-container',
    { timeout: 30_000 },
  );
  await page.click('[data-tab="form"]');
  await page.waitForSelector('[data-resource="credit-review"] .mdl-lib__open');
  await page.click('[data-resource="credit-review"] .mdl-lib__open');
  await page.waitForSelector('.mdl-host--form .fjs-editor-container, .mdl-host--form .fjs-container', { timeout: 30_000 });
  expect(session.pageErrors).toEqual([]);
});

test('the Content-Security-Policy refused nothing on the way', () => {
  expect(session.cspViolations).toEqual([]);
});

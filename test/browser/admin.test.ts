/**
 * The admin's story in a real browser (mouse and keyboard only): from the landing page into the
 * administration; a new user (a too short password first, refused field by field), roles changed,
 * deactivated (cannot sign in) and activated again; an API key for an own task UI with the role
 * case worker: its secret shown once, it searches user tasks but may not create orders, and it is
 * refused at once when revoked. The configuration's key is shown as such, not revocable.
 */
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import type { System } from '../../server/system';
import { openBrowserSession, signInThroughLoginPage, SHOTS, type BrowserSession } from './session';

jest.setTimeout(180_000);

let session: BrowserSession;
let system: System;
let page: Page;

beforeAll(async () => {
  session = await openBrowserSession({ width: 1440, height: 900 }, { workersEnabled: false });
  ({ system, page } = session);
});

afterAll(() => session?.close());

const confirmDialog = () => page.click('dialog[open] [data-action="confirm"]');
const dialogGone = () => page.waitForFunction(() => !document.querySelector('dialog[open]'));
const text = (selector: string) => page.$eval(selector, (el) => (el.textContent ?? '').trim());

async function signInStatus(username: string, password: string): Promise<number> {
  const res = await fetch(`${system.httpUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return res.status;
}

async function withKey(key: string, method: string, url: string, body?: unknown): Promise<number> {
  const res = await fetch(`${system.httpUrl}${url}`, {
    method,
    headers: { 'x-api-key': key, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return res.status;
}

test('the admin manages a user and an API key that works for its role only', async () => {
  await signInThroughLoginPage(session, 'admin', 'admin', '/');
  await page.waitForSelector('.app-card[data-app="admin"]');
  await Promise.all([page.waitForNavigation(), page.click('.app-card[data-app="admin"]')]);
  expect(new URL(page.url()).pathname).toBe('/admin');
  await page.waitForSelector('[data-testid="users-table"] tr[data-username="caseworker"]');
  expect(await text('.adm-tab[aria-current="page"]')).toBe('Benutzer');
  expect(await page.$$eval('.app-switcher a', (as) => as.map((a) => a.getAttribute('href')))).toEqual([
    '/modeler',
    '/tasklist',
    '/cockpit',
    '/accounting',
    '/care',
    '/mobile',
    '/admin',
  ]);

  // A new user: a too short password is refused beside its field, then the user is created.
  await page.click('#adm-new-user');
  await page.waitForSelector('dialog[open] #f-username');
  await page.type('#f-username', 'berta');
  await page.type('#f-displayName', 'Berta Beispiel');
  await page.type('#f-password', 'kurz');
  await confirmDialog();
  await page.waitForFunction(() => !!document.querySelector('.field-error[data-field="password"]')?.textContent);
  await page.click('#f-password', { clickCount: 3 });
  await page.type('#f-password', 'Winter2026!');
  await confirmDialog();
  await dialogGone();
  const berta = 'tr[data-username="berta"]';
  await page.waitForSelector(berta);
  expect(await text(`${berta} .adm-role-cell`)).toBe('Sachbearbeitung');
  expect(await signInStatus('berta', 'Winter2026!')).toBe(200);

  // Roles: analyst added.
  await page.click(`${berta} [data-action="roles"]`);
  await page.waitForSelector('dialog[open] #edit-role-analyst');
  await page.click('#edit-role-analyst');
  await confirmDialog();
  await dialogGone();
  await page.waitForFunction((sel) => document.querySelector(`${sel} .adm-role-cell`)?.textContent === 'AnalystSachbearbeitung', {}, berta);

  // Deactivated: the sign-in is refused; activated again: it works.
  await page.click(`${berta} [data-action="deactivate"]`);
  await page.waitForSelector('dialog[open] [data-action="confirm"]');
  await confirmDialog();
  await page.waitForSelector(`${berta} [data-status="inactive"]`);
  expect(await signInStatus('berta', 'Winter2026!')).toBe(401);
  await page.click(`${berta} [data-action="activate"]`);
  await page.waitForSelector(`${berta} [data-status="active"]`);
  expect(await signInStatus('berta', 'Winter2026!')).toBe(200);

  // The last admin cannot be deactivated: the dialog says why and stays open.
  await page.click('tr[data-username="admin"] [data-action="deactivate"]');
  await page.waitForSelector('dialog[open] [data-action="confirm"]');
  await confirmDialog();
  await page.waitForSelector('dialog[open] [data-testid="dialog-error"]:not([hidden])');
  expect(await text('dialog[open] [data-testid="dialog-error"]')).toMatch(/last active admin/);
  await page.keyboard.press('Escape');
  await dialogGone();

  // API keys: the configuration's key is listed, not revocable.
  await page.click('.adm-tab[data-tab="keys"]');
  await page.waitForSelector('[data-testid="keys-table"] tr[data-key="system"]');
  expect(await page.$('tr[data-key="system"] [data-action="revoke"]')).toBeNull();
  expect(await text('tr[data-key="system"] [data-managed="configuration"]')).toBe('Konfiguration (SYSTEM_API_KEY)');

  await page.click('#adm-new-key');
  await page.waitForSelector('dialog[open] #f-name');
  await page.type('#f-name', 'aufgaben-portal');
  await page.click('#new-key-role-caseworker');
  await confirmDialog();
  await dialogGone();
  await page.waitForSelector('#new-key-secret');
  const key = await page.$eval('#new-key-secret', (el) => (el as HTMLInputElement).value);
  expect(key).toMatch(/^lumen_[A-Za-z0-9_-]{43}$/);
  await page.waitForSelector('tr[data-key="aufgaben-portal"]');
  expect(await text('tr[data-key="aufgaben-portal"] .adm-role-cell')).toBe('Sachbearbeitung');
  // The confirmations of the user steps have gone, so the screenshot shows the whole table.
  await page.waitForFunction(() => !document.querySelector('.toast'), { timeout: 10_000 });
  await page.screenshot({ path: path.join(SHOTS, 'admin.png') });

  // The key works for its role only.
  expect(await withKey(key, 'POST', '/v2/user-tasks/search', {})).toBe(200);
  expect(await withKey(key, 'POST', '/api/orders', {})).toBe(403);
  expect(await withKey(key, 'GET', '/api/api-keys')).toBe(403);

  // Once confirmed, the secret is gone from the page; it is in no list either.
  await page.click('[data-action="secret-done"]');
  await page.waitForFunction(() => !document.querySelector('#new-key-secret'));
  expect(await page.content()).not.toContain(key);

  // Revoked: refused at once.
  await page.click('tr[data-key="aufgaben-portal"] [data-action="revoke"]');
  await page.waitForSelector('dialog[open] [data-action="confirm"]');
  await confirmDialog();
  await page.waitForFunction(() => !document.querySelector('tr[data-key="aufgaben-portal"]'));
  expect(await withKey(key, 'POST', '/v2/user-tasks/search', {})).toBe(401);

  // The English version.
  await Promise.all([page.waitForNavigation(), page.click('.lang-switch button[data-locale="en"]')]);
  await page.waitForSelector('.adm-tab[data-tab="keys"][aria-current="page"]');
  expect(await text('.adm-tab[data-tab="users"]')).toBe('Users');
  expect(await text('.adm-tab[data-tab="keys"]')).toBe('API keys');
  await page.waitForSelector('tr[data-key="system"] [data-managed="configuration"]');
  expect(await text('tr[data-key="system"] [data-managed="configuration"]')).toBe('Configuration (SYSTEM_API_KEY)');

  expect(session.pageErrors).toEqual([]);
  expect(session.cspViolations).toEqual([]);
});

/**
 * Sign-in and roles in a real browser: the case worker signs in through the login page, lands on
 * the landing page, is refused the modeler with the 403 page; REST without a session or key is
 * refused. Saves screenshots of the login and landing pages.
 */
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { System } from '../../server/system';
import { startTestSystem } from '../e2e/system';
import { CHROMIUM_ARGS, SHOTS } from './session';

jest.setTimeout(120_000);

let system: System;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  system = await startTestSystem({ workersEnabled: false });
  browser = await puppeteer.launch({
    executablePath: system.settings.chromiumPath || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  page = await browser.newPage();
  page.on('pageerror', (err) => pageErrors.push((err as Error).message));
  await page.setViewport({ width: 1440, height: 900, deviceScaleFactor: 1 });
  // Headless Chromium asks for English; the product's users are German.
  await page.setExtraHTTPHeaders({ 'accept-language': 'de-DE,de;q=0.9' });
});

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

test('a case worker signs in, sees the landing page, and is refused the modeler', async () => {
  await page.goto(`${system.httpUrl}/modeler`);
  // Not signed in: the app sends to the sign-in page and remembers where to go back.
  expect(new URL(page.url()).pathname).toBe('/login');
  expect(new URL(page.url()).searchParams.get('next')).toBe('/modeler');
  await page.waitForSelector('#login-submit');
  await page.screenshot({ path: path.join(SHOTS, 'login.png') });

  // A wrong password shows an error and keeps the user on the page.
  await page.type('#username', 'caseworker');
  await page.type('#password', 'falsch');
  await page.click('#login-submit');
  await page.waitForSelector('#login-error:not([hidden])');
  expect(await page.$eval('#login-error', (e) => e.textContent)).toMatch(/falsch/);

  await page.goto(`${system.httpUrl}/login`);
  await page.type('#username', 'caseworker');
  await page.type('#password', 'caseworker');
  await Promise.all([page.waitForNavigation(), page.click('#login-submit')]);
  expect(new URL(page.url()).pathname).toBe('/');
  await page.waitForSelector('.app-card');
  expect(await page.$eval('.topbar', (e) => e.textContent)).toContain('Carl Sachbearbeiter');
  // The switcher offers only the apps of the role; the others show as locked.
  expect(await page.$$eval('.app-switcher a', (as) => as.map((a) => a.getAttribute('href')))).toEqual([
    '/tasklist',
    '/accounting',
    '/care',
    '/mobile',
  ]);
  expect(await page.$$eval('.app-card.disabled', (cs) => cs.map((c) => c.getAttribute('data-app')))).toEqual(['modeler', 'cockpit']);
  await page.screenshot({ path: path.join(SHOTS, 'landing.png') });

  const res = await page.goto(`${system.httpUrl}/modeler`);
  expect(res?.status()).toBe(403);
  await page.waitForSelector('.notice-card');
  expect(await page.$eval('h1', (e) => e.textContent)).toBe('Keine Berechtigung / Not allowed');
  await page.screenshot({ path: path.join(SHOTS, 'forbidden.png') });

  // The session cannot call the modeler's REST routes either.
  const deploy = await page.evaluate(async () => {
    const r = await fetch('/v2/deployments', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': window.__APP__!.csrfToken! },
      body: '{}',
    });
    return r.status;
  });
  expect(deploy).toBe(403);

  // The language switch and the user menu: English, then sign out.
  await Promise.all([page.waitForNavigation(), page.click('.lang-switch button[data-locale="en"]')]);
  expect(await page.$eval('.menu-item', (e) => e.textContent)).toContain('Sign out');
  await page.click('.user-button');
  await Promise.all([page.waitForNavigation(), page.click('[data-action="sign-out"]')]);
  expect(new URL(page.url()).pathname).toBe('/login');
  expect(pageErrors).toEqual([]);
});

test('an admin sees every app and the users', async () => {
  const admin = await browser.createBrowserContext();
  const p = await admin.newPage();
  await p.setViewport({ width: 1440, height: 900, deviceScaleFactor: 1 });
  await p.goto(`${system.httpUrl}/login`);
  await p.type('#username', 'admin');
  await p.type('#password', 'admin');
  await Promise.all([p.waitForNavigation(), p.click('#login-submit')]);
  await p.waitForSelector('.users-card tbody tr');
  expect(await p.$$eval('.app-switcher a', (as) => as.map((a) => a.getAttribute('href')))).toEqual([
    '/modeler',
    '/tasklist',
    '/cockpit',
    '/accounting',
    '/care',
    '/mobile',
    '/admin',
  ]);
  expect(await p.$$eval('.users-card code', (cs) => cs.map((c) => c.textContent))).toEqual(['admin', 'analyst', 'caseworker']);
  await p.screenshot({ path: path.join(SHOTS, 'landing-admin.png') });
  await admin.close();
});

test('REST without a session or key is refused with 401', async () => {
  for (const [method, url] of [
    ['POST', '/v2/process-instances/search'],
    ['GET', '/v2/topology'],
    ['GET', '/api/orders/00000000-0000-0000-0000-000000000000'],
    ['GET', '/api/users'],
  ]) {
    const res = await fetch(`${system.httpUrl}${url}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: method === 'POST' ? '{}' : undefined,
    });
    expect([url, res.status]).toEqual([url, 401]);
    expect(((await res.json()) as { title: string }).title).toBe('UNAUTHORIZED');
  }
});

/**
 * What every browser test needs: the whole system on free ports, the system Chromium headless
 * with one page, sign-in through the login page, and /v2 calls with the system key.
 */
import fs from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { Settings } from '../../config/settings';
import type { System } from '../../server/system';
import { systemHeaders } from '../auth';
import { startTestSystem } from '../e2e/system';
import { chromiumArgs } from '../../workers/documents/pdfRenderer';

/** Where the browser tests write their screenshots: ignored by git, made on first use. */
export const SHOTS = path.join(__dirname, 'screenshots');
fs.mkdirSync(SHOTS, { recursive: true });

/** Flags for Chromium on a machine without network, GPU or sandbox: the letters' own. */
export const CHROMIUM_ARGS = chromiumArgs;

export interface BrowserSession {
  system: System;
  browser: Browser;
  page: Page;
  /** Messages of errors thrown in the page: the first thing to read when a step times out. */
  pageErrors: string[];
  /** What the Content-Security-Policy refused, as Chromium reports it. */
  cspViolations: string[];
  close(): Promise<void>;
}

export async function openBrowserSession(
  viewport: { width: number; height: number },
  overrides: Partial<Settings> = {},
): Promise<BrowserSession> {
  const system = await startTestSystem(overrides);
  const browser = await puppeteer.launch({
    executablePath: system.settings.chromiumPath || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => {
    pageErrors.push((err as Error).message);
    console.error(`page error: ${(err as Error).message}`);
  });
  const cspViolations: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') console.error(`console: ${m.text()}`);
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(`${page.url()}: ${m.text()}`);
  });
  await page.setViewport({ ...viewport, deviceScaleFactor: 1 });
  return {
    system,
    browser,
    page,
    pageErrors,
    cspViolations,
    close: async () => {
      await browser.close();
      await system.stop();
    },
  };
}

/** Signs in through the login page and waits for the app named in `next`. */
export async function signInThroughLoginPage(s: BrowserSession, username: string, password: string, next: string): Promise<void> {
  await s.page.goto(`${s.system.httpUrl}/login?next=${next}`);
  await s.page.type('#username', username);
  await s.page.type('input[name=password]', password);
  await Promise.all([s.page.waitForNavigation(), s.page.click('#login-submit')]);
}

/** POST to the engine's /v2 API with the system key. */
export async function v2<T>(system: System, p: string, body: unknown): Promise<T> {
  const res = await fetch(`${system.httpUrl}${p}`, {
    method: 'POST',
    headers: systemHeaders({ 'content-type': 'application/json' }),
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

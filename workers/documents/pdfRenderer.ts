import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export interface PdfRendererOptions {
  chromiumPath: string;
  /** Pages kept open and reused; renders beyond this wait for a free page. */
  poolSize: number;
}

export interface PdfRenderer {
  render(html: string): Promise<Buffer>;
  close(): Promise<void>;
}

export class PdfRendererClosedError extends Error {
  constructor() {
    super('PDF renderer is closed');
    this.name = 'PdfRendererClosedError';
  }
}

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Profile folders are named after the owning process, so a later start can remove those of dead ones. */
export const profilePrefix = 'otc-chromium-';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the Chromium profiles a killed product left behind (kill -9 skips puppeteer's clean-up). */
export function removeStaleProfiles(dir = os.tmpdir()): void {
  for (const name of fs.readdirSync(dir)) {
    const pid = Number(new RegExp(`^${profilePrefix}(\\d+)-`).exec(name)?.[1]);
    if (pid && pid !== process.pid && !isAlive(pid)) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}

/**
 * Chromium is launched with `pipe: true`: DevTools talks over the child's stdio pipes instead of a
 * WebSocket, and Chromium exits when the pipe closes, which the kernel does when this process
 * dies, even by SIGKILL. (With the WebSocket, a killed product left four Chromium processes.)
 */
function launch(chromiumPath: string): Promise<Browser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${profilePrefix}${process.pid}-`));
  const removeProfile = () => fs.promises.rm(userDataDir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
  return puppeteer.launch({ executablePath: chromiumPath, headless: true, pipe: true, userDataDir, args: chromiumArgs }).then(
    (b) => {
      b.once('disconnected', () => void removeProfile());
      return b;
    },
    async (err) => {
      await removeProfile();
      throw err;
    },
  );
}

/**
 * One headless Chromium and a pool of reusable pages: starting a browser costs far more than a
 * page, and a page costs more than setContent, so letters reuse both.
 */
export async function createPdfRenderer(opts: PdfRendererOptions): Promise<PdfRenderer> {
  let browser: Promise<Browser> | undefined;
  /** Pages of the current browser; a page of a crashed browser is never reused. */
  const owned = new Set<Page>();
  const idle: Page[] = [];
  const waiting: Array<{ resolve: (p: Page) => void; reject: (e: Error) => void }> = [];
  let closed = false;

  /** Launches Chromium, and again after it crashed, so one crash costs the letters in flight only. */
  function currentBrowser(): Promise<Browser> {
    if (!browser) {
      const launching = launch(opts.chromiumPath);
      browser = launching;
      launching.then(
        (b) =>
          b.on('disconnected', () => {
            if (closed || browser !== launching) return;
            browser = undefined;
            owned.clear();
            idle.length = 0;
          }),
        () => {
          if (browser === launching) browser = undefined;
        },
      );
    }
    return browser;
  }

  async function newPage(): Promise<Page> {
    const page = await (await currentBrowser()).newPage();
    // Letters carry everything inline; nothing may be fetched from outside while rendering.
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (r) => (r.url().startsWith('data:') || r.url() === 'about:blank' ? r.continue() : r.abort()));
    return page;
  }

  async function acquire(): Promise<Page> {
    if (closed) throw new PdfRendererClosedError();
    const page = idle.pop();
    if (page) return page;
    if (owned.size < opts.poolSize) {
      const placeholder = {} as Page;
      owned.add(placeholder); // reserve the slot while the page opens
      try {
        const fresh = await newPage();
        owned.add(fresh);
        return fresh;
      } finally {
        owned.delete(placeholder);
      }
    }
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  }

  function release(page: Page): void {
    if (!owned.has(page)) return serveWaiter();
    const next = waiting.shift();
    if (next) next.resolve(page);
    else idle.push(page);
  }

  function serveWaiter(): void {
    const next = waiting.shift();
    if (next) acquire().then(next.resolve, next.reject);
  }

  /** A page that failed may be broken: replace it rather than hand it to the next letter. */
  async function discard(page: Page): Promise<void> {
    owned.delete(page);
    await page.close().catch(() => undefined);
    serveWaiter();
  }

  try {
    removeStaleProfiles();
  } catch {
    // best effort: a folder we cannot read is no reason to render no letters
  }
  await currentBrowser();
  return {
    async render(html: string): Promise<Buffer> {
      const page = await acquire();
      try {
        await page.setContent(html, { waitUntil: 'load' });
        const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
        release(page);
        return Buffer.from(pdf);
      } catch (err) {
        await discard(page);
        throw err;
      }
    },
    async close(): Promise<void> {
      closed = true;
      for (const w of waiting.splice(0)) w.reject(new PdfRendererClosedError());
      const b = await browser?.catch(() => undefined);
      await b?.close();
    },
  };
}

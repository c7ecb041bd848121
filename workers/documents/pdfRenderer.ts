import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type CDPSession, type Page } from 'puppeteer-core';

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

/** A pooled page with the DevTools session its letters are rendered through. */
interface PdfPage {
  page: Page;
  cdp: CDPSession;
  frameId: string;
}

/** What `page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true })` sends (puppeteer 24's defaults, A4 in inches). */
const printToPdf = {
  paperWidth: 8.27,
  paperHeight: 11.7,
  marginTop: 0,
  marginBottom: 0,
  marginLeft: 0,
  marginRight: 0,
  scale: 1,
  landscape: false,
  displayHeaderFooter: false,
  printBackground: true,
  preferCSSPageSize: true,
  generateTaggedPDF: true,
  transferMode: 'ReturnAsBase64',
} as const;

/** As long as puppeteer waits for setContent and pdf by default. */
const stepTimeoutMs = 30_000;

function within<T>(step: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`PDF renderer: ${step} took longer than ${stepTimeoutMs} ms`)), stepTimeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * One letter on a pooled page, in three DevTools calls: the HTML as the page's document, once its
 * load event has fired the print, and the PDF back in the answer. puppeteer's setContent and pdf
 * take six to eight (an isolated world, the fonts, the PDF as a stream read in pieces and decoded
 * from base64 in JavaScript), which cost the worker's process some 2 ms of CPU a letter, and more
 * where pdf.js has replaced Uint8Array.fromBase64 with its polyfill (pdf-parse in the tests).
 */
async function renderOn({ cdp, frameId }: PdfPage, html: string): Promise<Buffer> {
  let loaded!: () => void;
  const load = new Promise<void>((resolve) => (loaded = resolve));
  cdp.once('Page.loadEventFired', loaded);
  try {
    await cdp.send('Page.setDocumentContent', { frameId, html });
    await within('loading the letter', load);
  } finally {
    cdp.off('Page.loadEventFired', loaded);
  }
  // Web fonts of the letter itself (data: URLs) may still be loading; system fonts need no wait.
  if (html.includes('@font-face'))
    await within(
      'loading fonts',
      cdp.send('Runtime.evaluate', { expression: 'document.fonts.ready.then(() => true)', awaitPromise: true }),
    );
  const { data } = await within('printing', cdp.send('Page.printToPDF', printToPdf));
  return Buffer.from(data, 'base64');
}

/**
 * One headless Chromium and a pool of reusable pages: starting a browser costs far more than a
 * page, and a page costs more than loading a letter into it, so letters reuse both. Each page
 * keeps its document between letters; a "warm page per template" (only the body replaced) was
 * measured and saves nothing: the print takes most of Chromium's time.
 */
export async function createPdfRenderer(opts: PdfRendererOptions): Promise<PdfRenderer> {
  let browser: Promise<Browser> | undefined;
  /** Pages of the current browser; a page of a crashed browser is never reused. */
  const owned = new Set<PdfPage>();
  const idle: PdfPage[] = [];
  const waiting: Array<{ resolve: (p: PdfPage) => void; reject: (e: Error) => void }> = [];
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

  async function newPage(): Promise<PdfPage> {
    const page = await (await currentBrowser()).newPage();
    try {
      // Letters carry everything inline; nothing may be fetched from outside while rendering.
      await page.setJavaScriptEnabled(false);
      await page.setRequestInterception(true);
      page.on('request', (r) => (r.url().startsWith('data:') || r.url() === 'about:blank' ? r.continue() : r.abort()));
      const cdp = await page.createCDPSession();
      await cdp.send('Page.enable');
      const { frameTree } = await cdp.send('Page.getFrameTree');
      return { page, cdp, frameId: frameTree.frame.id };
    } catch (err) {
      await page.close().catch(() => undefined);
      throw err;
    }
  }

  async function acquire(): Promise<PdfPage> {
    if (closed) throw new PdfRendererClosedError();
    const page = idle.pop();
    if (page) return page;
    if (owned.size < opts.poolSize) {
      const placeholder = {} as PdfPage;
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

  function release(page: PdfPage): void {
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
  async function discard(page: PdfPage): Promise<void> {
    owned.delete(page);
    await page.page.close().catch(() => undefined);
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
        const pdf = await renderOn(page, html);
        release(page);
        return pdf;
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

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
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

/**
 * One headless Chromium and a pool of reusable pages: starting a browser costs far more than a
 * page, and a page costs more than setContent, so letters reuse both.
 */
export async function createPdfRenderer(opts: PdfRendererOptions): Promise<PdfRenderer> {
  const browser: Browser = await puppeteer.launch({ executablePath: opts.chromiumPath, headless: true, args: chromiumArgs });
  const idle: Page[] = [];
  const waiting: Array<{ resolve: (p: Page) => void; reject: (e: Error) => void }> = [];
  let created = 0;
  let closed = false;

  async function newPage(): Promise<Page> {
    const page = await browser.newPage();
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
    if (created < opts.poolSize) {
      created += 1;
      try { return await newPage(); } catch (err) { created -= 1; throw err; }
    }
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  }

  function release(page: Page): void {
    const next = waiting.shift();
    if (next) next.resolve(page);
    else idle.push(page);
  }

  /** A page that failed may be broken: replace it rather than hand it to the next letter. */
  async function discard(page: Page): Promise<void> {
    await page.close().catch(() => undefined);
    created -= 1;
    const next = waiting.shift();
    if (next) acquire().then(next.resolve, next.reject);
  }

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
      await browser.close();
    },
  };
}

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadSettings } from '../../config/settings';
import { createPdfRenderer, createTemplateRenderer, PdfRendererClosedError, type PdfRenderer } from '.';
import { sampleConfirmation, samplePrepaymentOffer, sampleRejection } from './fixtures';
import { pdfText } from './pdfText';

const settings = loadSettings();

function chromiumChildren(): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)]).toString();
  return out
    .split('\n')
    .filter((l) => /chrom/i.test(l))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}
const templates = createTemplateRenderer();
let renderer: PdfRenderer;

beforeAll(async () => {
  renderer = await createPdfRenderer({ chromiumPath: settings.chromiumPath, poolSize: 2 });
});
afterAll(async () => {
  await renderer?.close();
});

describe('letters as PDF', () => {
  it('renders the order confirmation with the contract data and the mandate', async () => {
    const pdf = await renderer.render(templates.letter('order-confirmation', sampleConfirmation));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(pdf);
    for (const s of [
      'Auftragsbestätigung zu Ihrem Energieliefervertrag',
      'Erika Mustermann',
      'Lindenstraße 12a',
      '50674 Köln',
      'Kundennummer',
      '1000123',
      'V-2026-000077',
      'Rheinstrom Fix 24',
      '01.04.2026',
      '02.03.2026',
      '1ESY1160642512',
      '51238696781',
      '2.500 kWh',
      '78,00 €',
      'SEPA-Lastschrift',
      'M-800012345-1',
      'DE98ZZZ09999999999',
      'DE23 XXXX XXXX XXXX XX98 76',
      'Widerrufsrecht',
      'HRB 123456',
      'Geschäftsführung',
    ]) {
      expect(text).toContain(s);
    }
    expect(text).not.toContain('5432 1098'); // the customer's IBAN is masked
    expect(text).toContain('-- 1 of 1 --');
  });

  it("renders the rejection with the bureaus asked and the customer's rights", async () => {
    const text = await pdfText(await renderer.render(templates.letter('rejection', sampleRejection)));
    for (const s of [
      'nicht annehmen',
      'SCHUFA Holding AG',
      'Kormoranweg 5, 65201 Wiesbaden',
      'Creditreform Boniversum GmbH',
      'Art. 15 DSGVO',
      'Art. 22 Abs. 3 DSGVO',
      'Score',
      'persönlich geprüft',
      'Datenschutzbeauftragte',
      '-- 1 of 1 --',
    ]) {
      expect(text).toContain(s);
    }
    expect(text).not.toContain('infoscore');
  });

  it('renders the prepayment offer', async () => {
    const text = await pdfText(await renderer.render(templates.letter('prepayment-offer', samplePrepaymentOffer)));
    for (const s of [
      'Vorkasse',
      '95,50 €',
      '16.03.2026',
      'http://localhost:8080/angebot/A-2026-000125',
      'infoscore Consumer Data GmbH',
      'Art. 15 DSGVO',
      '-- 1 of 1 --',
    ]) {
      expect(text).toContain(s);
    }
  });

  it('escapes customer data in letters', () => {
    const html = templates.letter('rejection', {
      ...sampleRejection,
      recipient: { ...sampleRejection.recipient, name: '<img src=x onerror=alert(1)>' },
    });
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img');
  });

  it('renders many letters concurrently through a small page pool, and measures throughput', async () => {
    const html = templates.letter('order-confirmation', sampleConfirmation);
    await renderer.render(html);
    const n = 20;
    const started = Date.now();
    const pdfs = await Promise.all(Array.from({ length: n }, () => renderer.render(html)));
    const seconds = (Date.now() - started) / 1000;
    expect(pdfs.every((p) => p.subarray(0, 5).toString() === '%PDF-')).toBe(true);
    console.log(`PDF renderer, pool of 2 pages: ${n} letters in ${seconds.toFixed(2)} s = ${(n / seconds).toFixed(1)} PDFs/s`);
  });

  it('launches Chromium again after it crashed', async () => {
    const before = new Set(chromiumChildren());
    const r = await createPdfRenderer({ chromiumPath: settings.chromiumPath, poolSize: 1 });
    try {
      await r.render('<p>vorher</p>');
      // Kill only the browser this renderer started: children of this process that were not there before.
      const started = chromiumChildren().filter((pid) => !before.has(pid));
      expect(started.length).toBeGreaterThan(0);
      for (const pid of started) process.kill(pid, 'SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 300));
      await r.render('<p>während</p>').catch(() => undefined);
      const pdf = await r.render('<p>nachher</p>');
      expect(await pdfText(pdf)).toContain('nachher');
    } finally {
      await r.close();
    }
  });

  it('fetches nothing from outside while rendering, and embeds a web font the letter carries itself', async () => {
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
      requests.push(req.url ?? '');
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const font = fs.readFileSync('/usr/share/fonts/truetype/dejavu/DejaVuMathTeXGyre.ttf').toString('base64');
      const html =
        `<html><head><link rel="stylesheet" href="http://127.0.0.1:${port}/style.css">` +
        `<style>@font-face { font-family: Brief; src: url(data:font/ttf;base64,${font}) }</style></head>` +
        `<body style="font-family: Brief"><p>Mit eigener Schrift</p><img src="http://127.0.0.1:${port}/logo.png"></body></html>`;
      const pdf = await renderer.render(html);
      expect(await pdfText(pdf)).toContain('Mit eigener Schrift');
      expect(pdf.toString('latin1')).toMatch(/DejaVuMathTeXGyre/);
      expect(requests).toEqual([]);
    } finally {
      server.close();
    }
  });

  it('refuses to render after close', async () => {
    const r = await createPdfRenderer({ chromiumPath: settings.chromiumPath, poolSize: 1 });
    await r.close();
    await expect(r.render('<p>x</p>')).rejects.toBeInstanceOf(PdfRendererClosedError);
  });
});

describe('mail texts', () => {
  it('renders the DNB request with the link and the missing data', () => {
    const m = templates.mail('dnb-request', {
      recipient: { name: 'Erika Mustermann' },
      orderNumber: 'A-1',
      missing: ['Zählernummer', 'IBAN'],
      link: 'http://localhost:8080/nachbearbeitung/abc',
      dueDate: '2026-03-09',
      cancelDate: '2026-03-23',
    });
    expect(m.subject).toBe('Bitte vervollständigen Sie Ihren Auftrag A-1');
    expect(m.text).toContain('  - Zählernummer\n  - IBAN');
    expect(m.text).toContain('http://localhost:8080/nachbearbeitung/abc');
    expect(m.text).toContain('09.03.2026');
    expect(m.text).toContain('23.03.2026');
  });

  it('renders the DNB reminder without HTML escaping', () => {
    const m = templates.mail('dnb-reminder', {
      recipient: { name: 'Jörg & Anna Groß' },
      orderNumber: 'A-2',
      missing: ['Zählernummer'],
      link: 'http://x/y?a=1&b=2',
      cancelDate: '2026-03-23',
    });
    expect(m.subject).toContain('Erinnerung');
    expect(m.text).toContain('Jörg & Anna Groß');
    expect(m.text).toContain('http://x/y?a=1&b=2');
  });
});

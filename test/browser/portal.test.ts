/**
 * The customer portal in Chromium at a phone's viewport, under the product's CSP: a customer asks
 * for a sign-in link, opens it from the mail sink, sees their contract and bill, and sends a meter
 * reading with a photo of the meter (the care kind meter-reading, the same process a case worker's
 * button starts). A photo that is not an image is refused at the field with the focus on it; a used
 * link is a German page with a way to a new one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { insertAccount, postBill } from '../../domain/payments/testing';
import { waitFor } from '../e2e/system';
import { openBrowserSession, SHOTS, type BrowserSession } from './session';

jest.setTimeout(120_000);

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('customer portal in the browser', () => {
  let s: BrowserSession;
  const files = fs.mkdtempSync(path.join(SHOTS, 'portal-'));
  const photo = path.join(files, 'zaehler.png');
  const notAPhoto = path.join(files, 'zaehler.png.txt');
  fs.writeFileSync(photo, PNG);
  fs.writeFileSync(notAPhoto, 'Das ist kein Foto.');

  beforeAll(async () => {
    s = await openBrowserSession({ width: 390, height: 844 });
  });
  afterAll(async () => {
    await s?.close();
    fs.rmSync(files, { recursive: true, force: true });
  });

  const text = () => s.page.evaluate(() => document.body.innerText);
  /**
   * What the page breaks of WCAG 2.1 AA that a script can see: text below 4.5:1 against its background,
   * an input without a label, an aria-describedby naming no element.
   */
  const accessibilityProblems = () =>
    s.page.evaluate(() => {
      const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
      const lum = ([r, g, b]: number[]) => {
        const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      const background = (el: Element | null): number[] => {
        for (; el; el = el.parentElement) {
          const c = rgb(getComputedStyle(el).backgroundColor);
          if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
        }
        return [255, 255, 255];
      };
      const problems: string[] = [];
      for (const el of Array.from(document.body.querySelectorAll('*'))) {
        const own = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim());
        const box = el.getBoundingClientRect();
        if (!own || box.width === 0 || box.height === 0 || el.closest('[hidden], .sr-only')) continue;
        const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(background(el))];
        const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        if (ratio < 4.5) problems.push(`contrast ${ratio.toFixed(2)}: ${el.tagName} "${el.textContent!.trim().slice(0, 30)}"`);
      }
      for (const input of Array.from(document.querySelectorAll('input, select, textarea'))) {
        if (!document.querySelector(`label[for="${input.id}"]`)) problems.push(`no label: ${input.id}`);
        for (const id of (input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean))
          if (!document.getElementById(id)) problems.push(`aria-describedby ${id} of ${input.id} names nothing`);
      }
      return problems;
    });
  const focusedId = () => s.page.evaluate(() => document.activeElement?.id ?? '');

  it('signs in by the mailed link and sends a meter reading with a photo', async () => {
    const db = s.system.db;
    const a = await insertAccount(db, { first: 'Lena', last: 'Zählerfreund' });
    const email = `lena.${a.customerNumber.toLowerCase()}@kunde.example`;
    await db('customers').where({ id: a.customerId }).update({ email });
    const billNumber = `R${a.customerNumber.slice(1)}`;
    await postBill(db, a, billNumber, 8_950, '2026-01-15', '2026-02-01');
    const bill = (await db('bills').where({ bill_number: billNumber }).first('id')) as { id: string };
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    await db('documents').insert({
      business_key: `bill:${bill.id}:pdf`,
      contract_id: a.contractId,
      kind: 'bill',
      file_name: `Rechnung-${billNumber}.pdf`,
      content_type: 'application/pdf',
      content: pdf,
      size: pdf.length,
      sha256: createHash('sha256').update(pdf).digest('hex'),
    });

    // Without a session: the sign-in form, in German; an empty address is refused at the field.
    const res = await s.page.goto(`${s.system.httpUrl}/portal`);
    expect(res?.status()).toBe(200);
    expect(await s.page.$eval('html', (h) => h.lang)).toBe('de');
    await s.page.waitForSelector('#f-email');
    expect(await s.page.$eval('label[for=f-email]', (l) => l.textContent)).toBe('Ihre E-Mail-Adresse');
    await s.page.click('form.signin button[type=submit]');
    await s.page.waitForSelector('#err-email:not([hidden])');
    expect(await s.page.$eval('#f-email', (i) => [i.getAttribute('aria-invalid'), i.getAttribute('aria-describedby')])).toEqual([
      'true',
      'hint-email err-email',
    ]);
    expect(await focusedId()).toBe('f-email');
    expect(await accessibilityProblems()).toEqual([]);
    await s.page.type('#f-email', email);
    await s.page.click('form.signin button[type=submit]');
    await s.page.waitForSelector('.notice.done');
    expect(await text()).toMatch(/Anmeldelink unterwegs/);

    // The link from the mail sink.
    const mail = await waitFor(async () => s.system.mailSink!.list().find((m) => m.to.includes(email)), 'the sign-in mail');
    const link = /https?:\/\/\S+\/portal\/sign-in\?token=[\w-]+/.exec(mail.text)![0];
    await s.page.goto(link);
    // The link shows a button; pressing it signs in (a mail scanner opening the link uses nothing).
    await Promise.all([s.page.waitForNavigation(), s.page.click('form.confirm-sign-in button[type=submit]')]);
    await s.page.waitForFunction(() => /Guten Tag, Lena Zählerfreund/.test(document.body.innerText));
    expect(new URL(s.page.url()).pathname).toBe('/portal');
    expect(await text()).toContain(a.customerNumber);
    expect(await accessibilityProblems()).toEqual([]);

    // Own bills with their PDF.
    await s.page.click('a[href="#/rechnungen"]');
    await s.page.waitForSelector(`a[href="/api/portal/bills/${bill.id}/pdf"]`);
    expect(await text()).toMatch(/89,50\s*€/);

    // The meter reading: a file that is not a photo is refused at the field, with the focus on it.
    await s.page.click('a[href="#/anliegen"]');
    await s.page.waitForSelector('a[href="#/anliegen/meter-reading"]');
    await s.page.click('a[href="#/anliegen/meter-reading"]');
    await s.page.waitForSelector('#f-valueKwh');
    expect(await s.page.$eval('h1', (h) => h.textContent)).toBe('Zählerstand melden');
    const today = new Date(s.system.engine!.engine.clock.now()).toISOString().slice(0, 10);
    await s.page.$eval('#f-readingDate', (i, v) => ((i as HTMLInputElement).value = v as string), today);
    await s.page.type('#f-valueKwh', '4711,5');
    const fileInput = (await s.page.$('#f-photoAttachmentId')) as unknown as { uploadFile(p: string): Promise<void> };
    await fileInput.uploadFile(photo);
    await s.page.screenshot({ path: path.join(SHOTS, 'portal.png'), fullPage: true });
    await fileInput.uploadFile(notAPhoto);
    await s.page.click('form.request button[type=submit]');
    await s.page.waitForSelector('#err-photoAttachmentId:not([hidden])');
    expect(await s.page.$eval('#err-photoAttachmentId', (e) => e.textContent)).toMatch(/kein Foto/);
    expect(await focusedId()).toBe('f-photoAttachmentId');
    expect(await s.page.$eval('#f-photoAttachmentId', (i) => i.getAttribute('aria-describedby'))).toBe(
      'hint-photoAttachmentId err-photoAttachmentId',
    );
    expect(await db('attachments').where({ uploaded_by: `portal:${a.customerNumber}` })).toHaveLength(0);
    expect(await accessibilityProblems()).toEqual([]);

    // Then the photo: the case is open, its process runs.
    await fileInput.uploadFile(photo);
    await s.page.click('form.request button[type=submit]');
    await s.page.waitForSelector('.notice.done');
    const done = await text();
    const caseNumber = /SV-\d{8}/.exec(done)![0];
    expect(done).toMatch(/Ihr Anliegen „Zählerstand melden“ ist bei uns eingegangen/);
    expect(await s.page.evaluate(() => document.activeElement?.classList.contains('done'))).toBe(true);
    const row = await db('care_cases').where({ case_number: caseNumber }).first();
    expect(row).toMatchObject({ kind: 'meter-reading', channel: 'portal', requested_by: `portal:${a.customerNumber}` });
    expect(row.request).toMatchObject({ readingDate: today, valueKwh: '4711.5', photoAttachmentId: expect.any(String) });
    const stored = await db('attachments').where({ id: row.request.photoAttachmentId }).first('media_type', 'uploaded_by');
    expect(stored).toEqual({ media_type: 'image/png', uploaded_by: `portal:${a.customerNumber}` });

    // The used link again: a German page that offers a new one.
    const again = await s.page.goto(link);
    expect(again?.status()).toBe(401);
    expect(await text()).toMatch(/schon benutzt[\s\S]*Neuen Anmeldelink anfordern/);

    expect(s.pageErrors).toEqual([]);
    expect(s.cspViolations).toEqual([]);
  });
});

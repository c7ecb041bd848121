/**
 * The phone app "Mobil" in Chromium at a phone's viewport (390×844), under the product's CSP: a credit
 * check shows the traffic light and every bureau; a claim with a photo of the invoice is captured on
 * the Friday before Whit Monday, its first notice is due on Tuesday, and on the engine clock it goes
 * through the reminders to collection. A file that is not an image is refused beside the photo field.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { claimSchedule } from '../../domain/claims';
import { openBrowserSession, SHOTS, signInThroughLoginPage, type BrowserSession } from './session';

jest.setTimeout(180_000);

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('Mobil at phone size', () => {
  let s: BrowserSession;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobile-test-'));
  const photo = path.join(dir, 'rechnung.png');
  const notAnImage = path.join(dir, 'rechnung-als-text.png');

  beforeAll(async () => {
    fs.writeFileSync(photo, PNG);
    fs.writeFileSync(notAnImage, 'Rechnung 4711 über 123,45 EUR – nur Text, kein Foto');
    s = await openBrowserSession({ width: 390, height: 844 }, { dunningHolidayState: 'NW' });
    await pin('2026-05-22');
    await signInThroughLoginPage(s, 'caseworker', 'caseworker', '/mobile');
  });
  afterAll(async () => {
    await s?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function pin(day: string) {
    await s.system.engine!.engine.pinClock(Date.parse(`${day}T10:00:00+02:00`));
  }
  const page = () => s.page;
  async function fill(fieldName: string, value: string) {
    const el = await page().waitForSelector(`[data-field="${fieldName}"]`);
    await el!.click({ count: 3 });
    await el!.type(value);
  }
  const text = () => page().evaluate(() => document.body.innerText);

  it('shows the traffic light and every bureau for a credit check', async () => {
    expect(page().url()).toContain('/mobile');
    expect(await page().$eval('html', (h) => h.lang)).toBe('de');
    // Mobile-first: nothing wider than the phone.
    expect(await page().evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page().select('[data-field="purpose"]', 'claim_review');
    await fill('person.firstName', 'Peter');
    await fill('person.lastName', 'Rot');
    await page().$eval('[data-field="person.birthDate"]', (el) => ((el as HTMLInputElement).value = '1975-03-02'));
    await fill('person.address.street', 'Hauptstraße');
    await fill('person.address.houseNumber', '5');
    await fill('person.address.postalCode', '50667');
    await fill('person.address.city', 'Köln');
    await page().click('button[type=submit]');
    await page().waitForSelector('.m-result[data-status="completed"]', { timeout: 20_000 });
    expect(await page().$eval('.m-light-large', (el) => [el.getAttribute('data-light'), el.getAttribute('aria-label')])).toEqual([
      'red',
      'Ampel: Rot',
    ]);
    const bureaus = await page().$$eval('.m-bureau', (els) => els.map((e) => e.getAttribute('data-bureau')));
    expect(bureaus.sort()).toEqual(['creditreform', 'infoscore', 'schufa']);
    const body = await text();
    expect(body).toContain('Hohes Risiko: nur gegen Vorkasse.');
    expect(body).toMatch(/Score \d+ von 1000/);
    expect(body).toContain('Protokolliert: Forderungsprüfung');
    // The picture for the README: the light and the bureaus, as the phone shows them after the check.
    await page().evaluate(() => {
      const top = document.querySelector('.m-result')!.getBoundingClientRect().top + window.scrollY;
      window.scrollTo(0, top - 120);
    });
    await page().screenshot({ path: path.join(SHOTS, 'mobile.png'), fullPage: false });
  });

  it('refuses a file that is not an image beside the photo field, storing nothing', async () => {
    await page().goto(`${s.system.httpUrl}/mobile#/claim`);
    await page().waitForSelector('[data-field="photo"]');
    const before = Number((await s.system.db('attachments').count('* as n'))[0].n);
    const input = await page().$('input[type=file]');
    await input!.uploadFile(notAnImage);
    await fillClaim('Textdatei');
    await page().click('button[type=submit]');
    await page().waitForSelector('[data-field="photo"][aria-invalid="true"]');
    const error = await page().$eval('[data-field="photo"]', (el) => document.getElementById(`${el.id}-error`)!.textContent);
    expect(error).toBe('Die Datei ist kein Bild. Bitte ein Foto (JPEG, PNG, WebP oder HEIC) wählen.');
    expect(Number((await s.system.db('attachments').count('* as n'))[0].n)).toBe(before);
    expect(await s.system.db('captured_claims').where({ invoice_number: 'RE-Textdatei' }).first()).toBeUndefined();
  });

  async function fillClaim(key: string) {
    await fill('amountCents', '123,45');
    await fill('invoiceNumber', `RE-${key}`);
    await page().$eval('[data-field="dueDate"]', (el) => ((el as HTMLInputElement).value = '2026-05-01'));
    await fill('debtor.name', `${key} Mustermann`);
    await fill('debtor.address.street', 'Lindenallee');
    await fill('debtor.address.houseNumber', '12a');
    await fill('debtor.address.postalCode', '50674');
    await fill('debtor.address.city', 'Köln');
    await fill('debtor.email', `${key.toLowerCase()}@schuldner.example`);
    await fill('debtor.phone', '+49 171 2345678');
  }

  it('captures a claim with a photo on the Friday before Whit Monday; it reaches collection', async () => {
    await page().goto(`${s.system.httpUrl}/mobile#/claim`);
    await page().waitForSelector('[data-field="photo"]');
    const input = await page().$('input[type=file]');
    await input!.uploadFile(photo);
    await page().waitForSelector('.m-preview:not([hidden])');
    // A new photo clears the error of the refused one (same page: only the hash changed).
    expect(await page().$('[data-field="photo"][aria-invalid="true"]')).toBeNull();
    await fillClaim('Praxis');
    await page().screenshot({ path: path.join(SHOTS, 'mobile-claim.png'), fullPage: true });
    await page().click('button[type=submit]');
    await page().waitForSelector('.m-done');
    const done = await text();
    expect(done).toMatch(/Forderung FE-\d{8} erfasst/);
    expect(done).toMatch(/123,45\s€/);
    // Whit Monday (25 May 2026) is a public holiday: the first notice goes out on Tuesday.
    expect(done).toContain('Die erste Mahnung geht am Di., 26.05.2026 hinaus');

    const claim = await s.system.db('captured_claims').where({ invoice_number: 'RE-Praxis' }).first();
    expect(Number(claim.amount_cents)).toBe(12345);
    // The form sends one Idempotency-Key: a capture sent again answers this claim.
    expect(claim.idempotency_key).toMatch(/^[0-9a-f]{32}$/);
    const stored = await s.system.db('attachments').where({ id: claim.photo_attachment_id }).first();
    expect(stored.media_type).toBe('image/png');

    const plan = claimSchedule('2026-05-22', 'NW');
    const steps = [
      ['first_notice', '2026-05-26'],
      ['email_reminder', plan.emailReminderAt.slice(0, 10)],
      ['sms_reminder', plan.smsReminderAt.slice(0, 10)],
      ['handover', plan.handoverAt.slice(0, 10)],
    ] as const;
    for (const [step, day] of steps) {
      await pin(day);
      const deadline = Date.now() + 30_000;
      while (!(await s.system.db('captured_claim_steps').where({ claim_id: claim.id, step }).first())) {
        if (Date.now() > deadline) throw new Error(`step ${step} did not run on ${day}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect((await s.system.db('captured_claim_steps').where({ claim_id: claim.id, step }).first()).done_on).toBeTruthy();
    }

    await page().goto(`${s.system.httpUrl}/mobile#/history`);
    const row = await page().waitForSelector(`[data-claim="${claim.claim_number}"][data-status="collection"]`);
    expect(await row!.evaluate((el) => (el as HTMLElement).innerText)).toContain('Beim Inkasso');
    // The photo as it was taken, from the attachments.
    const photoUrl = await row!.$eval('a', (a) => a.getAttribute('href'));
    expect(photoUrl).toBe(`/api/attachments/${claim.photo_attachment_id}`);
    const fetched = await page().evaluate(async (u) => {
      const r = await fetch(u!);
      return { status: r.status, type: r.headers.get('content-type'), size: (await r.arrayBuffer()).byteLength };
    }, photoUrl);
    expect(fetched).toEqual({ status: 200, type: 'image/png', size: PNG.length });
    expect(await text()).toContain('Peter Rot');
  });

  it('records a payment from the history: no further notice goes out', async () => {
    await page().goto(`${s.system.httpUrl}/mobile#/claim`);
    await page().reload();
    await page().waitForSelector('[data-field="photo"]');
    await (await page().$('input[type=file]'))!.uploadFile(photo);
    await fillClaim('Zahler');
    await page().click('button[type=submit]');
    await page().waitForSelector('.m-done');
    const claim = await s.system.db('captured_claims').where({ invoice_number: 'RE-Zahler' }).first();
    await page().goto(`${s.system.httpUrl}/mobile#/history`);
    const button = await page().waitForSelector(`[data-claim="${claim.claim_number}"] button`);
    expect(await button!.evaluate((b) => b.getAttribute('aria-label'))).toBe(
      `Zahlung für ${claim.claim_number} erhalten: keine weiteren Mahnungen`,
    );
    await button!.click();
    await page().waitForSelector(`[data-claim="${claim.claim_number}"][data-status="paid"]`);
    expect(await s.system.db('captured_claims').where({ id: claim.id }).first()).toMatchObject({ status: 'paid' });
  });

  it('speaks English too, and keeps to the CSP', async () => {
    await page().click('.lang-switch [data-locale="en"]');
    await page().waitForFunction(() => document.documentElement.lang === 'en');
    await page().goto(`${s.system.httpUrl}/mobile#/credit`);
    await page().waitForSelector('[data-field="purpose"]');
    const body = await text();
    expect(body).toContain('Credit check');
    expect(body).toContain('Purpose of the query');
    expect(body).toContain('GDPR Art. 6(1)(f)');
    expect(s.cspViolations).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });
});

/**
 * The payment page in Chromium at phone size, under the product's CSP, opened from the link a
 * dunning mail carries: the claim with fees, interest and a disputed item, a SEPA mandate, an
 * installment plan, a card payment through the provider simulator; expired and forged links refused.
 */
import path from 'node:path';
import { setBlock } from '../../domain/dunning/blocks';
import { todayInGermany } from '../../domain/orders';
import { insertAccount, postBill } from '../../domain/payments/testing';
import { postCharge } from '../../domain/payments/provider-payments-testing';
import { addDays } from '../../domain/shared/dates';
import { createPaymentLinks } from '../../server/payment-page/links';
import { openBrowserSession, SHOTS, type BrowserSession } from './session';

jest.setTimeout(120_000);

const DAY = 24 * 3600 * 1000;

describe('payment page in the browser', () => {
  let s: BrowserSession;
  beforeAll(async () => {
    s = await openBrowserSession({ width: 390, height: 844 });
  });
  afterAll(async () => {
    await s?.close();
  });

  const today = () => todayInGermany(new Date(s.system.engine!.engine.clock.now()));
  /** An account with an overdue bill, a fee, interest and a disputed bill; the link of its dunning mail. */
  async function dunnedAccount(billCents: number) {
    const db = s.system.db;
    const a = await insertAccount(db, { first: 'Jonas', last: 'Mahnke', method: 'bank_transfer', mandate: false });
    const n = `${Date.now()}`.slice(-8);
    const bill = await postBill(db, a, `R2026${n}1`, billCents, addDays(today(), -50), addDays(today(), -36));
    const disputed = await postBill(db, a, `R2026${n}2`, 4_000, addDays(today(), -40), addDays(today(), -26));
    await postCharge(db, a.contractAccountId, 'fee', 150, addDays(today(), -5));
    await postCharge(db, a.contractAccountId, 'interest', 64, addDays(today(), -5));
    await setBlock(db, {
      contractAccountId: a.contractAccountId,
      lineId: disputed,
      reason: 'Kunde bestreitet den Zählerstand',
      validUntil: addDays(today(), 30),
      createdBy: 'caseworker',
      today: today(),
    });
    const url = await createPaymentLinks(db, s.system.settings).url(s.system.httpUrl, a.contractAccountId);
    return { a, bill, disputed, url };
  }
  const text = () => s.page.evaluate(() => document.body.innerText);

  it('shows the claim, takes a mandate and an installment plan', async () => {
    const { a, url } = await dunnedAccount(24_000);
    const res = await s.page.goto(url);
    expect(res?.status()).toBe(200);
    expect(await s.page.$eval('html', (h) => h.lang)).toBe('de');
    const body = await text();
    expect(body).toContain(a.accountNumber);
    expect(body).toMatch(/Gebühren und Kosten[\s\S]*Mahngebühr[\s\S]*1,50 €/);
    expect(body).toMatch(/Verzugszinsen[\s\S]*0,64 €/);
    expect(body).toMatch(/40,00 €\s*in Klärung – wird nicht gefordert/);
    // 240.00 + 1.50 + 0.64; the disputed 40.00 is not demanded.
    expect(await s.page.$eval('#sum-total td', (td) => td.textContent)).toBe('242,14 €');
    expect(await s.page.$eval('#transfer-reference', (d) => d.textContent)).toBe(`Vertragskonto ${a.accountNumber}`);
    expect(await s.page.$eval('figure.girocode img', (img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    // Keyboard: the first Tab reaches the skip link, which leads to the content.
    await s.page.keyboard.press('Tab');
    expect(await s.page.evaluate(() => document.activeElement?.textContent)).toBe('Zum Inhalt');
    await s.page.screenshot({ path: path.join(SHOTS, 'payment-page.png'), fullPage: true });

    // Mandate: nothing entered → German errors at the inputs; a wrong IBAN → the server's error; then granted.
    await s.page.click('#mandate-form button[type=submit]');
    await s.page.waitForSelector('#err-iban:not([hidden])');
    expect(await s.page.$eval('#err-accountHolder', (e) => e.textContent)).toBe('Bitte geben Sie den Kontoinhaber an.');
    expect(await s.page.evaluate(() => document.activeElement?.id)).toBe('f-accountHolder');
    await s.page.type('#f-accountHolder', 'Jonas Mahnke');
    await s.page.type('#f-iban', 'DE12 3456 7890 1234 5678 90');
    await s.page.click('#f-mandateConsent');
    await s.page.click('#mandate-form button[type=submit]');
    await s.page.waitForFunction(() => /ungültig/.test(document.getElementById('err-iban')?.textContent ?? ''), { timeout: 10_000 });
    expect(await s.page.$eval('#f-iban', (i) => i.getAttribute('aria-invalid'))).toBe('true');
    await s.page.$eval('#f-iban', (i) => {
      (i as HTMLInputElement).value = '';
    });
    await s.page.type('#f-iban', 'DE02 1203 0000 0000 2020 51');
    await s.page.click('#mandate-form button[type=submit]');
    await s.page.waitForFunction(() => /Lastschriftmandat ist erteilt/.test(document.body.innerText), { timeout: 10_000 });
    const mandate = await s.system.db('sepa_mandates').where({ contract_account_id: a.contractAccountId, status: 'active' }).first();
    expect(mandate).toMatchObject({ iban: 'DE02120300000000202051', account_holder: 'Jonas Mahnke' });

    // Installment plan: 242.14 € allows up to 6 rates (DMN payment-plan-limits).
    const options = await s.page.$$eval('#f-rateCount option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).toEqual(['2', '3', '4', '5', '6']);
    await s.page.select('#f-rateCount', '3');
    await s.page.click('#plan-form button[type=submit]');
    await s.page.waitForFunction(() => /Ratenvereinbarung ist geschlossen/.test(document.body.innerText), { timeout: 10_000 });
    expect(await text()).toMatch(/1\. Rate am/);
    const agreement = await s.system.db('installment_agreements').where({ contract_account_id: a.contractAccountId }).first();
    expect(agreement).toMatchObject({ status: 'active', rate_count: 3 });

    // Reloaded: the plan is in place, nothing is demanded now.
    await s.page.reload();
    expect(await text()).toMatch(/Derzeit ist nichts zu zahlen|bereits eine Ratenvereinbarung/);
    expect(s.cspViolations).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });

  it('pays by card through the provider and returns to a confirmation; the item is cleared', async () => {
    const { bill, disputed, url } = await dunnedAccount(9_000);
    await s.page.goto(url);
    expect(await s.page.$eval('#sum-total td', (td) => td.textContent)).toBe('92,14 €');
    await Promise.all([s.page.waitForNavigation(), s.page.click('#pay-card')]);
    expect(s.page.url()).toContain(s.system.paymentProvider!.url);
    expect(await text()).toContain('92,14 €');
    await s.page.type('#card', '4242 4242 4242 4242');
    await Promise.all([s.page.waitForNavigation(), s.page.click('#pay')]);
    expect(s.page.url()).toContain('/pay/return?');
    expect(await text()).toMatch(/Vielen Dank für Ihre Zahlung[\s\S]*92,14 €/);
    const open = async (lineId: string) =>
      Number(((await s.system.db('open_items').where({ line_id: lineId }).first('open_cents')) as { open_cents: string }).open_cents);
    expect(await open(bill)).toBe(0);
    expect(await open(disputed)).toBe(4_000);
    await Promise.all([s.page.waitForNavigation(), s.page.click('a.button-link')]);
    expect(await text()).toContain('Derzeit ist nichts zu zahlen');
    expect(s.cspViolations).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });

  it('refuses an expired and a forged link with a German page', async () => {
    const { a, url } = await dunnedAccount(5_000);
    const token = new URL(url).searchParams.get('token')!;
    const [body, sig] = token.split('.');
    const forged = await s.page.goto(`${s.system.httpUrl}/pay?token=${body}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`);
    expect(forged?.status()).toBe(403);
    expect(await text()).toMatch(/Der Link ist ungültig/);
    const old = createPaymentLinks(s.system.db, s.system.settings, () => Date.now() - (s.system.settings.paymentLinkTtlDays + 1) * DAY);
    const expired = await s.page.goto(`${s.system.httpUrl}/pay?token=${await old.token(a.contractAccountId)}`);
    expect(expired?.status()).toBe(403);
    expect(await text()).toMatch(/Der Link ist abgelaufen/);
    expect(await text()).not.toContain(a.accountNumber);
    expect(s.cspViolations).toEqual([]);
  });
});

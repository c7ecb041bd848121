/**
 * The customer account screen in a real browser: a case worker finds a customer with five years of
 * history by the IBAN (typed with spaces, lower-case), sees the customer whole (balance, dunning
 * state, contracts with bills and readings, payments, return debits, letters and mails), and changes
 * the bank account: the form is built from the care kind's schema, an empty send shows the errors
 * beside the fields and stores nothing, a filled one opens a case whose process the cockpit link
 * names. The same screen in English; no CSP violation on the way. Screenshot: docs/screenshots/care.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { seedCustomerHistory, type SeededHistory } from '../../domain/care/test-fixtures';
import { openBrowserSession, signInThroughLoginPage, SHOTS, type BrowserSession } from './session';

jest.setTimeout(240_000);

let session: BrowserSession;
let page: Page;
let customer: SeededHistory;
/** The kind the test starts: the bank change (H2's); another kind while that one is not there yet. */
const PREFERRED_KIND = 'bank-change';
const NEW_IBAN = 'DE75 5121 0800 1245 1261 99';

beforeAll(async () => {
  session = await openBrowserSession({ width: 1440, height: 1000 });
  ({ page } = session);
  customer = await seedCustomerHistory(session.system.db, { months: 60, from: '2021-01', firstName: 'Erika', lastName: 'Kundenschön' });
});

afterAll(() => session?.close());

const text = (selector: string) => page.$eval(selector, (el) => (el.textContent ?? '').trim());
const count = (selector: string) => page.$$eval(selector, (els) => els.length);

async function careCasesInDb(): Promise<number> {
  const [{ n }] = (await session.system.db('care_cases').where({ customer_id: customer.customerId }).count({ n: '*' })) as Array<{
    n: string;
  }>;
  return Number(n);
}

/** A value each input of a kind's form accepts, by its name and type. */
async function fillForm(kindForm: string): Promise<void> {
  const inputs = await page.$$eval(`${kindForm} input, ${kindForm} select, ${kindForm} textarea`, (els) =>
    els.map((el) => ({ name: (el as HTMLInputElement).name, type: (el as HTMLInputElement).type, tag: el.tagName.toLowerCase() })),
  );
  const today = new Date().toISOString().slice(0, 10);
  for (const i of inputs) {
    const sel = `${kindForm} [name="${i.name}"]`;
    if (i.tag === 'select') {
      const value = await page.$eval(sel, (s) => Array.from((s as HTMLSelectElement).options).find((o) => o.value)?.value ?? '');
      await page.select(sel, value);
    } else if (i.type === 'checkbox') {
      if (!(await page.$eval(sel, (c) => (c as HTMLInputElement).checked))) await page.click(sel);
    } else if (i.type === 'date') {
      await page.$eval(sel, (d, v) => ((d as HTMLInputElement).value = v as string), today);
    } else if (i.type === 'number') {
      await page.type(sel, '1');
    } else if (i.type !== 'file') {
      const last = i.name.split('.').pop()!;
      const value = /(At|Date|On)$/.test(last)
        ? today
        : /iban/i.test(last)
          ? NEW_IBAN
          : /holder|name/i.test(last)
            ? 'Erika Kundenschön'
            : /postal/i.test(last)
              ? '50667'
              : /house/i.test(last)
                ? '12'
                : /mail/i.test(last)
                  ? 'erika@example.org'
                  : /bic/i.test(last)
                    ? 'DEUTDEFFXXX'
                    : 'Bitte prüfen: Kundenanliegen aus dem Browsertest';
      await page.$eval(sel, (el) => ((el as HTMLInputElement).value = ''));
      await page.type(sel, value);
    }
  }
}

test('a case worker finds a customer by IBAN, sees it whole and changes the bank account', async () => {
  await signInThroughLoginPage(session, 'caseworker', 'caseworker', '/care');
  await page.waitForSelector('[data-testid="care-search"]');
  expect(await text('h1')).toBe('Kundenservice');

  // A name prefix lists the customers with what matched.
  await page.type('[data-testid="care-search"]', 'kundensch');
  await page.click('[data-action="search"]');
  await page.waitForSelector('[data-testid="care-hits"]');
  expect(await text('[data-testid="care-hits"] tbody')).toContain('Kundenschön, Erika');
  expect(await text('[data-testid="care-hits"] tbody')).toContain('Name');
  await page.screenshot({ path: path.join(SHOTS, 'care-search.png') });

  // The IBAN as a customer reads it out: with spaces, any case. A unique hit opens the customer.
  const spoken = customer.iban.toLowerCase();
  await page.$eval('[data-testid="care-search"]', (el) => ((el as HTMLInputElement).value = ''));
  await page.type('[data-testid="care-search"]', spoken);
  await page.click('[data-action="search"]');
  await page.waitForSelector(`[data-testid="customer-head"][data-customer="${customer.customerNumber}"]`);
  expect(await text('.care-name')).toBe('Erika Kundenschön');
  // The last bill (in dunning) and the return debit's bank fee are open.
  expect(await text('[data-testid="balance"]')).toBe('102,00 €');
  expect(await text('[data-testid="dunning-state"]')).toMatch(/Mahnstufe 1/);
  expect(await text('[data-testid="installment-plan"]')).toMatch(/^98,50 € monatlich ab 01\.01\.2021$/);

  // Five years: 60 bills, 12 shown and the rest behind "show all"; readings likewise.
  const bills = `[data-testid="bills-${customer.contractNumber}-first"] tbody tr`;
  expect(await count(bills)).toBe(12);
  await page.click(`[data-action="more-bills-${customer.contractNumber}"]`);
  expect(await count(`[data-testid="bills-${customer.contractNumber}"] tbody tr`)).toBe(60);
  expect(await page.$eval(`[data-testid="bills-${customer.contractNumber}"] a[data-bill]`, (a) => a.getAttribute('href'))).toMatch(
    /^\/api\/bills\/[0-9a-f-]+\/pdf$/,
  );
  expect(await text(`[data-testid="returns-${customer.accountNumber}"] tbody`)).toContain('Rücklastschrift AC04');
  expect(await count(`[data-testid="open-items-${customer.accountNumber}"] tbody tr`)).toBe(2);
  expect(await text(`[data-testid="dunning-cases-${customer.accountNumber}"]`)).toContain('Stufe 1');
  expect(await text('[data-testid="letters"]')).toContain('Mahnung-1.pdf');
  expect(await text('[data-testid="letters"]')).toContain('Mahnung');
  expect(await text('[data-testid="mails"]')).toContain('Zahlungserinnerung');
  expect(await text('[data-testid="mandate-iban"]')).toBe(customer.iban);

  // The requests come from GET /api/care-kinds.
  await page.waitForSelector('[data-testid="care-kinds"] button[data-kind]');
  const kinds = await page.$$eval('[data-testid="care-kinds"] button[data-kind]', (bs) => bs.map((b) => b.getAttribute('data-kind')!));
  const kind = kinds.includes(PREFERRED_KIND) ? PREFERRED_KIND : (kinds.find((k) => k === 'complaint') ?? kinds[0]);
  if (kind !== PREFERRED_KIND) console.warn(`care.test: no ${PREFERRED_KIND} kind yet; the form flow runs with ${kind}`);
  await page.click(`[data-testid="care-kinds"] button[data-kind="${kind}"]`);
  const form = `form.care-form[data-kind="${kind}"]`;
  await page.waitForSelector(form);

  // Sent empty: each missing field says so beside itself, and nothing is stored.
  const before = await careCasesInDb();
  await page.$$eval(`${form} select`, (ss) => ss.forEach((s) => ((s as HTMLSelectElement).value = '')));
  await page.click(`${form} [data-action="send-request"]`);
  await page.waitForSelector(`${form} [aria-invalid="true"]`);
  const invalid = await page.$$eval(`${form} [aria-invalid="true"]`, (els) =>
    els.map((el) => document.getElementById(`${el.id}-error`)?.textContent ?? ''),
  );
  expect(invalid.length).toBeGreaterThan(0);
  expect(invalid.every((m) => m.length > 0)).toBe(true);
  expect(await careCasesInDb()).toBe(before);

  await fillForm(form);
  await page.screenshot({ path: path.join(SHOTS, 'care-form.png'), fullPage: false });
  await page.click(`${form} [data-action="send-request"]`);
  await page.waitForSelector('[data-testid="care-started"] [data-case]');
  const caseNumber = await page.$eval('[data-testid="care-started"] [data-case]', (el) => el.getAttribute('data-case')!);
  expect(caseNumber).toMatch(/^SV-\d{8}$/);
  expect(await careCasesInDb()).toBe(before + 1);
  const stored = (await session.system.db('care_cases').where({ case_number: caseNumber }).first()) as Record<string, unknown>;
  expect(stored).toMatchObject({ kind, channel: 'caseworker', requested_by: 'caseworker' });
  expect(await page.$eval('[data-testid="started-instance"]', (a) => a.getAttribute('href'))).toBe(
    `/cockpit#/instances/${stored.process_instance_key as string}`,
  );
  // The case is listed with the customer's cases.
  await page.waitForSelector(`[data-testid="care-cases"] [data-case-number="${caseNumber}"]`);

  if (kind === PREFERRED_KIND) {
    // The bank change's process replaces the mandate and closes the case; the screen shows the new IBAN.
    const deadline = Date.now() + 60_000;
    while (
      ((await session.system.db('care_cases').where({ case_number: caseNumber }).first('status')) as { status: string }).status !==
      'completed'
    ) {
      if (Date.now() > deadline) throw new Error(`case ${caseNumber} not completed in time`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  // The process instance of the case is one of the customer's processes, linked into the cockpit.
  await page.reload();
  await page.waitForSelector(
    `[data-testid="process-instances"] a[data-instance="${stored.process_instance_key as string}"], [data-action="more-process-instances"]`,
  );
  if (kind === PREFERRED_KIND) {
    expect((await text('[data-testid="mandate-iban"]')).replace(/ /g, '')).toBe(NEW_IBAN.replace(/ /g, ''));
    expect(await text(`[data-testid="care-cases"] tr:has([data-case-number="${caseNumber}"])`)).toContain('erledigt');
  }
  await page.screenshot({ path: path.join(SHOTS, 'care.png'), fullPage: false });
  fs.copyFileSync(path.join(SHOTS, 'care.png'), path.join(__dirname, '..', '..', 'docs', 'screenshots', 'care.png'));
  await page.screenshot({ path: path.join(SHOTS, 'care-full.png'), fullPage: true });

  if (kind === PREFERRED_KIND) {
    // The same IBAN again is refused by the kind's rule (422): the reason beside the IBAN, nothing stored.
    const cases = await careCasesInDb();
    await page.click(`[data-testid="care-kinds"] button[data-kind="${kind}"]`);
    await page.waitForSelector(form);
    await fillForm(form);
    await page.click(`${form} [data-action="send-request"]`);
    await page.waitForSelector(`${form} [name="iban"][aria-invalid="true"]`);
    expect(await text('[data-testid="care-form-alert"]')).toMatch(/^Abgelehnt/);
    expect(await page.$eval(`${form} [data-field="iban"]`, (e) => e.textContent)).toMatch(/bereits/);
    expect(await careCasesInDb()).toBe(cases);
  }

  // The same screen in English.
  await page.click('.lang-switch [data-locale="en"]');
  await page.waitForSelector('[data-testid="customer-head"]');
  await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Customer service');
  expect(await text('[data-testid="balance"]')).toBe('€102.00');
  expect(await text('[data-testid="dunning-state"]')).toMatch(/Level 1/);
  expect(session.cspViolations).toEqual([]);
  expect(session.pageErrors).toEqual([]);
});

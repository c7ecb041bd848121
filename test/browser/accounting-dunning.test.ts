/**
 * Mahnwesen in the accounting screen, in a real browser: an account with a bill overdue for six
 * weeks, a dunning run over it, then as case worker the run in the list, its proposal line with
 * the amount, the account's dunning history, a dunning block refused without a reason (the error
 * beside the field) and set with one; the same in English; no CSP violation on the way.
 */
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { postDocument } from '../../domain/ledger';
import { insertContract } from '../../domain/shared/test-fixtures';
import { openBrowserSession, signInThroughLoginPage, SHOTS, type BrowserSession } from './session';

jest.setTimeout(240_000);

let session: BrowserSession;
let page: Page;
let accountNumber: string;
const runId = 'browser-dunning-1';
/** The worker names the run after the id it was started with. */
const runKey = `dunning-run:${runId}`;

const isoDaysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const germanDate = (iso: string) => iso.split('-').reverse().join('.');
const dueDate = isoDaysAgo(42);

beforeAll(async () => {
  // Champion only, so the run takes the same path every time.
  session = await openBrowserSession({ width: 1440, height: 900 }, { dunningChallengerPercent: 0 });
  ({ page } = session);
  const { db } = session.system;
  const { contractAccountId, contractId } = await insertContract(db);
  accountNumber = ((await db('contract_accounts').where({ id: contractAccountId }).first('account_number')) as { account_number: string })
    .account_number;
  await postDocument(db, {
    businessKey: `browser-dunning-bill:${contractAccountId}`,
    kind: 'bill',
    contractAccountId,
    postingDate: dueDate,
    reference: 'R-BROWSER-1',
    text: 'Jahresabrechnung',
    lines: [
      { glAccount: 'receivable', itemType: 'bill', amountCents: 12_345, contractId, dueDate, text: 'Jahresabrechnung' },
      { glAccount: 'revenue', amountCents: -12_345, text: 'Energielieferung' },
    ],
  });
  await session.system.zbc.createProcessInstanceWithResult({
    bpmnProcessId: 'dunning-run',
    variables: { runId } as never,
    requestTimeout: 120_000,
  });
});

afterAll(() => session?.close());

const text = (selector: string) => page.$eval(selector, (el) => (el.textContent ?? '').trim());

test('a case worker sees the dunning run, its proposal and the account, and sets a dunning block', async () => {
  await signInThroughLoginPage(session, 'caseworker', 'caseworker', '/accounting');
  await page.waitForSelector('.acc-tab[data-tab="dunning"]');
  await page.click('.acc-tab[data-tab="dunning"]');

  // Mahnläufe: the run with one proposed account.
  const run = `[data-testid="dunning-runs"] tr[data-run="${runKey}"]`;
  await page.waitForSelector(run);
  expect(await text('.acc-tab[aria-current="page"]')).toBe('Mahnwesen');
  expect(await page.$$eval('[data-testid="dunning-runs"] th', (ths) => ths.map((th) => th.textContent))).toContain('Vorgeschlagen');

  // Mahnvorschlag: the line of the account with its amount and oldest due date, in German.
  await page.click(`${run} [data-action="show-proposal"]`);
  const line = `[data-testid="proposal-table"] tr[data-account="${accountNumber}"]`;
  await page.waitForSelector(line);
  expect(await text('[data-testid="dunning-proposal"] h2')).toContain(`Mahnvorschlag des Mahnlaufs ${runKey}`);
  const lineText = await text(line);
  expect(lineText).toContain('123,45 €');
  expect(lineText).toContain('Erika Mustermann');
  expect(lineText).toContain('Zahlungsverzug');
  expect(lineText).toContain(germanDate(dueDate));
  expect(await text('[data-testid="proposal-page"]')).toMatch(/^Zeilen 1–\d+$/);
  expect(await page.$eval('[data-action="proposal-previous"]', (b) => (b as HTMLButtonElement).disabled)).toBe(true);

  // The account number in the line opens the account's dunning history with its forms.
  await page.click(`${line} [data-action="look-up-account"]`);
  await page.waitForSelector('form[data-form="set-block"]');
  expect(await page.$eval('#acc-f-accountNumber', (el) => (el as HTMLInputElement).value)).toBe(accountNumber);
  expect(await page.$eval('label[for="acc-f-reason"]', (el) => el.textContent)).toBe('Grund');

  // A block without a reason is refused beside the field; nothing is stored.
  const validUntil = isoDaysAgo(-30);
  await page.$eval('#acc-f-validUntil', (el, v) => ((el as HTMLInputElement).value = v), validUntil);
  await page.click('[data-action="set-block"]');
  await page.waitForFunction(() => !!document.querySelector('.field-error[data-field="reason"]')?.textContent);
  expect(await text('.field-error[data-field="validUntil"]')).toBe('');
  expect(await page.$eval('#acc-f-reason', (el) => el.getAttribute('aria-invalid'))).toBe('true');
  expect(await page.$('[data-testid="dunning-blocks"] tr[data-block]')).toBeNull();

  // With a reason (typed, submitted with the keyboard) the block is set and listed.
  await page.type('#acc-f-reason', 'Kunde bestreitet den Zählerstand');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="dunning-saved"]');
  expect(await text('[data-testid="dunning-saved"]')).toContain(`Mahnsperre bis ${germanDate(validUntil)} gesetzt`);
  const block = await text('[data-testid="dunning-blocks"] tr[data-block]');
  expect(block).toContain('Kunde bestreitet den Zählerstand');
  expect(block).toContain('caseworker');
  const stored = await session.system.db('dunning_blocks').count<{ n: string }[]>({ n: '*' });
  expect(Number(stored[0].n)).toBe(1);
  await page.screenshot({ path: path.join(SHOTS, 'accounting-dunning.png'), fullPage: true });

  // English, after the reload the switch makes.
  await Promise.all([page.waitForNavigation(), page.click('.lang-switch button[data-locale="en"]')]);
  await page.waitForSelector(run);
  expect(await text('.acc-tab[aria-current="page"]')).toBe('Dunning');
  expect(await text('[data-action="start-dunning-run"]')).toBe('Start dunning run');
  await page.click(`${run} [data-action="show-proposal"]`);
  await page.waitForSelector(line);
  expect(await text(line)).toContain('€123.45');
  expect(await text(line)).toContain('Overdue payment');
  await page.screenshot({ path: path.join(SHOTS, 'accounting-dunning-en.png'), fullPage: true });

  // A run started by hand: announced at once, listed once the worker has made its proposal.
  await page.click('[data-action="start-dunning-run"]');
  await page.waitForFunction(() => /Dunning run .+ started/.test(document.querySelector('.alert-info[role="status"]')?.textContent ?? ''));
  const runs = () => page.$$eval('[data-testid="dunning-runs"] tr[data-run]', (rows) => rows.length);
  for (let i = 0; i < 40 && (await runs()) < 2; i++) {
    await new Promise((r) => setTimeout(r, 500));
    await page.click('[data-action="refresh-dunning-runs"]');
  }
  expect(await runs()).toBe(2);

  expect(session.cspViolations).toEqual([]);
  expect(session.pageErrors).toEqual([]);
});

/**
 * The analyst's view of the dunning strategy in the cockpit: champion and challenger side by side
 * with realisation rate, days to payment and cost, in German and English.
 */
import { insertContract } from '../../domain/shared/test-fixtures';
import { openBrowserSession, signInThroughLoginPage, type BrowserSession } from './session';

jest.setTimeout(120_000);

let session: BrowserSession;

beforeAll(async () => {
  session = await openBrowserSession({ width: 1440, height: 900 });
  const { db } = session.system;
  const cases = [
    { variant: 'champion', closed: '2026-01-21', reason: 'paid', letters: 2 },
    { variant: 'champion', closed: '2026-02-20', reason: 'written_off', letters: 3 },
    { variant: 'challenger', closed: '2026-01-15', reason: 'paid', letters: 0 },
  ];
  for (const [i, c] of cases.entries()) {
    const { contractAccountId } = await insertContract(db);
    const [row] = (await db('dunning_cases')
      .insert({
        case_number: `CK-STRAT-${i}`,
        contract_account_id: contractAccountId,
        status: 'closed',
        cause: 'overdue',
        procedure: 'standard',
        variant: c.variant,
        opened_cents: 10000,
        opened_on: '2026-01-11',
        closed_on: c.closed,
        close_reason: c.reason,
      })
      .returning('id')) as Array<{ id: string }>;
    for (let l = 0; l < c.letters; l++)
      await db('dunning_notices').insert({
        business_key: `ck:${row.id}:${l}`,
        case_id: row.id,
        level: l + 1,
        channel: 'letter',
        sent_on: '2026-01-11',
        open_cents: 10000,
      });
  }
});

afterAll(() => session?.close());

test('an analyst compares champion and challenger', async () => {
  const { page } = session;
  await signInThroughLoginPage(session, 'analyst', 'analyst', '/cockpit');
  await page.goto(`${session.system.httpUrl}/cockpit#/strategy`);
  await page.waitForSelector('[data-testid="strategy"] tbody tr');
  const rows = await page.$$eval('[data-testid="strategy"] tbody tr', (trs) =>
    trs.map((tr) => [tr.getAttribute('data-variant'), ...Array.from(tr.querySelectorAll('td')).map((td) => td.textContent?.trim())]),
  );
  // challenger: 1 case paid after 4 days, no letter; champion: 1 of 2 paid after 10 days, 5 letters × 0,76 €.
  expect(rows).toEqual([
    ['challenger', 'standard', 'Challenger', '1', '1', '100 %', '100 %', '4', '0', '0,00 €', '0,00 €', '0,00 €'],
    ['champion', 'standard', 'Champion', '2', '2', '50 %', '50 %', '10', '5', '0,00 €', '3,80 €', '1,90 €'],
  ]);
  expect(await page.$eval('[data-nav="strategy"]', (a) => a.getAttribute('aria-current'))).toBe('page');
  expect(session.pageErrors).toEqual([]);
});
